import {compareStrings} from '../core/values.js'
import {namespaceMatches} from '../ack/selector.js'
import type {IamRoleSelectorSpec, Labels, NamespaceObject, SelectorGvk} from '../core/types.js'

const fieldOk = (a: string, b: string) => a === '' || b === '' || a === b
const gvkOverlap = (a: SelectorGvk, b: SelectorGvk) => fieldOk(a.group, b.group) && fieldOk(a.version, b.version) && fieldOk(a.kind, b.kind)

/** Some resource type can match both (an empty list matches every type). */
export function typesOverlap(a: IamRoleSelectorSpec, b: IamRoleSelectorSpec): boolean {
  if (a.resourceTypes.length === 0 || b.resourceTypes.length === 0) return true
  return a.resourceTypes.some((x) => b.resourceTypes.some((y) => gvkOverlap(x, y)))
}

/** Some label set satisfies both (no key required with two different values). */
export function labelsCompatible(a: Labels, b: Labels): boolean {
  return Object.keys(a).every((k) => !Object.hasOwn(b, k) || a[k] === b[k])
}

/**
 * Where two selectors can match the same resource: the namespaces of the input both select (after the
 * label changes), and whether a namespace not in the input could be selected by both. `undefined` when
 * they can never match the same resource.
 */
export function overlap(a: IamRoleSelectorSpec, b: IamRoleSelectorSpec, namespaces: NamespaceObject[]): {namespaces: string[]; elsewhere: boolean} | undefined {
  if (!typesOverlap(a, b) || !labelsCompatible(a.resourceMatchLabels, b.resourceMatchLabels)) return undefined
  const both = namespaces.filter((n) => namespaceMatches(a, n.name, n.labels) && namespaceMatches(b, n.name, n.labels)).map((n) => n.name)
  const known = new Set(namespaces.map((n) => n.name))
  const listed = a.namespaceNames.length > 0 && b.namespaceNames.length > 0 ? a.namespaceNames.filter((n) => b.namespaceNames.includes(n))
    : a.namespaceNames.length > 0 ? a.namespaceNames : b.namespaceNames.length > 0 ? b.namespaceNames : undefined
  const compatible = labelsCompatible(a.namespaceMatchLabels, b.namespaceMatchLabels)
  const elsewhere = compatible && (listed === undefined || listed.some((n) => !known.has(n)))
  const names = [...new Set(both)].sort(compareStrings)
  return names.length > 0 || elsewhere ? {namespaces: names, elsewhere} : undefined
}
