import {goQuote} from '../core/go.js'
import {isObject} from '../core/values.js'
import type {IamRoleSelectorObject, IamRoleSelectorSpec, Labels, SelectorGvk} from '../core/types.js'

type Admission = IamRoleSelectorObject['admission']

/**
 * What the input's IAMRoleSelector CRD says of its schema, when the input holds it with one:
 * `resourceLabelSelector: false` for a CRD from before ACK runtime v0.57.0 (spec §6), which has no
 * such field (spec §3.1), so that the API server prunes it (spec §3.2) and the selector matches
 * every resource of its types and namespaces.
 */
export interface SelectorCrd {
  resourceLabelSelector?: boolean
}

const OLD_CRD = ' (the input\'s IAMRoleSelector CRD has no such field: it predates ACK runtime v0.57.0)'

/**
 * The schema facts of an IAMRoleSelector CRD object (`SelectorCrd`): empty when the object carries no
 * structural schema of `spec` (a CRD head, or `x-kubernetes-preserve-unknown-fields`), which prunes nothing ackctl knows of.
 */
export function selectorCrdOf(crd: Record<string, unknown>): SelectorCrd {
  const spec = isObject(crd.spec) ? crd.spec : {}
  const versions = Array.isArray(spec.versions) ? spec.versions.filter(isObject) : []
  const version = versions.find((v) => v.name === 'v1alpha1')
  const schema = isObject(version?.schema) && isObject(version.schema.openAPIV3Schema) ? version.schema.openAPIV3Schema : undefined
  const specSchema = schema && isObject(schema.properties) && isObject(schema.properties.spec) ? schema.properties.spec : undefined
  if (!specSchema || specSchema['x-kubernetes-preserve-unknown-fields'] === true || !isObject(specSchema.properties)) return {}
  return {resourceLabelSelector: Object.hasOwn(specSchema.properties, 'resourceLabelSelector')}
}


/**
 * Decodes an IAMRoleSelector `spec` the way the API server admits it (CRD structural schema of
 * `services.k8s.aws_iamroleselectors.yaml`) and then the controller reads it (Go zero values):
 * unknown fields are pruned (`matchExpressions`, `apiVersion` in a resource type), required keys
 * missing after pruning reject the object, wrong types reject it.
 */
export function decodeSelectorSpec(rawSpec: unknown, crd: SelectorCrd = {}): {spec: IamRoleSelectorSpec; admission: Admission} {
  const problems: string[] = []
  let rejected = false
  const prune = (path: string, why = '') => problems.push(`${path}: unknown field, pruned by the API server${why}`)
  const reject = (message: string) => {
    rejected = true
    problems.push(message)
  }
  const spec: IamRoleSelectorSpec = {arn: '', namespaceNames: [], namespaceMatchLabels: {}, resourceTypes: [], resourceMatchLabels: {}}
  if (rawSpec === undefined || rawSpec === null) return {spec, admission: {status: 'ok', problems}}
  if (!isObject(rawSpec)) {
    reject('spec: Invalid value: must be of type object')
    return {spec, admission: {status: 'rejected', problems}}
  }

  const withResourceLabels = crd.resourceLabelSelector !== false
  const known = new Set(['arn', 'namespaceSelector', 'resourceTypeSelector', ...(withResourceLabels ? ['resourceLabelSelector'] : [])])
  for (const key of Object.keys(rawSpec)) {
    if (known.has(key)) continue
    prune(`spec.${key}`, key === 'resourceLabelSelector' ? OLD_CRD : '')
  }

  if (rawSpec.arn === undefined || rawSpec.arn === null) reject('spec.arn: Required value')
  else if (typeof rawSpec.arn !== 'string') reject('spec.arn: Invalid value: must be of type string')
  else spec.arn = rawSpec.arn

  const labels = (value: unknown, path: string): Labels => {
    if (value === undefined || value === null) return {}
    if (!isObject(value)) {
      reject(`${path}: Invalid value: must be of type object`)
      return {}
    }
    for (const key of Object.keys(value)) if (key !== 'matchLabels') prune(`${path}.${key}`)
    if (value.matchLabels === undefined || value.matchLabels === null) {
      reject(`${path}.matchLabels: Required value`)
      return {}
    }
    if (!isObject(value.matchLabels)) {
      reject(`${path}.matchLabels: Invalid value: must be of type object`)
      return {}
    }
    const out: Labels = {}
    for (const [k, v] of Object.entries(value.matchLabels)) {
      if (typeof v !== 'string') reject(`${path}.matchLabels.${k}: Invalid value: must be of type string`)
      else out[k] = v
    }
    return out
  }

  const ns = rawSpec.namespaceSelector
  if (ns !== undefined && ns !== null) {
    if (!isObject(ns)) reject('spec.namespaceSelector: Invalid value: must be of type object')
    else {
      for (const key of Object.keys(ns)) if (key !== 'names' && key !== 'labelSelector') prune(`spec.namespaceSelector.${key}`)
      if (ns.names === undefined || ns.names === null) reject('spec.namespaceSelector.names: Required value')
      else if (!Array.isArray(ns.names)) reject('spec.namespaceSelector.names: Invalid value: must be of type array')
      else {
        ns.names.forEach((n, i) => {
          if (typeof n !== 'string') reject(`spec.namespaceSelector.names[${i}]: Invalid value: must be of type string`)
          else spec.namespaceNames.push(n)
        })
      }
      spec.namespaceMatchLabels = labels(ns.labelSelector, 'spec.namespaceSelector.labelSelector')
    }
  }

  const types = rawSpec.resourceTypeSelector
  if (types !== undefined && types !== null) {
    if (!Array.isArray(types)) reject('spec.resourceTypeSelector: Invalid value: must be of type array')
    else {
      types.forEach((entry, i) => {
        const path = `spec.resourceTypeSelector[${i}]`
        if (!isObject(entry)) {
          reject(`${path}: Invalid value: must be of type object`)
          return
        }
        for (const key of Object.keys(entry)) if (key !== 'group' && key !== 'version' && key !== 'kind') prune(`${path}.${key}`)
        const gvk: Partial<SelectorGvk> = {}
        for (const key of ['group', 'version', 'kind'] as const) {
          const v = entry[key]
          if (v === undefined || v === null) reject(`${path}.${key}: Required value`)
          else if (typeof v !== 'string') reject(`${path}.${key}: Invalid value: must be of type string`)
          else gvk[key] = v
        }
        spec.resourceTypes.push({group: gvk.group ?? '', version: gvk.version ?? '', kind: gvk.kind ?? ''})
      })
    }
  }

  if (withResourceLabels) spec.resourceMatchLabels = labels(rawSpec.resourceLabelSelector, 'spec.resourceLabelSelector')
  const status = rejected ? 'rejected' : problems.length > 0 ? 'pruned' : 'ok'
  return {spec, admission: {status, problems}}
}

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/

/**
 * API-server name validation of a custom resource (`NameIsDNSSubdomain`): an IAMRoleSelector named
 * like the design doc's `SkyDevTeamConfig` is rejected and never reaches the controller (spec §3.2).
 */
export function selectorNameProblems(name: string): string[] {
  if (name === '') return ['metadata.name: Required value: name or generateName is required']
  const problems: string[] = []
  if (new TextEncoder().encode(name).length > 253) problems.push('must be no more than 253 characters')
  if (!DNS1123_SUBDOMAIN.test(name)) {
    problems.push("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")
  }
  return problems.map((p) => `metadata.name: Invalid value: ${goQuote(name)}: ${p}`)
}
