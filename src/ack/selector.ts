import {parseArn} from './arn.js'
import type {IamRoleSelectorSpec, Labels} from '../core/types.js'

/**
 * The controller's own validation of an IAMRoleSelector, in its order and with its texts.
 * An invalid selector is not cached: it can neither match nor conflict, and the controller only logs.
 * Ref: runtime pkg/runtime/iamroleselector/matcher.go validateSelector
 */
export function validateSelector(spec: IamRoleSelectorSpec): string | undefined {
  if (spec.arn === '') return 'ARN cannot be empty'
  const arn = parseArn(spec.arn)
  if (!arn.ok) return `invalid ARN: ${arn.error}`
  const seen = new Set<string>()
  for (const name of spec.namespaceNames) {
    if (name === '') return 'invalid namespace selector: namespace name cannot be empty'
    if (seen.has(name)) return `invalid namespace selector: duplicate namespace name: ${name}`
    seen.add(name)
  }
  if (Object.hasOwn(spec.namespaceMatchLabels, '')) return 'invalid namespace selector: label key cannot be empty'
  const types = new Set<string>()
  for (const [i, t] of spec.resourceTypes.entries()) {
    if (t.group === '' && t.version === '' && t.kind === '') {
      return `invalid resource type selector: at least one of group, version, or kind must be specified at index ${i}`
    }
    const key = `${t.group}/${t.version}/${t.kind}`
    if (types.has(key)) return `invalid resource type selector: duplicate resource type selector: ${key}`
    types.add(key)
  }
  if (Object.hasOwn(spec.resourceMatchLabels, '')) return 'invalid label selector: label key cannot be empty'
  return undefined
}

/**
 * apimachinery `SelectorFromSet(m).Matches(labels)`: every key present with an equal value.
 * An empty set matches everything; `nil` labels match only the empty set.
 */
export function labelsMatch(required: Labels, actual: Labels | undefined): boolean {
  for (const key in required) {
    if (!actual || !Object.hasOwn(actual, key) || actual[key] !== required[key]) return false
  }
  return true
}

/**
 * Namespace part: no names and no labels matches every namespace; names are ORed (exact,
 * case-sensitive); labels are ANDed with the names. `nsLabels` is `undefined` when the namespace
 * is not known (the controller's cache then has `nil` labels).
 * Ref: runtime pkg/runtime/iamroleselector/matcher.go
 */
export function namespaceMatches(spec: IamRoleSelectorSpec, namespace: string, nsLabels: Labels | undefined): boolean {
  if (spec.namespaceNames.length > 0 && !spec.namespaceNames.includes(namespace)) return false
  return labelsMatch(spec.namespaceMatchLabels, nsLabels)
}

/** Type part: an empty list matches every type; entries are ORed; `""` fields are wildcards. */
export function typeMatches(spec: IamRoleSelectorSpec, group: string, version: string, kind: string): boolean {
  if (spec.resourceTypes.length === 0) return true
  return spec.resourceTypes.some(
    (t) => (t.group === '' || t.group === group) && (t.version === '' || t.version === version) && (t.kind === '' || t.kind === kind),
  )
}

/** AND across namespace, type and resource-label parts; OR within lists. Ref: matcher.go Matches */
export function selectorMatches(
  spec: IamRoleSelectorSpec,
  target: {namespace: string; nsLabels: Labels | undefined; group: string; version: string; kind: string; labels: Labels},
): boolean {
  return (
    namespaceMatches(spec, target.namespace, target.nsLabels) &&
    typeMatches(spec, target.group, target.version, target.kind) &&
    labelsMatch(spec.resourceMatchLabels, target.labels)
  )
}
