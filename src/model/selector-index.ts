import {labelsMatch, namespaceMatches, typeMatches} from './selector.js'
import type {IamRoleSelectorSpec, Labels} from './types.js'

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
  private readonly byLabel = new Map<string, IndexedSelector[]>()
  private readonly wildcard: IndexedSelector[] = []
  private readonly perNamespace = new Map<string, IndexedSelector[]>()
  private readonly perType = new Map<string, IndexedSelector[]>()

  constructor(selectors: IndexedSelector[]) {
    for (const s of selectors) {
      if (s.spec.namespaceNames.length > 0) {
        for (const n of new Set(s.spec.namespaceNames)) push(this.byName, n, s)
      } else {
        const first = Object.keys(s.spec.namespaceMatchLabels)[0]
        if (first === undefined) this.wildcard.push(s)
        else push(this.byLabel, labelKey(first, s.spec.namespaceMatchLabels[first]), s)
      }
    }
  }

  /** Selectors whose namespace part matches; `nsLabels` undefined = namespace unknown to the cache. */
  forNamespace(namespace: string, nsLabels: Labels | undefined): IndexedSelector[] {
    const cached = this.perNamespace.get(namespace)
    if (cached) return cached
    const candidates = [...(this.byName.get(namespace) ?? []), ...this.wildcard]
    if (nsLabels) for (const k in nsLabels) candidates.push(...(this.byLabel.get(labelKey(k, nsLabels[k])) ?? []))
    const result = candidates.filter((s) => namespaceMatches(s.spec, namespace, nsLabels))
    this.perNamespace.set(namespace, result)
    return result
  }

  /** Every selector matching the resource (AND of namespace, type and resource labels). */
  match(
    namespace: string,
    nsLabels: Labels | undefined,
    gvk: {group: string; version: string; kind: string},
    labels: Labels,
  ): IndexedSelector[] {
    const key = `${namespace}\u0000${gvk.group}\u0000${gvk.version}\u0000${gvk.kind}`
    let typed = this.perType.get(key)
    if (!typed) {
      typed = this.forNamespace(namespace, nsLabels).filter((s) => typeMatches(s.spec, gvk.group, gvk.version, gvk.kind))
      this.perType.set(key, typed)
    }
    return typed.filter((s) => labelsMatch(s.spec.resourceMatchLabels, labels))
  }
}

function labelKey(key: string, value: string): string {
  return `${key}\u0000${value}`
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}
