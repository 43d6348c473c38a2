import {goQuote} from '../core/go.js'
import type {ConfigMapObject} from '../core/types.js'

export const ACCOUNT_MAP = 'ack-role-account-map'
export const TEAM_MAP = 'ack-role-team-map'
export const ANNOTATION_OWNER_ACCOUNT_ID = 'services.k8s.aws/owner-account-id'
export const ANNOTATION_TEAM_ID = 'services.k8s.aws/team-id'
export const ANNOTATION_DEFAULT_REGION = 'services.k8s.aws/default-region'
export const ANNOTATION_ENDPOINT_URL = 'services.k8s.aws/endpoint-url'
export const ANNOTATION_REGION = 'services.k8s.aws/region'

/** A CARM map as the controller's cache holds it: absent, or the whole `.data` of the ConfigMap. */
export interface CarmMap {
  name: string
  /** The ConfigMap the cache holds, or undefined when absent (or the cache does not run). */
  configMap?: ConfigMapObject
  /**
   * Other ConfigMaps of the same name the cache could hold instead (only when ACK_SYSTEM_NAMESPACE is
   * set but empty, or the input repeats the object). Absent when there is no ambiguity.
   */
  shadowed?: ConfigMapObject[]
}

type Lookup = {ok: true; value: string} | {ok: false; error: string}

/** `GetValue`: exact, case-sensitive key; no trimming. Ref: runtime pkg/runtime/cache/account.go */
export function getValue(map: CarmMap, key: string): Lookup {
  if (!map.configMap) return {ok: false, error: 'CARM configmap not found'}
  if (!Object.hasOwn(map.configMap.data, key)) return {ok: false, error: 'key not found in CARM configmap'}
  const value = map.configMap.data[key]
  if (value === '') return {ok: false, error: 'role value is empty in CARM configmap'}
  return {ok: true, value}
}

export type RoleLookup = {ok: true; roleARN: string; key: string; serviceLevel: boolean} | {ok: false; error: string; key: string}

/**
 * `getRoleARN`: with ServiceLevelCARM, `<alias>.<id>` first (its errors are swallowed), then `<id>`.
 * Ref: runtime pkg/runtime/reconciler.go getRoleARN
 */
export function getRoleArn(map: CarmMap, id: string, serviceLevel: boolean, serviceAlias: string): RoleLookup {
  if (serviceLevel) {
    const key = `${serviceAlias}.${id}`
    const v = getValue(map, key)
    if (v.ok) return {ok: true, roleARN: v.value, key, serviceLevel: true}
  }
  const v = getValue(map, id)
  if (v.ok) return {ok: true, roleARN: v.value, key: id, serviceLevel: false}
  return {
    ok: false,
    key: id,
    error: `retrieving role ARN for account/team ID ${goQuote(id)} from ${goQuote(map.name)} configmap: ${v.error}`,
  }
}

/**
 * The ConfigMaps a CARM cache could hold: exact name in the ACK system namespace, or, when
 * ACK_SYSTEM_NAMESPACE is set but empty, that name in any namespace (the informer then watches all
 * namespaces and filters on the name only).
 */
export function findCarmConfigMap(configMaps: ConfigMapObject[], name: string, systemNamespace: string): ConfigMapObject[] {
  return configMaps.filter((c) => c.name === name && (systemNamespace === '' || c.namespace === systemNamespace))
}

/**
 * The map a CARM cache holds. Every Add/Update event replaces the whole cached data, so with several
 * candidates the last event wins: ackctl takes the last in namespace order (the order of the
 * informer's initial list; within a namespace, the last object in the input, as `kubectl apply`
 * would leave it) and lists the others as `shadowed`. Ref: runtime pkg/runtime/cache/account.go
 */
export function carmMap(configMaps: ConfigMapObject[], name: string, systemNamespace: string, running: boolean): CarmMap {
  if (!running) return {name}
  const found = findCarmConfigMap(configMaps, name, systemNamespace)
    .map((c, i) => ({c, i}))
    .sort((a, b) => (a.c.namespace < b.c.namespace ? -1 : a.c.namespace > b.c.namespace ? 1 : a.i - b.i))
    .map(({c}) => c)
  if (found.length === 0) return {name}
  const configMap = found[found.length - 1]
  return found.length > 1 ? {name, configMap, shadowed: found.slice(0, -1)} : {name, configMap}
}
