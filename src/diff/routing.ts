import type {KindCell, ResolveReport, ResourceResult} from '../ack/report.js'
import {compareStrings} from '../core/values.js'
import {FAILING_OUTCOMES, type Outcome} from '../core/types.js'

/** The kinds of change a reviewer of a pull request needs to see, most dangerous first. */
export const CHANGE_KINDS = ['new-failure', 'fallback', 'account-move', 'role-change', 'failure-changed', 'fixed', 'added', 'removed'] as const
export type ChangeKind = (typeof CHANGE_KINDS)[number]

/** What one side says about a resource or a cell, as the diff compares it. */
export interface Routing {
  outcome: Outcome
  roleARN: string
  accountID: string
  source: string
  selector?: string
  error?: string
  /** DEFAULT_CREDENTIALS of the EKS Capability: its role. */
  defaultRoleARN?: string
}

export interface RoutingChange {
  kind: ChangeKind
  /** `resource`: an ACK resource; `new-resource`: a new, unlabelled resource of a kind in a namespace. */
  subject: 'resource' | 'new-resource'
  namespace: string
  group: string
  resourceKind: string
  name?: string
  before?: Routing
  after?: Routing
}

export interface RoutingDiff {
  changes: RoutingChange[]
  /** Changes per kind. */
  counts: Partial<Record<ChangeKind, number>>
  /** New failures or new fall-backs to the controller's own credentials: exit 1 unless accepted. */
  regressions: number
}

const routing = (r: Pick<ResourceResult | KindCell, 'outcome' | 'roleARN' | 'accountID' | 'source' | 'selector' | 'error' | 'defaultRoleARN'>): Routing => ({
  outcome: r.outcome, roleARN: r.roleARN, accountID: r.accountID, source: r.source,
  ...(r.selector === undefined ? {} : {selector: r.selector}), ...(r.error === undefined ? {} : {error: r.error.trimEnd()}),
  ...(r.defaultRoleARN === undefined ? {} : {defaultRoleARN: r.defaultRoleARN}),
})

const failing = (r: Routing) => FAILING_OUTCOMES.has(r.outcome)

/** How `after` differs from `before`, or undefined when the routing is the same. */
export function classify(before: Routing, after: Routing): ChangeKind | undefined {
  const same = before.outcome === after.outcome && before.roleARN === after.roleARN && before.accountID === after.accountID &&
    before.selector === after.selector && before.source === after.source && (before.error ?? '') === (after.error ?? '') &&
    before.defaultRoleARN === after.defaultRoleARN
  if (same) return undefined
  if (!failing(before) && failing(after)) return 'new-failure'
  if (failing(before) && !failing(after)) return 'fixed'
  if (failing(before) && failing(after)) return 'failure-changed'
  if (after.outcome === 'DEFAULT_CREDENTIALS' && before.outcome !== 'DEFAULT_CREDENTIALS') return 'fallback'
  if (before.accountID !== after.accountID) return 'account-move'
  return 'role-change'
}

const groupOf = (apiVersion: string) => apiVersion.slice(0, apiVersion.lastIndexOf('/'))

/**
 * Compares the routing of two resolutions of the same configuration (a pull request's base and
 * head): every resource and every namespace x kind cell whose outcome, role, account, selector or
 * error changes, grouped by the kind of change. Pure; stable order.
 */
export function diffRouting(base: ResolveReport, head: ResolveReport): RoutingDiff {
  const changes: RoutingChange[] = []
  const key = (ns: string, group: string, kind: string, name = '') => `${ns}\u0000${group}\u0000${kind}\u0000${name}`
  const resources = (r: ResolveReport) => new Map(r.resources.map((x) => [key(x.namespace, groupOf(x.apiVersion), x.kind, x.name), x]))
  const before = resources(base)
  const after = resources(head)
  for (const k of new Set([...before.keys(), ...after.keys()])) {
    const b = before.get(k)
    const a = after.get(k)
    const where = a ?? b!
    const at = {subject: 'resource' as const, namespace: where.namespace, group: groupOf(where.apiVersion), resourceKind: where.kind, name: where.name}
    if (!b) changes.push({kind: 'added', ...at, after: routing(a!)})
    else if (!a) changes.push({kind: 'removed', ...at, before: routing(b)})
    else {
      const kind = classify(routing(b), routing(a))
      if (kind) changes.push({kind, ...at, before: routing(b), after: routing(a)})
    }
  }
  const cells = (r: ResolveReport) => new Map(r.namespaces.flatMap((n) => n.kinds.map((c) => [key(n.name, c.group, c.kind), {ns: n.name, c}] as const)))
  const beforeCells = cells(base)
  const afterCells = cells(head)
  for (const [k, a] of afterCells) {
    const b = beforeCells.get(k)
    if (!b) continue // a namespace or kind that is new: its resources, if any, are listed above
    const kind = classify(routing(b.c), routing(a.c))
    if (kind) changes.push({kind, subject: 'new-resource', namespace: a.ns, group: a.c.group, resourceKind: a.c.kind, before: routing(b.c), after: routing(a.c)})
  }
  const rank = (k: ChangeKind) => CHANGE_KINDS.indexOf(k)
  const subjectRank = (c: RoutingChange) => (c.subject === 'resource' ? 0 : 1)
  changes.sort((x, y) => (rank(x.kind) - rank(y.kind)) || compareStrings(x.namespace, y.namespace) || (subjectRank(x) - subjectRank(y)) ||
    compareStrings(x.group, y.group) || compareStrings(x.resourceKind, y.resourceKind) || compareStrings(x.name ?? '', y.name ?? ''))
  const counts: Partial<Record<ChangeKind, number>> = {}
  for (const c of changes) counts[c.kind] = (counts[c.kind] ?? 0) + 1
  // A new resource that is predicted to fail is a new failure too; one that simply uses the default credentials is not a fall-back.
  const regressions = (counts['new-failure'] ?? 0) + (counts.fallback ?? 0) + changes.filter((c) => c.kind === 'added' && c.after && failing(c.after)).length
  return {changes, counts, regressions}
}
