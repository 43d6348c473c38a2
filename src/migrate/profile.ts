import {compareStrings} from '../core/values.js'
import {namespaceMatches} from '../ack/selector.js'
import {FAILING_OUTCOMES, type Resolution} from '../core/types.js'
import type {Analysis, CarmRole, ResourceCase} from './analyse.js'
import {describeRef, listText, namespaceRef, Notes, resourceRef, selectorRef} from './notes.js'
import type {Strategy} from './types.js'

/** What the generated selectors must give in one namespace: installed group -> CARM role (absent = must not match). */
export interface Profile {
  namespace: string
  roles: Map<string, CarmRole>
}

/** A resource that keeps its role only through a resource label (status-based CARM). */
export interface ResourceNeed {
  resource: ResourceCase['resource']
  carm: CarmRole
}

const who = (r: Pick<Resolution, 'roleARN' | 'accountID'>) =>
  r.roleARN === '' ? `the controller's own credentials (account ${r.accountID || 'unknown'})` : `role ${r.roleARN}`

/**
 * Labels strategy: a namespace is pinned when it already carries the label key and an existing
 * selector selects it through that key; relabelling it would take it away from that selector.
 */
function pinnedNamespaces(analysis: Analysis, strategy: Strategy, labelKey: string): Set<string> {
  const pinned = new Set<string>()
  if (strategy !== 'labels') return pinned
  const selectors = analysis.existing.active.filter((s) => Object.hasOwn(s.spec.namespaceMatchLabels, labelKey))
  for (const [name, ns] of analysis.namespaces) {
    if (!Object.hasOwn(ns.labels, labelKey)) continue
    const by = selectors.filter((s) => namespaceMatches(s.spec, name, ns.labels)).map((s) => s.name)
    if (by.length > 0) pinned.add(name)
  }
  return pinned
}

/**
 * Decides, per namespace and installed group, which role a generated selector must give (only where
 * CARM gives one today, no existing selector matches, and the group's controller is being migrated),
 * and which resources need a resource label to keep a role their namespace does not give.
 */
export function buildProfiles(analysis: Analysis, strategy: Strategy, labelKey: string, notes: Notes): {profiles: Profile[]; needs: ResourceNeed[]} {
  const pinned = pinnedNamespaces(analysis, strategy, labelKey)
  const migrating = new Set(analysis.groups.filter((g) => g.migrating).map((g) => g.group))
  const profiles: Profile[] = []
  for (const [namespace, row] of analysis.cells) {
    const roles = new Map<string, CarmRole>()
    for (const cell of row.values()) {
      if (!migrating.has(cell.group)) continue
      const ns = [namespaceRef(namespace)]
      if (cell.coverage === 'covered') {
        notes.add('info', 'covered-by-existing', `existing IAMRoleSelector ${listText(cell.existing.selectors)} already gives new ${cell.group} resources in Namespace ${namespace} their CARM role ${cell.carm!.roleARN}: nothing generated for them`, [...ns, ...cell.existing.selectors.map(selectorRef)])
      } else if (cell.coverage === 'contested') {
        const today = FAILING_OUTCOMES.has(cell.today.outcome) ? `today: ${cell.today.outcome}` : `today: ${who(cell.today)}`
        notes.add('error', 'existing-selector-changes-role', `existing IAMRoleSelector ${listText(cell.existing.selectors)} would match new ${cell.group} resources in Namespace ${namespace} after the cut-over (${today}); ackctl generates nothing there, so the result is not equivalent: narrow or delete ${cell.existing.selectors.length > 1 ? 'them' : 'it'}, then run migrate-carm again`, [...ns, ...cell.existing.selectors.map(selectorRef)])
      } else if (cell.carm && pinned.has(namespace)) {
        notes.add('error', 'namespace-label-pinned', `Namespace ${namespace} already carries label ${labelKey}=${analysis.namespaces.get(namespace)!.labels[labelKey]}, which an existing IAMRoleSelector selects; ackctl does not relabel it, so new ${cell.group} resources there would lose ${cell.carm.roleARN}: use --strategy names or another --label-key`, ns)
      } else if (cell.carm) roles.set(cell.group, cell.carm)
    }
    if (roles.size > 0) profiles.push({namespace, roles})
  }

  const byNamespace = new Map(profiles.map((p) => [p.namespace, p]))
  const needs: ResourceNeed[] = []
  for (const rc of analysis.resources) {
    if (FAILING_OUTCOMES.has(rc.today.outcome)) continue
    const r = rc.resource
    const ref = [resourceRef(r)]
    const desired = rc.carm?.roleARN ?? rc.today.roleARN
    const planned = byNamespace.get(r.namespace)?.roles.get(r.group)
    const ex = rc.existing.selectors
    if (ex.length > 0 && planned) {
      notes.add('error', 'conflict-with-existing', `${describeRef(ref[0])} would match existing IAMRoleSelector ${listText(ex)} and the generated selector for its namespace: the controller stops with "multiple (${ex.length + 1}) matching IAMRoleSelectors found"; narrow the existing selector`, [...ref, ...ex.map(selectorRef)])
    } else if (ex.length > 1) {
      notes.add('error', 'existing-selectors-conflict', `${describeRef(ref[0])} would match the existing IAMRoleSelectors ${listText(ex)} after the cut-over: the controller stops with "multiple (${ex.length}) matching IAMRoleSelectors found"`, [...ref, ...ex.map(selectorRef)])
    } else if (ex.length === 1) {
      if (rc.existing.roleARN !== desired) {
        notes.add('error', 'existing-selector-changes-role', `${describeRef(ref[0])} would get ${rc.existing.roleARN} from existing IAMRoleSelector ${ex[0]} after the cut-over (today: ${who(rc.today)})`, [...ref, selectorRef(ex[0])])
      }
    } else if (planned) {
      if (planned.roleARN !== desired) {
        notes.add('error', 'resource-role-differs', `${describeRef(ref[0])} uses ${who(rc.today)} today, but the selector for Namespace ${r.namespace} would give it ${planned.roleARN}; selectors cannot exclude one resource`, [...ref, namespaceRef(r.namespace)])
      }
    } else if (rc.carm) {
      needs.push({resource: r, carm: rc.carm})
    }
  }
  needs.sort((a, b) => compareStrings(a.resource.namespace, b.resource.namespace) || compareStrings(a.resource.group, b.resource.group) ||
    compareStrings(a.resource.kind, b.resource.kind) || compareStrings(a.resource.name, b.resource.name))
  return {profiles, needs}
}
