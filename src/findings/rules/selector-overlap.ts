import {compareStrings} from '../../core/values.js'
import {SelectorIndex, type IndexedSelector} from '../../ack/selector-index.js'
import {typeMatches} from '../../ack/selector.js'
import type {AckKind, IamRoleSelectorObject, Labels} from '../../core/types.js'
import {selectorHit} from './refs.js'
import type {LintContext, LintRule, RuleHit} from '../types.js'

interface Candidate {
  name: string
  /** `undefined` for a namespace that is not in the input (the controller's cache then has no labels). */
  labels: Labels | undefined
}

/**
 * Two valid selectors that would both match some (namespace, installed kind, resource labels),
 * whether or not such a resource exists yet. Namespaces are pruned with the engine's selector index
 * (only selectors whose namespace part matches are looked at), and a set of selectors already seen
 * for one (namespace, kind) is not examined again, so inputs with many namespaces stay cheap.
 */
export const selectorOverlap: LintRule = {
  id: 'selector-overlap',
  severity: 'warning',
  summary: 'Two IAMRoleSelectors would both match some namespace and installed kind: the first such resource will be stuck.',
  description:
    'Even when no resource is affected yet, two selectors whose namespace, resource type and resource label parts ' +
    'can all be satisfied at once make the next resource created there fail with `multiple (2) matching ' +
    'IAMRoleSelectors found`. The finding names one concrete namespace and kind as a witness. Namespaces are the ' +
    'ones in the input, the names the selectors list, and `default`; kinds are the installed ACK kinds (CRDs or ' +
    'resources in the input), or the kinds the selectors name when none is installed.',
  remediation:
    'Narrow one of the selectors so that they cannot both match: disjoint `namespaceSelector.names`, a namespace ' +
    'label only one side has, different `resourceTypeSelector` entries, or a `resourceLabelSelector` with a ' +
    'different value for the same key (e.g. `kro.run/instance-name`).',
  check(ctx) {
    const active = ctx.resolver.active
    if (active.length < 2) return []
    const byName = new Map(active.map((s) => [s.name, s]))
    const index = new SelectorIndex(active.map((s) => ({name: s.name, resourceVersion: s.resourceVersion, spec: s.spec})))
    const kinds = candidateKinds(ctx)
    const seenSets = new Set<string>()
    const pairs = new Map<string, RuleHit>()
    for (const ns of candidateNamespaces(ctx)) {
      const inNamespace = index.forNamespace(ns.name, ns.labels)
      if (inNamespace.length < 2) continue
      for (const kind of kinds) {
        const typed = inNamespace.filter((s) => typeMatches(s.spec, kind.group, kind.version, kind.kind))
        if (typed.length < 2) continue
        typed.sort((a, b) => compareStrings(a.name, b.name))
        const setKey = typed.map((s) => s.name).join('\u0000')
        if (seenSets.has(setKey)) continue
        seenSets.add(setKey)
        for (let i = 0; i < typed.length; i++) {
          for (let j = i + 1; j < typed.length; j++) {
            const pairKey = `${typed[i].name}\u0000${typed[j].name}`
            if (pairs.has(pairKey)) continue
            const labels = mergeLabels(typed[i].spec.resourceMatchLabels, typed[j].spec.resourceMatchLabels)
            if (labels === undefined) continue
            pairs.set(pairKey, hit(byName.get(typed[i].name)!, typed[j], ns.name, kind, labels))
          }
        }
      }
    }
    return [...pairs.keys()].sort(compareStrings).map((k) => pairs.get(k)!)
  },
}

function hit(a: IamRoleSelectorObject, b: IndexedSelector, namespace: string, kind: AckKind, labels: Labels): RuleHit {
  const labelText = Object.keys(labels).sort(compareStrings).map((k) => `${k}=${labels[k]}`).join(',')
  return selectorHit(a,
    `IAMRoleSelectors ${a.name} and ${b.name} would both match a ${kind.kind} (${kind.group}${kind.version ? `/${kind.version}` : ''}) ` +
    `in namespace ${namespace}${labelText ? ` labelled ${labelText}` : ''}: such a resource fails with "multiple (2) matching IAMRoleSelectors found"`)
}

/** Both label sets at once, or `undefined` when a key would need two different values. */
function mergeLabels(a: Labels, b: Labels): Labels | undefined {
  const out: Labels = {...a}
  for (const [k, v] of Object.entries(b)) {
    if (Object.hasOwn(out, k) && out[k] !== v) return undefined
    out[k] = v
  }
  return out
}

/** Input namespaces first (real labels), then names the selectors list and `default` (labels unknown). */
function candidateNamespaces(ctx: LintContext): Candidate[] {
  const known = new Set(ctx.snapshot.namespaces.map((n) => n.name))
  const extra = new Set<string>(['default'])
  for (const s of ctx.resolver.active) for (const n of s.spec.namespaceNames) extra.add(n)
  return [
    ...ctx.snapshot.namespaces.map((n) => ({name: n.name, labels: n.labels})),
    ...[...extra].filter((n) => !known.has(n)).sort(compareStrings).map((name) => ({name, labels: undefined})),
  ]
}

/** Installed kinds; without any, the fully named kinds of the selectors' resource types. */
function candidateKinds(ctx: LintContext): AckKind[] {
  if (ctx.snapshot.kinds.length > 0) return ctx.snapshot.kinds
  const named = new Map<string, AckKind>()
  for (const s of ctx.resolver.active) {
    for (const t of s.spec.resourceTypes) {
      if (t.group !== '' && t.kind !== '') named.set(`${t.group}/${t.version}/${t.kind}`, {group: t.group, version: t.version, kind: t.kind, origin: 'resource'})
    }
  }
  return [...named.values()].sort((a, b) => compareStrings(a.group, b.group) || compareStrings(a.kind, b.kind) || compareStrings(a.version, b.version))
}
