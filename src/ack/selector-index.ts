import {labelsMatch, namespaceMatches, typeMatches} from './selector.js'
import type {IamRoleSelectorSpec, Labels} from '../core/types.js'

export interface IndexedSelector {
  name: string
  resourceVersion: string
  spec: IamRoleSelectorSpec
}

/** The selectors of one namespace class and kind, with their resource-label part indexed when worth it. */
interface TypedEntry {
  /** In input order. */
  list: IndexedSelector[]
  /** Their positions in the index's input (to merge two entries' answers in input order). */
  positions: number[]
  /** Some selector of `list` requires resource labels. */
  anyLabels: boolean
  /** Indices in `list` of the selectors without resource labels (set when `byLabel` is). */
  open?: number[]
  /** Indices in `list` of the others, under the least shared of their required labels. */
  byLabel?: LabelBuckets
}

/** The namespaces matched by the same named or labelled selectors share one class. */
interface NamespaceClass {
  /** Positions of those selectors, ascending (the wildcards are not repeated here). */
  specific: number[]
  /** Those selectors and the wildcards, in input order: made on first use. */
  list?: IndexedSelector[]
  /** The specific selectors by kind. */
  perType: Map<string, TypedEntry>
}

/** Label key -> value -> entries (nested, so that no key/value pair can collide with another). */
type LabelBuckets = Map<string, Map<string, number[]>>

/** A typed list this short is filtered directly: indexing its labels would cost more than it saves. */
const SMALL_LIST = 8

/**
 * Finds the selectors matching a resource without testing every selector against every resource
 * (spec §3.4: namespace part AND type part AND resource-label part).
 * - Namespace part: selectors are bucketed by namespace name, or without names by the least shared
 *   of their required namespace labels, or kept as wildcards (no names, no labels: every namespace).
 *   It is evaluated once per namespace; namespaces matched by the same named or labelled selectors
 *   form one class. The wildcards are kept apart from the classes, so that 2,000 wildcard selectors
 *   are listed once, not once per namespace.
 * - Type part: once per (class, kind), and once per kind for the wildcards.
 * - Resource-label part: per resource, and only against the selectors that could match: those
 *   without resource labels, and those filed under one of the resource's own labels (each selector
 *   under the least shared of its required labels). A cluster that routes by resource label (one
 *   selector per team, `resourceLabelSelector: {team: ...}`) then costs a few look-ups per resource
 *   instead of one test per selector.
 * Results keep the input order of the selectors.
 */
export class SelectorIndex {
  private readonly all: IndexedSelector[]
  /** Positions of the selectors with names, under each name. */
  private readonly byName = new Map<string, number[]>()
  /** Positions of the selectors without names but with namespace labels. */
  private readonly byLabel: LabelBuckets = new Map()
  /** Positions of the selectors that match every namespace. */
  private readonly wildcard: number[] = []
  private readonly perNamespace = new Map<string, NamespaceClass>()
  private readonly classes = new Map<string, NamespaceClass>()
  /** The wildcards by kind. */
  private readonly wildcardTyped = new Map<string, TypedEntry>()

  constructor(selectors: IndexedSelector[]) {
    this.all = selectors
    const labelled: number[] = []
    selectors.forEach((s, pos) => {
      if (s.spec.namespaceNames.length > 0) {
        for (const n of new Set(s.spec.namespaceNames)) push(this.byName, n, pos)
      } else if (hasKeys(s.spec.namespaceMatchLabels)) labelled.push(pos)
      else this.wildcard.push(pos)
    })
    fileByRarestLabel(this.byLabel, labelled, (pos) => selectors[pos].spec.namespaceMatchLabels)
  }

  /** Forgets the per-namespace answers (they are worked out again on use). */
  forgetNamespaces(): void {
    this.perNamespace.clear()
    this.classes.clear()
    this.wildcardTyped.clear()
  }

  /**
   * Selectors whose namespace part matches, in input order; `nsLabels` undefined = namespace unknown
   * to the cache. Namespaces matched by the same selectors get the same array: do not change it.
   */
  forNamespace(namespace: string, nsLabels: Labels | undefined): IndexedSelector[] {
    const cls = this.classOf(namespace, nsLabels)
    cls.list ??= mergeSorted(this.wildcard, cls.specific).map((pos) => this.all[pos])
    return cls.list
  }

  private classOf(namespace: string, nsLabels: Labels | undefined): NamespaceClass {
    const cached = this.perNamespace.get(namespace)
    if (cached) return cached
    // Each selector is filed under one name of this namespace's at most, or one label pair: no repeats.
    const specific: number[] = []
    const consider = (positions: number[] | undefined) => {
      if (positions) for (const pos of positions) if (namespaceMatches(this.all[pos].spec, namespace, nsLabels)) specific.push(pos)
    }
    consider(this.byName.get(namespace))
    if (nsLabels) for (const k in nsLabels) consider(this.byLabel.get(k)?.get(nsLabels[k]))
    specific.sort((a, b) => a - b)
    const key = specific.join(',')
    let cls = this.classes.get(key)
    if (!cls) {
      cls = {specific, perType: new Map()}
      this.classes.set(key, cls)
    }
    this.perNamespace.set(namespace, cls)
    return cls
  }

  private readonly keys = new Map<string, Map<string, Map<string, string>>>()

  /**
   * An interned key per (group, version, kind), found through nested maps: no string is built per
   * call, and no two different kinds can share a key (the nesting keeps the parts apart).
   */
  private gvkKey(group: string, version: string, kind: string): string {
    let byVersion = this.keys.get(group)
    if (!byVersion) this.keys.set(group, (byVersion = new Map()))
    let byKind = byVersion.get(version)
    if (!byKind) byVersion.set(version, (byKind = new Map()))
    let key = byKind.get(kind)
    if (key === undefined) byKind.set(kind, (key = JSON.stringify([group, version, kind])))
    return key
  }

  /** Every selector matching the resource (AND of namespace, type and resource labels), in input order. */
  match(
    namespace: string,
    nsLabels: Labels | undefined,
    gvk: {group: string; version: string; kind: string},
    labels: Labels,
  ): IndexedSelector[] {
    const cls = this.classOf(namespace, nsLabels)
    // JSON keeps the parts apart even when a group or kind contains the separator a joined string would use.
    const key = this.gvkKey(gvk.group, gvk.version, gvk.kind)
    let wild = this.wildcardTyped.get(key)
    if (!wild) this.wildcardTyped.set(key, (wild = this.typed(this.wildcard, gvk)))
    let own = cls.perType.get(key)
    if (!own) cls.perType.set(key, (own = this.typed(cls.specific, gvk)))
    const a = matching(wild, labels)
    const b = matching(own, labels)
    if (size(own, b) === 0) return picked(wild, a)
    if (size(wild, a) === 0) return picked(own, b)
    // Both: a resource matched by a wildcard and by a named or labelled selector (a conflict).
    const both: Array<[number, IndexedSelector]> = []
    for (const i of a ?? wild.list.keys()) both.push([wild.positions[i], wild.list[i]])
    for (const i of b ?? own.list.keys()) both.push([own.positions[i], own.list[i]])
    return both.sort((x, y) => x[0] - y[0]).map((x) => x[1])
  }

  /** The entry of the selectors at `positions` whose type part matches. */
  private typed(positions: number[], gvk: {group: string; version: string; kind: string}): TypedEntry {
    const kept = positions.filter((pos) => typeMatches(this.all[pos].spec, gvk.group, gvk.version, gvk.kind))
    return kept.length === 0 ? NONE : typedEntry(kept.map((pos) => this.all[pos]), kept)
  }
}

/**
 * Indices in `entry.list` of the selectors whose resource-label part matches, ascending; `undefined`
 * when all of them do without a test (none requires a label).
 */
function matching(entry: TypedEntry, labels: Labels): number[] | undefined {
  const {list, open, byLabel} = entry
  if (!entry.anyLabels) return undefined
  const hits: number[] = []
  if (!byLabel) {
    for (let i = 0; i < list.length; i++) if (labelsMatch(list[i].spec.resourceMatchLabels, labels)) hits.push(i)
    return hits
  }
  for (const i of open!) hits.push(i)
  for (const k in labels) {
    const filed = byLabel.get(k)?.get(labels[k])
    if (filed) for (const i of filed) if (labelsMatch(list[i].spec.resourceMatchLabels, labels)) hits.push(i)
  }
  if (hits.length > 1) hits.sort((x, y) => x - y)
  return hits
}

const size = (entry: TypedEntry, hits: number[] | undefined) => (hits ? hits.length : entry.list.length)
const picked = (entry: TypedEntry, hits: number[] | undefined) => (hits ? hits.map((i) => entry.list[i]) : entry.list)

/** Most (class, kind) pairs of a large cluster match no selector: they share one entry. */
const NONE: TypedEntry = Object.freeze({list: Object.freeze([]) as unknown as IndexedSelector[], positions: [], anyLabels: false})

function typedEntry(list: IndexedSelector[], positions: number[]): TypedEntry {
  const labelled: number[] = []
  const open: number[] = []
  list.forEach((s, i) => (hasKeys(s.spec.resourceMatchLabels) ? labelled : open).push(i))
  if (labelled.length === 0) return {list, positions, anyLabels: false}
  if (list.length <= SMALL_LIST) return {list, positions, anyLabels: true}
  const byLabel: LabelBuckets = new Map()
  fileByRarestLabel(byLabel, labelled, (i) => list[i].spec.resourceMatchLabels)
  return {list, positions, anyLabels: true, open, byLabel}
}

/**
 * Files each position under one of its required label pairs: the pair the fewest of them require,
 * so that a pair every selector shares (`region: eu`) does not make one bucket of all of them. A
 * selector requires all its pairs, so one that matches is found under any one of them.
 */
function fileByRarestLabel(buckets: LabelBuckets, positions: number[], required: (pos: number) => Labels): void {
  const counts = new Map<string, Map<string, number>>()
  for (const pos of positions) {
    const labels = required(pos)
    for (const k in labels) {
      let byValue = counts.get(k)
      if (!byValue) counts.set(k, (byValue = new Map()))
      byValue.set(labels[k], (byValue.get(labels[k]) ?? 0) + 1)
    }
  }
  for (const pos of positions) {
    const labels = required(pos)
    let bestKey: string | undefined
    let bestCount = Infinity
    for (const k in labels) {
      const n = counts.get(k)!.get(labels[k])!
      if (n < bestCount) {
        bestKey = k
        bestCount = n
      }
    }
    let byValue = buckets.get(bestKey!)
    if (!byValue) buckets.set(bestKey!, (byValue = new Map()))
    push(byValue, labels[bestKey!], pos)
  }
}

function hasKeys(labels: Labels): boolean {
  for (const _ in labels) return true
  return false
}

/** Two ascending lists of distinct positions as one. */
function mergeSorted(a: number[], b: number[]): number[] {
  const out: number[] = []
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) out.push(a[i] < b[j] ? a[i++] : b[j++])
  while (i < a.length) out.push(a[i++])
  while (j < b.length) out.push(b[j++])
  return out
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}
