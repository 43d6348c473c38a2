import {ACK_GROUP_SUFFIX} from '../../ack/api-group.js'
import {ACCOUNT_MAP, TEAM_MAP} from '../../ack/carm.js'
import {compareStrings} from '../../core/values.js'
import {ackSystemNamespaceFrom, controllerService} from '../decode.js'
import type {Collection} from './list.js'

/** The collections every live read starts with; they do not depend on each other. */
export const CUSTOM_RESOURCE_DEFINITIONS: Collection = {group: 'apiextensions.k8s.io', version: 'v1', plural: 'customresourcedefinitions', kind: 'CustomResourceDefinition'}
export const NAMESPACES: Collection = {group: '', version: 'v1', plural: 'namespaces', kind: 'Namespace'}
export const IAM_ROLE_SELECTORS: Collection = {group: 'services.k8s.aws', version: 'v1alpha1', plural: 'iamroleselectors', kind: 'IAMRoleSelector'}
export const DEPLOYMENTS: Collection = {group: 'apps', version: 'v1', plural: 'deployments', kind: 'Deployment'}

export const DEFAULT_ACK_SYSTEM_NAMESPACE = 'ack-system'
export const CARM_CONFIG_MAPS: readonly string[] = [ACCOUNT_MAP, TEAM_MAP]

type Obj = Record<string, unknown>
const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {})
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : [])
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)

/** CRDs ackctl keeps: the ACK service groups (`*.services.k8s.aws`) and `services.k8s.aws` itself. */
export function isAckCrd(crd: Obj): boolean {
  const group = str(obj(crd.spec).group) ?? ''
  return group === 'services.k8s.aws' || group.endsWith(ACK_GROUP_SUFFIX)
}

/**
 * One collection per ACK resource kind (group `*.services.k8s.aws`), listed at the CRD's storage
 * version when served (the version the controller registers), else its first served version.
 */
export function resourceCollections(crds: Obj[]): Collection[] {
  const out: Collection[] = []
  for (const crd of crds) {
    const spec = obj(crd.spec)
    const group = str(spec.group) ?? ''
    const names = obj(spec.names)
    const plural = str(names.plural)
    const kind = str(names.kind)
    if (!group.endsWith(ACK_GROUP_SUFFIX) || !plural || !kind) continue
    const served = arr(spec.versions).map(obj).filter((v) => v.served !== false && str(v.name))
    const version = served.find((v) => v.storage === true) ?? served[0]
    if (version) out.push({group, version: str(version.name) as string, plural, kind})
  }
  return out
}

/**
 * Discovery fallback when CRDs cannot be listed: ACK groups from `/apis` (preferred version),
 * then their listable resources from `/apis/<group>/<version>`.
 */
export function ackGroupVersions(apiGroupList: unknown): string[] {
  return arr(obj(apiGroupList).groups).map(obj)
    .filter((g) => (str(g.name) ?? '').endsWith(ACK_GROUP_SUFFIX))
    .map((g) => str(obj(g.preferredVersion).groupVersion) ?? str(obj(arr(g.versions)[0]).groupVersion))
    .filter((gv): gv is string => gv !== undefined)
}

export function collectionsFromDiscovery(groupVersion: string, apiResourceList: unknown): Collection[] {
  const [group, version] = groupVersion.split('/')
  return arr(obj(apiResourceList).resources).map(obj)
    .filter((r) => !(str(r.name) ?? '/').includes('/') && arr(r.verbs).includes('list') && str(r.kind))
    .map((r) => ({group, version, plural: str(r.name) as string, kind: str(r.kind) as string}))
}

/** The controller container of a Deployment (the decoder's rule: controllerService), or undefined when it runs no ACK controller. */
export function controllerContainer(deployment: Obj): Obj | undefined {
  const podSpec = obj(obj(obj(deployment.spec).template).spec)
  const meta = obj(deployment.metadata)
  return arr(podSpec.containers).map(obj).find((c) => controllerService(c, meta) !== undefined)
}

export function isControllerDeployment(deployment: Obj): boolean {
  return controllerContainer(deployment) !== undefined
}

/** The ServiceAccount the controller's pods run as (`default` when unset). */
export function serviceAccountOf(deployment: Obj): string {
  const podSpec = obj(obj(obj(deployment.spec).template).spec)
  return str(podSpec.serviceAccountName) ?? str(podSpec.serviceAccount) ?? 'default'
}

/**
 * Where the controller looks for its CARM ConfigMaps: env ACK_SYSTEM_NAMESPACE, else K8S_NAMESPACE,
 * else `ack-system` (runtime pkg/runtime/cache/cache.go). A `fieldRef: metadata.namespace` (Helm) is
 * the Deployment's namespace. `''` = set but empty: any namespace. `undefined` = not knowable here
 * (from a ConfigMap or Secret): ackctl then reads the Deployment's namespace and `ack-system`.
 */
export function ackSystemNamespaceOf(deployment: Obj): string | undefined {
  const container = controllerContainer(deployment) ?? {}
  const namespace = str(obj(deployment.metadata).namespace) ?? ''
  const env = arr(container.env).map(obj)
  for (const name of ['ACK_SYSTEM_NAMESPACE', 'K8S_NAMESPACE']) {
    const entry = env.find((e) => e.name === name)
    if (!entry) continue
    if (typeof entry.value === 'string' || entry.valueFrom === undefined) return str(entry.value) ?? ''
    const fieldPath = str(obj(obj(entry.valueFrom).fieldRef).fieldPath)
    return fieldPath === 'metadata.namespace' ? namespace : undefined
  }
  return DEFAULT_ACK_SYSTEM_NAMESPACE
}

/**
 * The ConfigMap and ServiceAccount lists the controllers need, fewest requests first: one list of
 * ConfigMaps per ACK system namespace (filtered to the CARM names here), or, for a controller that
 * matches ConfigMaps in any namespace, one cluster-wide list per CARM name by field selector.
 * With no controller Deployment in sight, the runtime's default `ack-system` is read.
 */
export function controllerCollections(deployments: Obj[] | undefined): Collection[] {
  const configMapNamespaces = new Set<string>()
  const serviceAccountNamespaces = new Set<string>()
  let anyNamespace = false
  for (const d of deployments ?? []) {
    const namespace = str(obj(d.metadata).namespace) ?? ''
    serviceAccountNamespaces.add(namespace)
    // The ConfigMaps of its settings live in its own namespace.
    if (settingsConfigMaps(d).length > 0) configMapNamespaces.add(namespace)
    const system = ackSystemNamespaceOf(d)
    if (system === '') anyNamespace = true
    else if (system === undefined) {
      configMapNamespaces.add(namespace)
      configMapNamespaces.add(DEFAULT_ACK_SYSTEM_NAMESPACE)
    } else configMapNamespaces.add(system)
  }
  if (!deployments || deployments.length === 0) configMapNamespaces.add(DEFAULT_ACK_SYSTEM_NAMESPACE)
  const configMap = {group: '', version: 'v1', plural: 'configmaps', kind: 'ConfigMap'}
  const out: Collection[] = []
  if (anyNamespace) {
    for (const name of CARM_CONFIG_MAPS) out.push({...configMap, fieldSelector: `metadata.name=${name}`})
    // The settings ConfigMaps by name (a list of their namespace would repeat CARM maps listed above).
    const settings = new Set((deployments ?? []).flatMap((d) => settingsConfigMaps(d).filter((n) => !CARM_CONFIG_MAPS.includes(n)).map((n) => `${str(obj(d.metadata).namespace) ?? ''}/${n}`)))
    for (const ref of [...settings].sort()) {
      const [namespace, name] = ref.split('/')
      out.push({...configMap, namespace, fieldSelector: `metadata.name=${name}`})
    }
  } else {
    for (const namespace of [...configMapNamespaces].sort()) out.push({...configMap, namespace})
  }
  for (const namespace of [...serviceAccountNamespaces].sort()) {
    out.push({group: '', version: 'v1', plural: 'serviceaccounts', kind: 'ServiceAccount', namespace})
  }
  return out
}

/**
 * The ConfigMap lists of a second pass: a controller whose ACK_SYSTEM_NAMESPACE comes from a
 * ConfigMap (its `envFrom`, a `configMapKeyRef`) looks for the CARM ConfigMaps where that ConfigMap,
 * read in the first pass, says; `listed` are the first pass's lists. Empty when they cover it.
 */
export function laterCollections(deployments: Obj[], configMaps: Obj[], listed: Collection[]): Collection[] {
  const data = new Map(configMaps.map((c) => [`${str(obj(c.metadata).namespace) ?? ''}/${str(obj(c.metadata).name) ?? ''}`, c.data]))
  const anyNamespace = listed.some((c) => c.plural === 'configmaps' && c.namespace === undefined)
  if (anyNamespace) return []
  const namespaces = new Set(listed.filter((c) => c.plural === 'configmaps' && c.fieldSelector === undefined).map((c) => c.namespace))
  const configMap = {group: '', version: 'v1', plural: 'configmaps', kind: 'ConfigMap'}
  const out: Collection[] = []
  for (const d of deployments) {
    if (settingsConfigMaps(d).length === 0) continue
    const system = ackSystemNamespaceFrom(controllerContainer(d) ?? {}, str(obj(d.metadata).namespace) ?? '', data)
    if (system === '') return CARM_CONFIG_MAPS.map((name) => ({...configMap, fieldSelector: `metadata.name=${name}`}))
    if (!namespaces.has(system)) {
      namespaces.add(system)
      out.push({...configMap, namespace: system})
    }
  }
  return out.sort((a, b) => compareStrings(a.namespace ?? '', b.namespace ?? ''))
}

/**
 * The ConfigMaps a controller container takes its environment from (`envFrom`, `configMapKeyRef`):
 * an OpenShift OperatorHub install reads its settings from `ack-<service>-user-config`.
 */
export function settingsConfigMaps(deployment: Obj): string[] {
  const container = controllerContainer(deployment) ?? {}
  const fromEnvFrom = arr(container.envFrom).map(obj).map((e) => str(obj(e.configMapRef).name))
  const fromEnv = arr(container.env).map(obj).map((e) => str(obj(obj(e.valueFrom).configMapKeyRef).name))
  return [...fromEnvFrom, ...fromEnv].filter((n): n is string => n !== undefined)
}

/** Keeps the CARM ConfigMaps, those the controllers take settings from, and the controllers' ServiceAccounts; everything else in those lists is dropped. */
export function keepControllerObject(item: Obj, deployments: Obj[]): boolean {
  const meta = obj(item.metadata)
  if (item.kind === 'ConfigMap') {
    return CARM_CONFIG_MAPS.includes(str(meta.name) ?? '') ||
      deployments.some((d) => obj(d.metadata).namespace === meta.namespace && settingsConfigMaps(d).includes(str(meta.name) ?? ''))
  }
  if (item.kind === 'ServiceAccount') {
    return deployments.some((d) => obj(d.metadata).namespace === meta.namespace && serviceAccountOf(d) === meta.name)
  }
  return true
}
