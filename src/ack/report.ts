import {compareStrings} from '../core/values.js'
import {observe, type ObservedSummary} from './observed.js'
import type {Resolver} from './resolver.js'
import type {ControllerSettings, Finding, Outcome, AckResourceObject, Resolution, RoleSource, Snapshot, SourceLocation, TraceStep} from '../core/types.js'

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
  /** The role behind DEFAULT_CREDENTIALS when known (the EKS capability role). */
  defaultRoleARN?: string
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
  /** What rebuilds each resource's explanation when it is read (traceOf): resolveAll with `explain`. */
  explainer?: Explainer
}

/** The resolver of a report and the resource behind each of its results. */
export interface Explainer {
  resolver: Resolver
  sources: Map<ResourceResult, AckResourceObject>
}

export interface ResolveFilters {
  /** Only this namespace (-n). */
  namespace?: string
  /** Only these kinds (--kind): `Bucket`, `bucket`, `buckets`, or `Bucket.s3.services.k8s.aws`. */
  kinds?: string[]
}

const EMPTY: Readonly<Record<string, string>> = Object.freeze({})

/**
 * The explanation of a resource's resolution: rebuilt for results of `resolveAll` with `explain`
 * (the only way to read theirs; their `trace` field is empty), the result's own steps otherwise.
 */
export function traceOf(report: Pick<ResolveReport, 'explainer'>, result: ResourceResult): TraceStep[] {
  const {explainer} = report
  const source = explainer?.sources.get(result)
  return explainer && source ? explainer.resolver.resolve(source, {trace: true}).trace : result.trace
}

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
 * Resolves every ACK resource and every (namespace, installed kind) pair of the snapshot with one
 * Resolver. The report carries no findings of its own: problems are rules of the one catalog
 * (src/findings), which read the resolutions and the `observed` comparisons returned here.
 */
export function resolveAll(
  snapshot: Snapshot, resolver: Resolver, opts: {explain?: boolean; hidden?: ReadonlySet<string>; matrix?: boolean} = {},
): {report: ResolveReport; observed: Finding[]} {
  const explainer: Explainer | undefined = opts.explain === false ? undefined : {resolver, sources: new Map()}
  const resources: ResourceResult[] = []
  const observed: Finding[] = []
  for (const r of snapshot.resources) {
    const result = resolver.resolve(r, {trace: false}) as ResourceResult
    // The explanation is rebuilt when it is read (traceOf: JSON and YAML output, --explain), one
    // resource at a time, instead of being held for every resource: at 200k resources it was a third
    // of the memory. Resolution is a pure function of the snapshot, so the rebuilt steps are the ones
    // of this result. In a table beside the results, not an accessor on each: an accessor per object
    // puts V8's objects in dictionary mode (2.5 times the memory of the resources, slower to write).
    explainer?.sources.set(result, r)
    result.apiVersion = r.apiVersion
    result.kind = r.kind
    result.namespace = r.namespace
    result.name = r.name
    if (r.location) result.location = r.location
    const seen = observe(r, result)
    result.observed = seen.observed
    for (const f of seen.findings) observed.push(f)
    resources.push(result)
  }

  const kinds = snapshot.kinds
  // One reusable target per kind (the resolver keeps nothing of it): no object per cell.
  const targets = kinds.map((k) => ({group: k.group, version: k.version, kind: k.kind, namespace: '', labels: EMPTY, annotations: EMPTY, status: null, hasReferences: false}))
  // `matrix: false` (lint: no rule and no output of it reads the cells) leaves the rows out.
  const namespaces: NamespaceRow[] = opts.matrix === false ? [] : snapshot.namespaces.map((n) => ({
    name: n.name,
    kinds: kinds.map((k, i) => {
      const target = targets[i]
      target.namespace = n.name
      const r = resolver.resolve(target, {trace: false, cell: true})
      // No conditional spreads: this runs for every namespace x kind.
      const cell: KindCell = {group: k.group, version: k.version, kind: k.kind, outcome: r.outcome, roleARN: r.roleARN, accountID: r.accountID, source: r.source}
      if (r.selector) cell.selector = r.selector
      if (r.error) cell.error = r.error
      if (r.defaultRoleARN) cell.defaultRoleARN = r.defaultRoleARN
      return cell
    }),
  }))

  const controllers: ControllerSummary[] = []
  for (const [alias, ctx] of [...resolver.contexts].sort((a, b) => compareStrings(a[0], b[0]))) {
    if (opts.hidden?.has(alias)) continue
    const {config} = ctx
    controllers.push({serviceAlias: alias, settings: config.settings, carm: config.carmRunning, iamRoleSelector: config.irsRunning, ...(config.startupError ? {startupError: config.startupError} : {})})
  }
  return {report: {resources, namespaces, findings: [], controllers, complete: snapshot.complete, ...(explainer ? {explainer} : {})}, observed}
}

/** Only the namespace (-n) and kinds (--kind) asked for: a view of the report, its findings unchanged. */
export function filterReport(report: ResolveReport, snapshot: Pick<Snapshot, 'kinds'>, filters: ResolveFilters): ResolveReport {
  if (filters.namespace === undefined && (filters.kinds === undefined || filters.kinds.length === 0)) return report
  const kindOk = kindMatcher(filters.kinds)
  const plurals = new Map(snapshot.kinds.map((k) => [`${k.group}/${k.kind}`, k.plural]))
  const nsOk = (ns: string) => filters.namespace === undefined || filters.namespace === ns
  return {
    ...report,
    resources: report.resources.filter((r) => {
      const group = r.apiVersion.slice(0, r.apiVersion.lastIndexOf('/'))
      return nsOk(r.namespace) && kindOk({group, kind: r.kind, plural: plurals.get(`${group}/${r.kind}`)})
    }),
    namespaces: report.namespaces.filter((n) => nsOk(n.name)).map((n) => ({...n, kinds: n.kinds.filter((k) => kindOk({...k, plural: plurals.get(`${k.group}/${k.kind}`)}))})),
  }
}
