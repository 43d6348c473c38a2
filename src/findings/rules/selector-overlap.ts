import {compareStrings} from '../../core/values.js'
import {SelectorIndex, type IndexedSelector} from '../../ack/selector-index.js'
import {typeMatches} from '../../ack/selector.js'
import type {AckKind, IamRoleSelectorObject, IamRoleSelectorSpec, Labels} from '../../core/types.js'
import {selectorHit} from './refs.js'
import type {LintContext, LintRule, RuleHit} from '../types.js'

interface Candidate {
  name: string
  /** `undefined` for a namespace that is not in the input (the controller's cache then has no labels). */
  labels: Labels | undefined
}

/**
 * Two valid selectors that would both match some (namespace, installed kind, resource labels),
 * whether or not such a resource exists yet. The witness is the first candidate namespace the two
 * share and the first installed kind both type parts match (namespace, type and label parts are
 * independent). Selectors without a namespace part (every namespace) are paired directly; the
 * others are found namespace by namespace through the engine's selector index, a set of selectors
 * already seen in an earlier namespace being skipped: inputs with many namespaces, or many
 * selectors that route by resource label alone, stay cheap.
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
    const kinds = candidateKinds(ctx)
    const namespaces = candidateNamespaces(ctx)
    const kindSets = active.map((s) => kindSet(s.spec, kinds))
    const pairs = new Map<string, RuleHit>()
    /**
     * The pair's finding, witnessed in `namespace` (the first the two share, when called in namespace
     * order) and their first shared kind. Label and kind parts, which no namespace changes, are
     * tested first and without allocating: most pairs fail there.
     */
    const consider = (i: number, j: number, namespace: string) => {
      if (!compatible(active[i].spec.resourceMatchLabels, active[j].spec.resourceMatchLabels)) return
      const kind = firstShared(kindSets[i], kindSets[j])
      if (kind < 0) return
      const [a, b] = compareStrings(active[i].name, active[j].name) <= 0 ? [active[i], active[j]] : [active[j], active[i]]
      const pairKey = `${a.name}\u0000${b.name}`
      if (pairs.has(pairKey)) return
      pairs.set(pairKey, hit(a, b, namespace, kinds[kind], {...a.spec.resourceMatchLabels, ...b.spec.resourceMatchLabels}))
    }

    // Selectors that match every namespace meet one another in the first candidate namespace...
    const everywhere: number[] = []
    const somewhere: IndexedSelector[] = []
    const positionOf = new Map<IndexedSelector, number>()
    active.forEach((s, i) => {
      if (s.spec.namespaceNames.length === 0 && Object.keys(s.spec.namespaceMatchLabels).length === 0) everywhere.push(i)
      else {
        const entry = {name: s.name, resourceVersion: s.resourceVersion, spec: s.spec}
        somewhere.push(entry)
        positionOf.set(entry, i)
      }
    })
    for (let x = 0; x < everywhere.length; x++) {
      for (let y = x + 1; y < everywhere.length; y++) consider(everywhere[x], everywhere[y], namespaces[0].name)
    }

    // ...and the others namespace by namespace, in order, through the engine's index (only the
    // selectors whose namespace part matches are looked at; a set already seen is skipped): two of
    // them in the first namespace they share, and each of them with every wildcard in the first
    // namespace it matches.
    const index = new SelectorIndex(somewhere)
    const met = new Set<number>()
    // The index gives namespaces matched by the same selectors one shared list.
    const seenSets = new Set<IndexedSelector[]>()
    for (const ns of namespaces) {
      const inNamespace = index.forNamespace(ns.name, ns.labels)
      if (inNamespace.length === 0 || seenSets.has(inNamespace)) continue
      seenSets.add(inNamespace)
      const here = inNamespace.map((s) => positionOf.get(s)!)
      for (let x = 0; x < here.length; x++) {
        for (let y = x + 1; y < here.length; y++) consider(here[x], here[y], ns.name)
        if (met.has(here[x])) continue
        met.add(here[x])
        for (const w of everywhere) consider(w, here[x], ns.name)
      }
    }
    return [...pairs.keys()].sort(compareStrings).map((k) => pairs.get(k)!)
  },
}

/** The candidate kinds a selector's type part matches, as a bit set over their positions. */
function kindSet(spec: IamRoleSelectorSpec, kinds: AckKind[]): Uint32Array {
  const bits = new Uint32Array(Math.ceil(kinds.length / 32))
  kinds.forEach((k, i) => {
    if (typeMatches(spec, k.group, k.version, k.kind)) bits[i >>> 5] |= 1 << (i & 31)
  })
  return bits
}

/** The first position in both sets, or -1. */
function firstShared(a: Uint32Array, b: Uint32Array): number {
  for (let w = 0; w < a.length; w++) {
    const both = a[w] & b[w]
    if (both !== 0) return w * 32 + (31 - Math.clz32(both & -both))
  }
  return -1
}

function hit(a: IamRoleSelectorObject, b: IamRoleSelectorObject, namespace: string, kind: AckKind, labels: Labels): RuleHit {
  const labelText = Object.keys(labels).sort(compareStrings).map((k) => `${k}=${labels[k]}`).join(',')
  return selectorHit(a,
    `IAMRoleSelectors ${a.name} and ${b.name} would both match a ${kind.kind} (${kind.group}${kind.version ? `/${kind.version}` : ''}) ` +
    `in namespace ${namespace}${labelText ? ` labelled ${labelText}` : ''}: such a resource fails with "multiple (2) matching IAMRoleSelectors found"`)
}

/** Both label sets can hold at once: no key needs two different values. */
function compatible(a: Labels, b: Labels): boolean {
  for (const k in b) if (Object.hasOwn(a, k) && a[k] !== b[k]) return false
  return true
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
