import {ACK_GROUP_SUFFIX} from '../ack/api-group.js'
import {ANNOTATION_OWNER_ACCOUNT_ID, ANNOTATION_TEAM_ID} from '../ack/carm.js'
import {namespaceNameErrors} from '../ack/controller.js'
import {goQuote} from '../core/go.js'
import {compareStrings} from '../core/values.js'
import {Resolver, serviceAliasOf, type ResolveTarget} from '../ack/resolver.js'
import type {AckKind, AckResourceObject, ControllerSettings, NamespaceObject, Resolution, Snapshot} from '../core/types.js'

export {ACK_GROUP_SUFFIX}

/** An installed ACK API group and whether its controller takes part in the cut-over. */
export interface GroupInfo {
  group: string
  alias: string
  /** Installed kinds (empty when only a controller Deployment says the group exists). */
  kinds: AckKind[]
  /** False when the controller already runs with IAMRoleSelector: generated selectors must not touch its kinds. */
  migrating: boolean
}

/** The CARM map entry a role came from. */
export interface MapEntry {
  map: string
  namespace: string
  key: string
  /** The id CARM looked up (the key without its `<service>.` prefix). */
  id: string
}

export const describeEntry = (e: MapEntry): string => `ConfigMap ${e.namespace}/${e.map} key ${goQuote(e.key)}`

export interface CarmRole {
  roleARN: string
  entry: MapEntry
}

/** What existing IAMRoleSelectors would do after the cut-over (target settings, no generated selectors). */
export interface ExistingMatch {
  /** Names of the existing selectors that match (one or several kinds). */
  selectors: string[]
  /** Kinds matched by exactly one existing selector with the role CARM gives today. */
  correct: number
  /** Kinds probed. */
  probed: number
}

/** A new, unlabelled resource of one group in one namespace: today, and what existing selectors do later. */
export interface Cell {
  namespace: string
  group: string
  today: Resolution
  carm?: CarmRole
  existing: ExistingMatch
  /** free: no existing selector matches; covered: existing selectors already give the CARM role; contested: anything else. */
  coverage: 'free' | 'covered' | 'contested'
  /** Region and endpoint under the target settings (namespace annotations CARM ignored may start to apply). */
  after: {outcome: Resolution['outcome']; region: string; endpoint: string}
}

export interface ResourceCase {
  resource: AckResourceObject
  today: Resolution
  carm?: CarmRole
  /** Existing selectors that match this resource after the cut-over, and the role they give (one match). */
  existing: {selectors: string[]; roleARN?: string}
}

export interface Analysis {
  groups: GroupInfo[]
  /** Namespaces of the input with valid names, by name (the last object wins, like the controller's cache). */
  namespaces: Map<string, NamespaceObject>
  invalidNamespaces: string[]
  cells: Map<string, Map<string, Cell>>
  resources: ResourceCase[]
  /** The installed set is known when every group has a CustomResourceDefinition in the input. */
  installedKnown: boolean
  before: Resolver
  existing: Resolver
}

/** A new resource with no labels, annotations or status: what the namespace matrix resolves. */
export function probe(namespace: string, k: {group: string; version: string; kind: string}): ResolveTarget {
  return {group: k.group, version: k.version, kind: k.kind, namespace, labels: {}, annotations: {}, status: null, hasReferences: false}
}

/** The trace steps that can say CARM ignores a namespace's annotations: what ignoredAnnotations reads. */
const IGNORED_ANNOTATION_STEPS: ReadonlySet<string> = new Set(['namespace', 'carm-team'])

const nonEmpty = (v: string | undefined) => (v === undefined || v === '' ? undefined : v)

/**
 * The map entry behind a CARM role, from the engine's answer (source) and the id it looked up:
 * the team-id annotation for the team map, else the owner-account-id annotation when the namespace
 * is visible to CARM, else the resource's recorded owner account.
 */
function carmRole(r: Resolution, alias: string, ns: NamespaceObject | undefined, statusAccount: string | undefined, annotationUsed: boolean, resolver: Resolver): CarmRole | undefined {
  if (r.outcome !== 'ASSUME_ROLE' || !r.source.startsWith('carm-')) return undefined
  const ctx = resolver.context(alias)
  const team = r.source.startsWith('carm-team')
  const map = team ? ctx.teamMap : ctx.accountMap
  const id = team ? ns?.annotations[ANNOTATION_TEAM_ID] ?? '' : (annotationUsed ? nonEmpty(ns?.annotations[ANNOTATION_OWNER_ACCOUNT_ID]) : undefined) ?? statusAccount ?? ''
  const key = r.source.endsWith('-service') ? `${alias}.${id}` : id
  return {roleARN: r.roleARN, entry: {map: map.name, namespace: map.configMap?.namespace ?? ctx.config.settings.ackSystemNamespace, key, id}}
}

function installedGroups(snapshot: Snapshot, before: Resolver): GroupInfo[] {
  const kinds = new Map<string, AckKind[]>()
  for (const k of snapshot.kinds) kinds.set(k.group, [...(kinds.get(k.group) ?? []), k])
  for (const c of snapshot.controllers) {
    const group = `${c.serviceAlias}${ACK_GROUP_SUFFIX}`
    if (!kinds.has(group)) kinds.set(group, [])
  }
  return [...kinds.keys()].sort(compareStrings).map((group) => {
    const alias = serviceAliasOf(group)
    return {group, alias, kinds: kinds.get(group)!, migrating: !before.context(alias).config.irsRunning}
  })
}

/** A key part that no other text can run into: its length, then the text (`-` for none). */
const part = (text: string | undefined) => (text === undefined ? '-' : `${text.length}:${text}`)

/**
 * One object for equal parts of the namespace x group cells, which are read and never changed: most
 * cells of a large cluster are alike (no CARM, no selector; the groups of one namespace the same
 * trace), and 400,000 separate copies of the same answer held a few hundred megabytes. A resolution
 * is shared only when it has no more than its plain fields, selector and trace (no error; cells are
 * resolved without the AssumeRole call and conditions, which the migration never reads).
 */
class Shared {
  private readonly values = new Map<string, unknown>()

  private of<T>(key: string, make: () => T): T {
    let value = this.values.get(key) as T | undefined
    if (value === undefined) this.values.set(key, value = make())
    return value
  }

  resolution(r: Resolution): Resolution {
    if (r.error !== undefined || r.errorCode !== undefined || r.conditions !== undefined || r.assumeRole !== undefined ||
      r.conflictingSelectors !== undefined || r.requeueAfterSeconds !== undefined) return r
    let key = `resolution ${part(r.outcome)}${part(r.roleARN)}${part(r.defaultRoleARN)}${part(r.accountID)}${part(r.source)}${part(r.selector)}${part(r.region)}${part(r.endpoint)}`
    for (const t of r.trace) key += `${part(t.step)}${part(t.detail)}`
    return this.of(key, () => r)
  }

  after(r: Resolution): Cell['after'] {
    return this.of(`after ${part(r.outcome)}${part(r.region)}${part(r.endpoint)}`, () => ({outcome: r.outcome, region: r.region, endpoint: r.endpoint}))
  }

  match(selectors: string[], correct: number, probed: number): ExistingMatch {
    if (selectors.length > 0) return {selectors, correct, probed}
    return this.of(`match ${correct} ${probed}`, () => ({selectors: [], correct, probed}))
  }
}

/**
 * Runs the engine over every (namespace, installed group) and every resource under today's settings,
 * and under the target settings with only the existing selectors, to learn what CARM gives today and
 * what the existing selectors would already do after the cut-over.
 */
export function analyse(snapshot: Snapshot, current: ControllerSettings[], target: ControllerSettings[]): Analysis {
  const before = new Resolver(snapshot, current)
  const existing = new Resolver(snapshot, target)
  const groups = installedGroups(snapshot, before)
  const namespaces = new Map<string, NamespaceObject>()
  const invalid = new Set<string>()
  for (const ns of snapshot.namespaces) {
    if (namespaceNameErrors(ns.name).length > 0) invalid.add(ns.name)
    else namespaces.set(ns.name, ns)
  }

  const cells = new Map<string, Map<string, Cell>>()
  const shared = new Shared()
  for (const [name, ns] of [...namespaces].sort((a, b) => compareStrings(a[0], b[0]))) {
    const row = new Map<string, Cell>()
    // The trace (which says why CARM ignores an annotation) is only read for annotated namespaces.
    const trace = [ANNOTATION_OWNER_ACCOUNT_ID, ANNOTATION_TEAM_ID].some((k) => nonEmpty(ns.annotations[k]) !== undefined)
    for (const g of groups) {
      const kinds = g.kinds.length > 0 ? g.kinds : [{group: g.group, version: '', kind: ''}]
      const resolved = before.resolve(probe(name, kinds[0]), {trace, cell: true})
      // Of the trace, only the steps that say CARM ignores an annotation are read (exceptions.ts); the
      // rest, a few hundred bytes per cell, would be held for every namespace x group of a large cluster.
      if (trace) resolved.trace = resolved.trace.filter((t) => IGNORED_ANNOTATION_STEPS.has(t.step))
      const today = shared.resolution(resolved)
      const carm = carmRole(today, g.alias, ns, undefined, true, before)
      let selectors: string[] = []
      let correct = 0
      let after: Cell['after'] | undefined
      for (const [i, k] of kinds.entries()) {
        const e = existing.resolve(probe(name, k), {trace: false, cell: true})
        if (i === 0) after = shared.after(e)
        if (e.conflictingSelectors) selectors.push(...e.conflictingSelectors)
        else if (e.source === 'iamroleselector' && e.selector !== undefined) {
          selectors.push(e.selector)
          if (carm && e.roleARN === carm.roleARN) correct++
        }
      }
      if (selectors.length > 1) selectors = [...new Set(selectors)].sort(compareStrings)
      const match = shared.match(selectors, correct, kinds.length)
      const coverage = match.selectors.length === 0 ? 'free' : match.correct === kinds.length ? 'covered' : 'contested'
      // Field by field: a large cluster has a cell per namespace and group.
      const cell: Cell = {namespace: name, group: g.group, today, existing: match, coverage, after: after!}
      if (carm) cell.carm = carm
      row.set(g.group, cell)
    }
    cells.set(name, row)
  }

  const migrating = new Set(groups.filter((g) => g.migrating).map((g) => g.group))
  const resources: ResourceCase[] = []
  for (const r of snapshot.resources) {
    if (!migrating.has(r.group)) continue
    // Without the AssumeRole call and conditions (`cell`), which the migration never reads.
    const today = before.resolve(r, {trace: false, cell: true})
    const cell = cells.get(r.namespace)?.get(r.group)
    const annotationUsed = cell !== undefined && cell.today.source.startsWith('carm-account')
    const carm = carmRole(today, serviceAliasOf(r.group), namespaces.get(r.namespace), r.status?.ownerAccountID, annotationUsed, before)
    const e = existing.resolve(r, {trace: false, cell: true})
    const matched = e.conflictingSelectors ?? (e.source === 'iamroleselector' && e.selector !== undefined ? [e.selector] : [])
    resources.push({resource: r, today, ...(carm ? {carm} : {}), existing: {selectors: matched, ...(matched.length === 1 ? {roleARN: e.roleARN} : {})}})
  }

  // Later steps read the resolvers' controller contexts only, and resolve little: their caches, an
  // entry per namespace and kind, need not stay for the rest of the run.
  before.forgetNamespaces()
  existing.forgetNamespaces()
  const crdGroups = new Set(snapshot.kinds.filter((k) => k.origin === 'crd').map((k) => k.group))
  const installedKnown = groups.length > 0 && groups.every((g) => crdGroups.has(g.group))
  return {groups, namespaces, invalidNamespaces: [...invalid].sort(compareStrings), cells, resources, installedKnown, before, existing}
}
