import {compareStrings} from '../core/values.js'
import {observe, type ObservedSummary} from './observed.js'
import {Resolver, serviceAliasOf} from './resolver.js'
import type {ControllerSettings, Finding, Outcome, Resolution, RoleSource, Snapshot, SourceLocation} from '../core/types.js'

export interface ResourceResult extends Resolution {
  apiVersion: string
  kind: string
  namespace: string
  name: string
  location?: SourceLocation
  /** What the resource's status says the controller last did (`state: 'unknown'` when it says nothing). */
  observed?: ObservedSummary
}

/** What a new, unlabelled resource of one kind would get in one namespace. */
export interface KindCell {
  group: string
  version: string
  kind: string
  outcome: Outcome
  roleARN: string
  accountID: string
  source: RoleSource
  selector?: string
  error?: string
}

export interface NamespaceRow {
  name: string
  kinds: KindCell[]
}

export interface ControllerSummary {
  serviceAlias: string
  settings: ControllerSettings
  startupError?: string
  carm: boolean
  iamRoleSelector: boolean
}

export interface ResolveReport {
  resources: ResourceResult[]
  namespaces: NamespaceRow[]
  findings: Finding[]
  controllers: ControllerSummary[]
  complete: boolean
}

export interface ResolveFilters {
  /** Only this namespace (-n). */
  namespace?: string
  /** Only these kinds (--kind): `Bucket`, `bucket`, `buckets`, or `Bucket.s3.services.k8s.aws`. */
  kinds?: string[]
}

const EMPTY: Readonly<Record<string, string>> = Object.freeze({})
const SEVERITY_ORDER: Record<string, number> = {error: 0, warning: 1, info: 2}

/** Kind filter semantics shared by resources and the matrix (kubectl-like, case-insensitive). */
export function kindMatcher(filters: string[] | undefined): (k: {group: string; kind: string; plural?: string}) => boolean {
  if (!filters || filters.length === 0) return () => true
  const wanted = filters.map((f) => f.toLowerCase())
  return (k) => wanted.some((w) => {
    const kind = k.kind.toLowerCase()
    const plural = (k.plural ?? `${kind}s`).toLowerCase()
    return w === kind || w === plural || w === `${kind}.${k.group}` || w === `${plural}.${k.group}`
  })
}

/**
 * Resolves every ACK resource and every (namespace, installed kind) pair of the snapshot, and
 * collects the findings a user must see: selectors the controller drops, controllers that do not start.
 */
export function resolveAll(snapshot: Snapshot, controllers: ControllerSettings[], filters: ResolveFilters = {}, opts: {explain?: boolean} = {}): ResolveReport {
  const resolver = new Resolver(snapshot, controllers)
  const kindOk = kindMatcher(filters.kinds)
  const filterKinds = filters.kinds !== undefined && filters.kinds.length > 0
  const trace = opts.explain !== false
  const nsOk = (ns: string) => filters.namespace === undefined || filters.namespace === ns
  const plurals = new Map(snapshot.kinds.map((k) => [`${k.group}/${k.kind}`, k.plural]))

  const resources: ResourceResult[] = []
  const observedFindings: Finding[] = []
  for (const r of snapshot.resources) {
    if (!nsOk(r.namespace) || (filterKinds && !kindOk({group: r.group, kind: r.kind, plural: plurals.get(`${r.group}/${r.kind}`)}))) continue
    const result = resolver.resolve(r, {trace}) as ResourceResult
    result.apiVersion = r.apiVersion
    result.kind = r.kind
    result.namespace = r.namespace
    result.name = r.name
    if (r.location) result.location = r.location
    const watched = resolver.context(serviceAliasOf(r.group)).config.watchNamespaces
    if (watched.length > 0 && !watched.includes(r.namespace)) {
      const object = {apiVersion: r.apiVersion, kind: r.kind, namespace: r.namespace, name: r.name}
      observedFindings.push({rule: 'resource-not-watched', severity: 'warning', object,
        message: `${r.kind} ${r.namespace}/${r.name}: the ${serviceAliasOf(r.group)} controller watches only ${watched.join(', ')} (--watch-namespace), so it never reconciles this resource; the prediction applies once the namespace is watched`})
    }
    const seen = observe(r, result)
    result.observed = seen.observed
    for (const f of seen.findings) observedFindings.push(f)
    resources.push(result)
  }

  const kinds = snapshot.kinds.filter(kindOk)
  // One reusable target per kind (the resolver keeps nothing of it): no object per cell.
  const targets = kinds.map((k) => ({group: k.group, version: k.version, kind: k.kind, namespace: '', labels: EMPTY, annotations: EMPTY, status: null, hasReferences: false}))
  const namespaces: NamespaceRow[] = snapshot.namespaces.filter((n) => nsOk(n.name)).map((n) => ({
    name: n.name,
    kinds: kinds.map((k, i) => {
      const target = targets[i]
      target.namespace = n.name
      const r = resolver.resolve(target, {trace: false, cell: true})
      // No conditional spreads: this runs for every namespace x kind.
      const cell: KindCell = {group: k.group, version: k.version, kind: k.kind, outcome: r.outcome, roleARN: r.roleARN, accountID: r.accountID, source: r.source}
      if (r.selector) cell.selector = r.selector
      if (r.error) cell.error = r.error
      return cell
    }),
  }))

  const findings: Finding[] = [...snapshot.findings, ...observedFindings]
  for (const d of resolver.dropped) {
    const object = {apiVersion: 'services.k8s.aws/v1alpha1', kind: 'IAMRoleSelector', name: d.selector.name}
    // Findings about an object name the object, not a file position: live and file input then report alike.
    findings.push(d.by === 'controller'
      ? {rule: 'selector-ignored', severity: 'error', message: `IAMRoleSelector ${d.selector.name} is ignored by the controller (it only logs "invalid IAMRoleSelector, not caching"): ${d.error}`, object}
      : {rule: 'selector-rejected', severity: 'error', message: `IAMRoleSelector ${d.selector.name} would be rejected by the API server: ${d.error}`, object})
  }
  const summaries: ControllerSummary[] = []
  for (const [alias, ctx] of [...resolver.contexts].sort((a, b) => compareStrings(a[0], b[0]))) {
    const {config} = ctx
    summaries.push({serviceAlias: alias, settings: config.settings, carm: config.carmRunning, iamRoleSelector: config.irsRunning, ...(config.startupError ? {startupError: config.startupError} : {})})
    for (const map of [ctx.accountMap, ctx.teamMap]) {
      if (!map.configMap || !map.shadowed || map.shadowed.length === 0) continue
      findings.push({
        rule: 'carm-map-ambiguous', severity: 'warning',
        object: {apiVersion: 'v1', kind: 'ConfigMap', namespace: map.configMap.namespace, name: map.name},
        message: `the ${alias} controller could read ${map.name} from ${[map.configMap, ...map.shadowed].map((c) => c.namespace).join(', ')} (ACK_SYSTEM_NAMESPACE is ${config.settings.ackSystemNamespace === '' ? 'empty: any namespace' : config.settings.ackSystemNamespace}); it keeps whichever its informer delivers last, ackctl assumes ${map.configMap.namespace}: keep one`,
      })
    }
    if (config.startupError) {
      findings.push({rule: 'controller-startup-error', severity: 'error', message: `the ${alias} controller will not start: ${config.startupError}`})
    }
  }
  const usedAliases = new Set([...resources.map((r) => serviceAliasOf(r.apiVersion)), ...kinds.map((k) => serviceAliasOf(k.group))])
  return {
    resources,
    namespaces,
    findings: sortFindings(findings),
    controllers: summaries.filter((c) => usedAliases.has(c.serviceAlias) || controllers.some((s) => s.serviceAlias === c.serviceAlias)),
    complete: snapshot.complete,
  }
}

/** Severity, then file and line (document findings), then the object, rule and message: one stable order. */
export function sortFindings(findings: Finding[]): Finding[] {
  const objectKey = (f: Finding) => (f.object ? `${f.object.kind}/${f.object.namespace ?? ''}/${f.object.name}` : '')
  return [...findings].sort((a, b) =>
    (SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]) ||
    compareStrings(a.file ?? '', b.file ?? '') || ((a.line ?? 0) - (b.line ?? 0)) ||
    compareStrings(objectKey(a), objectKey(b)) || compareStrings(a.rule, b.rule) || compareStrings(a.message, b.message))
}
