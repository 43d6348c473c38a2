import {serviceAliasOf} from './api-group.js'
import {parseArn} from './arn.js'
import {
  ACCOUNT_MAP, ANNOTATION_DEFAULT_REGION, ANNOTATION_ENDPOINT_URL, ANNOTATION_OWNER_ACCOUNT_ID, ANNOTATION_REGION,
  ANNOTATION_TEAM_ID, TEAM_MAP, carmMap, getRoleArn, type CarmMap,
} from './carm.js'
import {TAG_API_GROUP, TAG_CAPABILITY_ARN, TAG_NAMESPACE, capabilitySettings} from './capability.js'
import {defaultSettings, validateController, type ControllerConfig} from './controller.js'
import {goQuote} from '../core/go.js'
import {SelectorIndex, type IndexedSelector} from './selector-index.js'
import {validateSelector} from './selector.js'
import {namespaceView, type NamespaceView} from './namespace-view.js'
import type {
  AckResourceObject, ConfigMapObject, ControllerSettings, ErrorCode, IamRoleSelectorObject, Labels, NamespaceObject, Outcome,
  Resolution, RoleSource, Snapshot, TraceStep,
} from '../core/types.js'

/** What the resolver needs to know about a resource (a real one, or a new unlabelled one). */
export type ResolveTarget = Pick<
  AckResourceObject, 'group' | 'version' | 'kind' | 'namespace' | 'labels' | 'annotations' | 'status' | 'hasReferences'
>

/** One controller after start-up, with the CARM caches it would hold. */
export interface ControllerContext {
  config: ControllerConfig
  accountMap: CarmMap
  teamMap: CarmMap
  /** Per-namespace views, filled on first use. */
  namespaceViews: Map<string, NamespaceView>
}

const NO_TRACE: TraceStep[] = Object.freeze([]) as unknown as TraceStep[]

export interface DroppedSelector {
  selector: IamRoleSelectorObject
  /** The controller's validation text, or the API server's admission problems. */
  error: string
  by: 'controller' | 'api-server'
}

type Note = ((step: string, detail: string) => void) | undefined

export const REQUEUE_SECONDS = 15
export const SESSION_NAME_PATTERN = '^aws-go-sdk-[0-9]+$'
/** The capability's session names are not documented (its build is not public). */
export const CAPABILITY_SESSION_NAME_PATTERN = '^.+$'

export {serviceAliasOf}

/**
 * Predicts, for any ACK resource, what its controller does at the top of Reconcile: CARM team map,
 * account map, IAMRoleSelector override, region and account drift, then the credentials it uses.
 * The first failure wins. Ref: runtime pkg/runtime/reconciler.go L283-382 (spec §5).
 */
export class Resolver {
  readonly contexts = new Map<string, ControllerContext>()
  readonly dropped: DroppedSelector[] = []
  readonly active: IamRoleSelectorObject[] = []
  private readonly namespaces = new Map<string, NamespaceObject>()
  private readonly index: SelectorIndex

  private readonly configMaps: ConfigMapObject[]
  private readonly views = new Map<string, Map<string, NamespaceView>>()
  /** The EKS Capability the controllers run as, if any: services nobody gave settings for run as it too. */
  private readonly capability: ControllerSettings['capability']

  constructor(snapshot: Pick<Snapshot, 'namespaces' | 'configMaps' | 'selectors'>, controllers: ControllerSettings[]) {
    this.configMaps = snapshot.configMaps
    this.capability = controllers.find((c) => c.capability)?.capability
    for (const ns of snapshot.namespaces) this.namespaces.set(ns.name, ns)
    for (const settings of controllers) this.contexts.set(settings.serviceAlias, makeContext(settings, snapshot.configMaps, this.views))
    const valid: IndexedSelector[] = []
    for (const selector of snapshot.selectors) {
      if (selector.admission.status === 'rejected') {
        this.dropped.push({selector, error: selector.admission.problems.join('; '), by: 'api-server'})
        continue
      }
      const error = validateSelector(selector.spec)
      if (error) this.dropped.push({selector, error, by: 'controller'})
      else {
        this.active.push(selector)
        valid.push({name: selector.name, resourceVersion: selector.resourceVersion, spec: selector.spec})
      }
    }
    this.index = new SelectorIndex(valid)
  }

  /**
   * Empties the caches filled namespace by namespace (namespace views, the selectors of each namespace
   * and kind): answers stay the same, worked out again on use. For a caller that keeps the resolver
   * (for its contexts) after resolving a whole cluster, whose caches then hold an entry per namespace
   * and kind.
   */
  forgetNamespaces(): void {
    for (const views of this.views.values()) views.clear()
    this.index.forgetNamespaces()
  }

  context(serviceAlias: string): ControllerContext {
    let ctx = this.contexts.get(serviceAlias)
    if (!ctx) {
      // A service nobody gave settings for: the controller's defaults, reading the same ConfigMaps. As in
      // effectiveControllers, its region is unknown rather than missing: no start-up failure is predicted.
      const settings = this.capability ? capabilitySettings(serviceAlias, this.capability) : defaultSettings(serviceAlias)
      settings.origin.region = 'unknown'
      ctx = makeContext(settings, this.configMaps, this.views)
      this.contexts.set(serviceAlias, ctx)
    }
    return ctx
  }

  /**
   * `trace: false` skips building the explanation (the namespace matrix and table output do not show
   * it); `cell: true` also skips the AssumeRole call and the conditions (neither the matrix nor the
   * migration analysis and proof read them).
   */
  resolve(target: ResolveTarget, opts: {trace?: boolean; cell?: boolean} = {}): Resolution {
    const ctx = this.context(serviceAliasOf(target.group))
    const {config} = ctx
    const s = config.settings
    const trace: TraceStep[] = opts.trace === false ? NO_TRACE : []
    // Called as note?.(...): with tracing off, the detail strings are never even built.
    const note = opts.trace === false ? undefined : (step: string, detail: string) => {
      trace.push({step, detail})
    }
    if (config.startupError) {
      note?.('startup', `the ${s.serviceAlias} controller exits at start-up: ${config.startupError}`)
      return stopped(s.accountID, trace, 'STARTUP_ERROR', config.startupError, 'startup-error')
    }
    const view = namespaceView(ctx, target.namespace, this.namespaces.get(target.namespace))
    const {nsObj, carmNs, irsNs, nsRegion, nsEndpoint} = view
    if (view.carmIgnored !== undefined) note?.('namespace', `Namespace ${target.namespace} CARM annotations are ignored: ${view.carmIgnored}`)
    if (config.watchNamespaces.length > 0 && !config.watchNamespaces.includes(target.namespace)) {
      // The manager's cache only holds the watched namespaces (generated cmd/controller/main.go, spec §1
      // --watch-namespace): the reconciler never sees this object, so no role is ever chosen for it.
      const error = `the ${s.serviceAlias} controller watches only ${config.watchNamespaces.join(', ')} (--watch-namespace): it never reconciles resources in namespace ${target.namespace}`
      note?.('watch-namespace', error)
      return stopped(s.accountID, trace, 'NOT_RECONCILED', error, 'not-watched')
    }

    // getOwnerAccountID (reconciler.go L1507-1526)
    let acct: string
    let needLookup: boolean
    const annotated = carmNs?.annotations[ANNOTATION_OWNER_ACCOUNT_ID] ?? ''
    const statusAcct = target.status?.ownerAccountID
    if (annotated !== '') {
      acct = annotated
      needLookup = true
      note?.('owner-account', `Namespace ${target.namespace} annotation ${ANNOTATION_OWNER_ACCOUNT_ID}=${goQuote(annotated)}: the account map decides (never compared with the controller's account)`)
    } else if (statusAcct !== undefined) {
      acct = statusAcct
      // With the controller's account unknown (no --account-id, no IRSA annotation) ackctl assumes a match.
      needLookup = s.accountID !== '' && statusAcct !== s.accountID
      const why = s.accountID === '' ? 'the controller\'s account is unknown (pass --account-id): assumed to be its own, no lookup'
        : needLookup ? `differs from the controller's account ${goQuote(s.accountID)}: the account map decides when CARM is on` : 'is the controller\'s account: no lookup'
      note?.('owner-account', `status.ackResourceMetadata.ownerAccountID=${goQuote(statusAcct)} ${why}`)
    } else {
      acct = s.accountID
      needLookup = false
      note?.('owner-account', `no owner account annotation or status: the controller's own account ${goQuote(s.accountID)}`)
    }

    let roleARN = ''
    let source: RoleSource = 'none'
    const team = carmNs?.annotations[ANNOTATION_TEAM_ID] ?? ''
    const serviceLevel = config.gates.ServiceLevelCARM
    const carmBranch = team !== '' && config.gates.TeamLevelCARM ? 'team' : needLookup && config.enableCARM ? 'account' : undefined
    if (carmBranch) {
      const map = carmBranch === 'team' ? ctx.teamMap : ctx.accountMap
      const id = carmBranch === 'team' ? team : acct
      const lookup = getRoleArn(map, id, serviceLevel, s.serviceAlias)
      if (!lookup.ok) {
        note?.(`carm-${carmBranch}`, `${describeMap(map, s.ackSystemNamespace)}: ${lookup.error}`)
        const requeued = stopped(acct, trace, 'REQUEUE_IAM_ROLE_UNAVAILABLE', lookup.error, 'role-unavailable', '', `carm-${carmBranch}`)
        requeued.requeueAfterSeconds = REQUEUE_SECONDS
        requeued.conditions = [{type: 'ACK.ResourceSynced', status: 'False', message: 'IAM Role is not available', reason: lookup.error}]
        return requeued
      }
      const parsed = parseArn(lookup.roleARN)
      if (!parsed.ok) {
        // The account branch names the team map too: a copy/paste bug in reconciler.go L314.
        const error = `parsing role ARN ${goQuote(lookup.roleARN)} from ${goQuote(TEAM_MAP)} configmap: ${parsed.error}`
        note?.(`carm-${carmBranch}`, `${describeMap(map, s.ackSystemNamespace)} key ${goQuote(lookup.key)} is not an ARN: ${error}`)
        return stopped(acct, trace, 'RECONCILE_ERROR', error, 'invalid-role-arn', '', `carm-${carmBranch}${lookup.serviceLevel ? '-service' : ''}` as RoleSource)
      }
      roleARN = lookup.roleARN
      acct = parsed.arn.accountID
      source = `carm-${carmBranch}${lookup.serviceLevel ? '-service' : ''}` as RoleSource
      note?.(`carm-${carmBranch}`, `${describeMap(map, s.ackSystemNamespace)} key ${goQuote(lookup.key)} -> ${roleARN} (account ${goQuote(acct)} taken from the ARN)`)
    } else if (team !== '') {
      note?.('carm-team', `team-id ${goQuote(team)} ignored: feature gate TeamLevelCARM is off`)
    } else if (needLookup) {
      note?.('carm-account', '--enable-carm=false: no CARM lookup; the controller\'s own credentials are used while the account stays as recorded')
    }

    let selector: IndexedSelector | undefined
    if (config.irsRunning) {
      const matches = this.index.match(target.namespace, irsNs?.labels, target, target.labels)
      if (matches.length > 1) {
        const names = matches.map((m) => m.name).sort()
        const error = `multiple (${matches.length}) matching IAMRoleSelectors found`
        note?.('iamroleselector', `${matches.length} IAMRoleSelectors match (${names.join(', ')}): ${error}`)
        // The rule that failed is the selector match (the table's VIA names the selectors too).
        const conflict = stopped(acct, trace, 'RECONCILE_ERROR', error, 'selector-conflict', roleARN, 'iamroleselector')
        conflict.conflictingSelectors = names
        return conflict
      }
      if (matches.length === 1) {
        selector = matches[0]
        roleARN = selector.spec.arn
        const parsed = parseArn(roleARN)
        acct = parsed.ok ? parsed.arn.accountID : acct
        source = 'iamroleselector'
        note?.('iamroleselector', `IAMRoleSelector ${selector.name} matches -> ${roleARN} (account ${goQuote(acct)})`)
      } else {
        note?.('iamroleselector', `no IAMRoleSelector matches ${target.group}/${target.version} ${target.kind} in namespace ${target.namespace}${nsObj ? '' : ' (namespace not in the input: no labels)'}`)
      }
    }

    const region = this.region(target, nsRegion, s.region, note, s.region === '' && s.origin.region === 'unknown' ? `pass --aws-region${s.capability ? ' or --eks-capability-arn' : ''}` : undefined)
    const endpoint = nsEndpoint ?? s.endpointURL
    if (endpoint !== '') note?.('endpoint', `${nsEndpoint ? `Namespace ${target.namespace} annotation ${ANNOTATION_ENDPOINT_URL}` : '--aws-endpoint-url'}: ${endpoint} (used for STS too)`)
    // Built once and completed in place: this runs for every resource and every matrix cell.
    const common: Resolution = {roleARN, accountID: acct, source, region, endpoint, trace, outcome: 'DEFAULT_CREDENTIALS'}
    if (selector) common.selector = selector.name

    const statusRegion = target.status?.region
    if (statusRegion !== undefined) {
      const hasAnnotation = Object.hasOwn(target.annotations, ANNOTATION_REGION)
      const desired = hasAnnotation ? target.annotations[ANNOTATION_REGION] : nsRegion ?? s.region
      // No Deployment (or an EKS Capability without its ARN) says which region the controller runs in:
      // the drift check (spec §4.3) compares with a value ackctl does not know, so it predicts none.
      const regionUnknown = !hasAnnotation && nsRegion === undefined && s.region === '' && s.origin.region === 'unknown'
      if (regionUnknown) note?.('region-drift', `recorded region ${statusRegion}; the controller's own region is unknown (pass --aws-region${s.capability ? ' or --eks-capability-arn' : ''}): not checked`)
      else if (desired !== statusRegion) {
        const error = `Resource already exists in region ${statusRegion}, but the desired state specifies region ${hasAnnotation ? desired : ''}. `
        note?.('region-drift', `recorded region ${statusRegion} differs from the desired ${desired}`)
        common.outcome = 'DRIFT_ERROR'
        common.error = error
        common.errorCode = 'region-drift'
        return common
      }
    }
    if (statusAcct !== undefined && statusAcct !== acct) {
      const error = `Resource already exists in account ${statusAcct}, but the role used for reconciliation is in account ${acct}. `
      note?.('account-drift', `recorded account ${statusAcct} differs from the role's account ${acct}`)
      common.outcome = 'DRIFT_ERROR'
      common.error = error
      common.errorCode = 'account-drift'
      return common
    }

    if (roleARN === '') {
      if (s.capability) {
        // The capability's default credentials are its role (EKS User Guide, ack-permissions: "Otherwise, use the Capability Role").
        common.defaultRoleARN = s.capability.roleARN
        note?.('credentials', `the EKS capability role ${s.capability.roleARN} (the capability's default credentials)`)
      } else note?.('credentials', 'the controller\'s own (default) credentials')
      return common
    }
    note?.('credentials', `sts:AssumeRole ${roleARN} in region ${region}${endpoint ? ` via ${endpoint}` : ''}, 900 s, no ExternalId`)
    const resolution = common
    resolution.outcome = 'ASSUME_ROLE'
    if (opts.cell) return resolution
    resolution.assumeRole = {roleArn: roleARN, roleSessionNamePattern: SESSION_NAME_PATTERN, durationSeconds: 900, externalId: null, stsRegion: region, stsEndpoint: endpoint === '' ? null : endpoint}
    if (s.capability) {
      // The capability tags every session (EKS User Guide, ack-permissions "Session tags"): the target's
      // trust must allow sts:TagSession too. Its session names are not documented.
      resolution.assumeRole.roleSessionNamePattern = CAPABILITY_SESSION_NAME_PATTERN
      resolution.assumeRole.sessionTags = {
        ...(s.capability.capabilityARN ? {[TAG_CAPABILITY_ARN]: s.capability.capabilityARN} : {}),
        [TAG_API_GROUP]: target.group,
        [TAG_NAMESPACE]: target.namespace,
      }
      note?.('session-tags', `the EKS capability assumes it as ${s.capability.roleARN} with session tags ${TAG_NAMESPACE}=${target.namespace}, ${TAG_API_GROUP}=${target.group}${s.capability.capabilityARN ? `, ${TAG_CAPABILITY_ARN}=${s.capability.capabilityARN}` : ''}: its trust policy must allow sts:AssumeRole and sts:TagSession`)
    }
    if (selector) {
      // The runtime swaps message and reason, and overwrites ACK.ReferencesResolved when present.
      const type = target.hasReferences ? 'ACK.ReferencesResolved' : 'ACK.IAMRoleSelected'
      resolution.conditions = [{
        type, status: 'True', message: 'Selected',
        reason: `roleARN: ${roleARN}, selectorName: ${selector.name}, selectorResourceVersion: ${selector.resourceVersion}`,
      }]
    }
    return resolution
  }

  /** `unknown`: what to do when nothing in the input says the controller's region (no Deployment, or one that sets it at run time). */
  private region(target: ResolveTarget, nsRegion: string | undefined, flagRegion: string, note: Note, unknown?: string): string {
    const statusRegion = target.status?.region
    if (statusRegion !== undefined) {
      note?.('region', `status.ackResourceMetadata.region: ${statusRegion}`)
      return statusRegion
    }
    if (Object.hasOwn(target.annotations, ANNOTATION_REGION)) {
      note?.('region', `annotation ${ANNOTATION_REGION}: ${goQuote(target.annotations[ANNOTATION_REGION])}`)
      return target.annotations[ANNOTATION_REGION]
    }
    if (nsRegion !== undefined) {
      note?.('region', `Namespace ${target.namespace} annotation ${ANNOTATION_DEFAULT_REGION}: ${nsRegion}`)
      return nsRegion
    }
    note?.('region', unknown ? `--aws-region: unknown to ackctl (${unknown})` : `--aws-region: ${flagRegion}`)
    return flagRegion
  }
}

/** A string as a self-delimiting key part (its length first); `-` for none, which no string gives. */
const part = (v: string | undefined) => (v === undefined ? '-' : `${v.length}:${v}`)

/**
 * Two targets with the same key get the same resolution, trace included, from one resolver: the key
 * holds every part of a target that `resolve` reads, the labels through the one thing they decide,
 * which selectors match (named by the result: `selector`, or `conflictingSelectors`; none, or not
 * asked). The name is not read. Keep it in step with `resolve` and `region`: a test resolves every
 * scenario's resources in a cluster where each one has a twin that differs elsewhere. Every part is
 * self-delimiting, so that no text in a value can make two different targets' keys equal.
 */
export function resolutionKey(target: ResolveTarget, result: Pick<Resolution, 'selector' | 'conflictingSelectors'>): string {
  const region = Object.hasOwn(target.annotations, ANNOTATION_REGION) ? target.annotations[ANNOTATION_REGION] : undefined
  const conflicting = result.conflictingSelectors
  return `${part(target.group)}${part(target.version)}${part(target.kind)}${part(target.namespace)}${part(region)}${part(target.status?.ownerAccountID)}${
    part(target.status?.region)}${target.hasReferences ? 1 : 0}${part(result.selector)}${conflicting === undefined ? '-' : `${conflicting.length}#${conflicting.map(part).join('')}`}`
}

/**
 * A resolution that stops with an error before region and endpoint are known. One object literal, in
 * the order the JSON shows the fields: spreading a shared head (`{...head, outcome}`) and overriding
 * its fields measured ten times slower, for each of a large cluster's conflicting resources.
 */
function stopped(accountID: string, trace: TraceStep[], outcome: Outcome, error: string, errorCode: ErrorCode, roleARN = '', source: RoleSource = 'none'): Resolution {
  return {roleARN, accountID, source, region: '', endpoint: '', trace, outcome, error, errorCode}
}

/**
 * `views`: the namespace views of this resolver's controllers, by what a view depends on (see
 * namespaceView: whether CARM and the selector cache run, --enable-carm, --watch-namespace).
 * Controllers configured alike, the usual case, share one view per namespace instead of one each.
 */
function makeContext(settings: ControllerSettings, configMaps: ConfigMapObject[], views: Map<string, Map<string, NamespaceView>>): ControllerContext {
  const config = validateController(settings)
  const key = JSON.stringify([config.carmRunning, config.enableCARM, config.irsRunning, config.watchNamespaces])
  let namespaceViews = views.get(key)
  if (!namespaceViews) views.set(key, (namespaceViews = new Map()))
  return {
    config,
    accountMap: carmMap(configMaps, ACCOUNT_MAP, settings.ackSystemNamespace, config.carmRunning),
    teamMap: carmMap(configMaps, TEAM_MAP, settings.ackSystemNamespace, config.carmRunning && config.gates.TeamLevelCARM),
    namespaceViews,
  }
}

function describeMap(map: CarmMap, systemNamespace: string): string {
  if (!map.configMap) return `ConfigMap ${systemNamespace || '<any namespace>'}/${map.name} (not found)`
  const also = map.shadowed?.map((c) => `${c.namespace}/${c.name}`)
  return `ConfigMap ${map.configMap.namespace}/${map.name}` + (also
    ? ` (ambiguous: ${also.join(', ')} also match${also.length === 1 ? 'es' : ''}${systemNamespace === '' ? ' because ACK_SYSTEM_NAMESPACE is empty' : ''}; the controller keeps the one its informer delivers last, assumed to be this one)`
    : '')
}


export type {Labels}
