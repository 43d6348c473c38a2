import type {
  AckResourceObject, ChartInstall, ConfigMapObject, ControllerObject, IamRoleSelectorObject, NamespaceObject, ObjectRef, SourceLocation,
} from '../../core/types.js'
import type {RuleHit} from '../types.js'

/** The API version every IAMRoleSelector is served at (the CRD's only version). */
export const SELECTOR_API_VERSION = 'services.k8s.aws/v1alpha1'

const at = (location: SourceLocation | undefined) => (location ? {location} : {})

/** A hit about a Namespace (message names it the way `kubectl get` would). */
export function namespaceHit(ns: NamespaceObject, message: string): RuleHit {
  return {message, object: {apiVersion: 'v1', kind: 'Namespace', name: ns.name}, ...at(ns.location)}
}

export function selectorHit(selector: IamRoleSelectorObject, message: string): RuleHit {
  return {message, object: {apiVersion: SELECTOR_API_VERSION, kind: 'IAMRoleSelector', name: selector.name}, ...at(selector.location)}
}

export function configMapHit(cm: ConfigMapObject, message: string): RuleHit {
  return {message, object: {apiVersion: 'v1', kind: 'ConfigMap', namespace: cm.namespace, name: cm.name}, ...at(cm.location)}
}

export function resourceHit(r: AckResourceObject, message: string): RuleHit {
  return {message, object: {apiVersion: r.apiVersion, kind: r.kind, namespace: r.namespace, name: r.name}, ...at(r.location)}
}

/**
 * A hit about a controller: on its Deployment when the input has one, else on the chart install
 * whose values gave its settings, else on nothing.
 */
export function controllerHit(c: {deployment?: ControllerObject; install?: ChartInstall}, message: string): RuleHit {
  const {deployment, install} = c
  if (deployment) return {message, object: {apiVersion: 'apps/v1', kind: 'Deployment', namespace: deployment.namespace, name: deployment.name}, ...at(deployment.location)}
  if (install) return {message, object: install.object, ...at(install.location)}
  return {message}
}

/** `Kind/namespace/name`, or `Kind/name` for cluster-scoped objects: the id suppressions match. */
export function objectId(ref: ObjectRef): string {
  return ref.namespace === undefined ? `${ref.kind}/${ref.name}` : `${ref.kind}/${ref.namespace}/${ref.name}`
}

/** `Bucket team-a/logs`: how messages name a resource. */
export function describeResource(r: {kind: string; namespace: string; name: string}): string {
  return `${r.kind} ${r.namespace}/${r.name}`
}

/** `the s3 controller` or, for the stand-in, `the controller (no controller Deployment in the input)`. */
export function describeController(c: {serviceAlias: string; standIn: boolean; deployment?: ControllerObject; install?: ChartInstall}): string {
  if (c.standIn) return 'the controller (no controller Deployment or ACK kind in the input: controller defaults and ackctl flags)'
  if (c.deployment) return `the ${c.serviceAlias} controller (Deployment ${c.deployment.namespace}/${c.deployment.name})`
  if (c.install) return `the ${c.serviceAlias} controller (${c.install.describe}, its values as chart ${c.install.chart} renders them)`
  return `the ${c.serviceAlias} controller (no Deployment in the input: controller defaults and ackctl flags)`
}
