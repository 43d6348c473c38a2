import {labelsMatch, namespaceMatches, typeMatches} from './selector.js'
import type {IamRoleSelectorSpec, Labels} from '../core/types.js'

export interface IndexedSelector {
  name: string
  resourceVersion: string
  spec: IamRoleSelectorSpec
}

/**
 * Finds the selectors matching a resource without testing every selector against every resource:
 * selectors are bucketed by namespace name (or, without names, by one required namespace label, or
 * as wildcards); the namespace part is evaluated once per namespace and the type part once per
 * (namespace, kind); only the resource-label part runs per resource.
 */
export class SelectorIndex {
  private readonly byName = new Map<string, IndexedSelector[]>()
  /** Label key -> value -> selectors (nested, so that no key/value pair can collide with another). */
  private readonly byLabel = new Map<string, Map<string, IndexedSelector[]>>()
  private readonly wildcard: IndexedSelector[] = []
  private readonly perNamespace = new Map<string, IndexedSelector[]>()
  private readonly perType = new Map<string, Map<string, {list: IndexedSelector[]; anyLabels: boolean}>>()

  constructor(selectors: IndexedSelector[]) {
    for (const s of selectors) {
      if (s.spec.namespaceNames.length > 0) {
        for (const n of new Set(s.spec.namespaceNames)) push(this.byName, n, s)
      } else {
        const first = Object.keys(s.spec.namespaceMatchLabels)[0]
        if (first === undefined) this.wildcard.push(s)
        else {
          let byValue = this.byLabel.get(first)
          if (!byValue) this.byLabel.set(first, (byValue = new Map()))
          push(byValue, s.spec.namespaceMatchLabels[first], s)
        }
      }
    }
  }

  /** Forgets the per-namespace answers (they are worked out again on use). */
  forgetNamespaces(): void {
    this.perNamespace.clear()
    this.perType.clear()
  }

  /** Selectors whose namespace part matches; `nsLabels` undefined = namespace unknown to the cache. */
  forNamespace(namespace: string, nsLabels: Labels | undefined): IndexedSelector[] {
    const cached = this.perNamespace.get(namespace)
    if (cached) return cached
    const candidates = [...(this.byName.get(namespace) ?? []), ...this.wildcard]
    if (nsLabels) for (const k in nsLabels) candidates.push(...(this.byLabel.get(k)?.get(nsLabels[k]) ?? []))
    const result = candidates.filter((s) => namespaceMatches(s.spec, namespace, nsLabels))
    this.perNamespace.set(namespace, result)
    return result
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

  /** Every selector matching the resource (AND of namespace, type and resource labels). */
  match(
    namespace: string,
    nsLabels: Labels | undefined,
    gvk: {group: string; version: string; kind: string},
    labels: Labels,
  ): IndexedSelector[] {
    let byType = this.perType.get(namespace)
    if (!byType) {
      byType = new Map()
      this.perType.set(namespace, byType)
    }
    // JSON keeps the parts apart even when a group or kind contains the separator a joined string would use.
    const key = this.gvkKey(gvk.group, gvk.version, gvk.kind)
    let typed = byType.get(key)
    if (!typed) {
      const list = this.forNamespace(namespace, nsLabels).filter((s) => typeMatches(s.spec, gvk.group, gvk.version, gvk.kind))
      // Most (namespace, kind) pairs of a large cluster match no selector: they share one entry.
      typed = list.length === 0 ? NONE : {list, anyLabels: list.some((s) => Object.keys(s.spec.resourceMatchLabels).length > 0)}
      byType.set(key, typed)
    }
    return typed.anyLabels ? typed.list.filter((s) => labelsMatch(s.spec.resourceMatchLabels, labels)) : typed.list
  }
}

const NONE: {list: IndexedSelector[]; anyLabels: boolean} = Object.freeze({list: Object.freeze([]) as unknown as IndexedSelector[], anyLabels: false})

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}
