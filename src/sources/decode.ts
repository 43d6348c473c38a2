import {LABEL_PATCH_ANNOTATION} from '../core/annotations.js'
import {ACK_GROUP_SUFFIX, splitApiVersion} from '../ack/api-group.js'
import {ACCOUNT_MAP, TEAM_MAP} from '../ack/carm.js'
import {defaultSettings} from '../ack/controller.js'
import {expandKnown, parseControllerArgs, settingsFromContainer, type UnknownVar} from '../ack/controller-args.js'
import {compareStrings, isObject} from '../core/values.js'
import {decodeSelectorSpec, selectorCrdOf, selectorNameProblems, type SelectorCrd} from '../ack/selector-schema.js'
import {chartContainer, chartServiceAccount, chartValues, ignoredValues, mergeValues, renderError, setParameter, valuesText} from './chart-values.js'
import type {
  AckKind, AckResourceObject, ChartInstall, Condition, ControllerObject, Finding, IamRoleSelectorObject, Labels, ObjectRef, Snapshot, SourceLocation,
} from '../core/types.js'

/** One decoded document (or list item) and where it came from. */
export interface RawDocument {
  object: unknown
  location?: SourceLocation
}

const CARM_MAP_NAMES = new Set([ACCOUNT_MAP, TEAM_MAP])

/** A chart install whose values the object may hold, with its own namespace: read once every ConfigMap is known. */
interface PendingChart {
  install: ChartInstall
  release: ReleaseValues
  namespace: string
}

/** A Flux HelmRelease whose `chartRef` names an OCIRepository (`namespace/name`), until that is found. */
interface PendingChartRef {
  source: string
  release: ReleaseValues
  namespace: string
  describe: string
  object: ObjectRef
  location?: SourceLocation
}

/** What decoding collects beside the snapshot, for the steps after the last document. */
interface Pending {
  deployments: Array<{object: Obj; location?: SourceLocation}>
  chartRefs: PendingChartRef[]
  /** Chart installs to render once every ConfigMap is known (Flux valuesFrom and extra env variables read them). */
  charts: PendingChart[]
  labelPatches: LabelPatch[]
  crdKinds: Map<string, AckKind>
  /** ACK resources written without metadata.namespace (resolved in "default"). */
  unnamespaced: AckResourceObject[]
  /** The schema facts of the input's IAMRoleSelector CRD (empty without one). */
  selectorCrd: SelectorCrd
  /**
   * Every other ConfigMap's data as written (`ns/name` -> data), until the Deployments are decoded: a
   * controller container may take its settings from one (`envFrom`, `configMapKeyRef`; OLM installs
   * do). Only references into documents that are in memory anyway, dropped with the rest of Pending.
   */
  envConfigMaps: Map<string, unknown>
}

/** An environment variable name, as `envFrom` takes a ConfigMap's keys (others, like `ca.crt`, are left out). */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

/** An IAMRoleSelector as the API server admits it: its spec against the CRD's schema, and its name. */
function admitSelector(object: Obj, name: string, crd: SelectorCrd): Pick<IamRoleSelectorObject, 'spec' | 'admission'> {
  const {spec, admission} = decodeSelectorSpec(object.spec, crd)
  const nameProblems = selectorNameProblems(name)
  if (nameProblems.length > 0) {
    admission.problems.unshift(...nameProblems)
    admission.status = 'rejected'
  }
  return {spec, admission}
}

interface LabelPatch {
  name: string
  labels: Labels
  location?: SourceLocation
}
const CONTROLLER_IMAGE = /aws-controllers-k8s\/([a-z0-9-]+?)-controller(?:[:@]|$)/
/** An image mirrored under another path (`registry.example/mirror/s3-controller:1.4.0`): its last segment names the service. */
const MIRRORED_IMAGE = /(?:^|\/)([a-z0-9-]+?)-controller(?:[:@][^/]*)?$/
/** The Helm chart's Deployment label (`app.kubernetes.io/name: s3-chart`), for an image renamed altogether. */
const CHART_NAME = /^([a-z0-9-]+?)-chart$/
const IRSA_ANNOTATION = 'eks.amazonaws.com/role-arn'

type Obj = Record<string, unknown>
const str = (v: unknown): string => (typeof v === 'string' ? v : '')
const strMap = (v: unknown): Labels => {
  const out: Labels = {}
  if (isObject(v)) for (const [k, val] of Object.entries(v)) if (typeof val === 'string') out[k] = val
  return out
}

export {splitApiVersion}

/** A value as a finding names it: `a number (5)`, `a list`, `a string ("team=a")`. */
function describeValue(v: unknown): string {
  if (Array.isArray(v)) return 'a list'
  if (isObject(v)) return 'a map'
  const text = JSON.stringify(v) ?? String(v)
  return `a ${typeof v} (${text.length > 60 ? `${text.slice(0, 57)}...` : text})`
}

/**
 * The one decoder every source goes through (files, stdin, live cluster), so that the same
 * objects always give the same snapshot. `List` and `*List` objects are flattened; documents that
 * are not Kubernetes objects, or kinds ackctl does not use, are counted as skipped.
 */
export function buildSnapshot(docs: Iterable<RawDocument>): Snapshot {
  const snap: Snapshot = {
    namespaces: [], configMaps: [], selectors: [], resources: [], kinds: [], controllers: [], serviceAccounts: [],
    findings: [], stats: {documents: 0, objects: 0, used: 0, skipped: 0}, complete: true,
  }
  const pending: Pending = {deployments: [], chartRefs: [], charts: [], labelPatches: [], crdKinds: new Map(), unnamespaced: [], selectorCrd: {}, envConfigMaps: new Map()}

  const visit = (object: unknown, location: SourceLocation | undefined): void => {
    if (object === null || object === undefined) return
    snap.stats.documents++
    if (!isObject(object) || typeof object.apiVersion !== 'string' || typeof object.kind !== 'string') {
      // Helm values, workflow files, docker-compose.yml, package.json: ordinary files of a repository.
      snap.stats.skipped++
      return
    }
    const {apiVersion, kind} = object
    if ((kind === 'List' || kind.endsWith('List')) && Array.isArray(object.items)) {
      snap.stats.documents--
      for (const item of object.items) visit(item, location)
      return
    }
    snap.stats.objects++
    if (decodeObject(snap, object, apiVersion, kind, location, pending)) snap.stats.used++
    else snap.stats.skipped++
  }
  for (const doc of docs) visit(doc.object, doc.location)

  for (const d of pending.deployments) decodeDeployment(snap, d.object, d.location, pending.envConfigMaps)
  for (const r of pending.chartRefs) {
    // A HelmRelease's chartRef names an OCIRepository: the release installs its chart, and stands for it.
    const oci = (snap.chartInstalls ?? []).findIndex((i) => i.object.kind === 'OCIRepository' && `${i.object.namespace ?? ''}/${i.object.name}` === r.source)
    if (oci < 0) {
      snap.stats.used--
      snap.stats.skipped++
      continue
    }
    const {serviceAlias, chart} = snap.chartInstalls![oci]
    snap.chartInstalls!.splice(oci, 1)
    addInstall(snap, pending, {serviceAlias, chart, describe: r.describe, object: r.object, ...(r.location ? {location: r.location} : {})}, r.release, r.namespace)
  }
  for (const {install, release, namespace} of pending.charts) {
    const rendered = release(namespace, pending.envConfigMaps)
    if ('unread' in rendered) install.unrendered = rendered.unread
    else renderChart(snap, install, rendered, pending.envConfigMaps)
  }
  if (pending.selectorCrd.resourceLabelSelector === false) {
    // The input's CRD (wherever it stands in the input) predates resourceLabelSelector: the API
    // server prunes it from every selector that has one. Selectors are admitted against the CRD here only.
    for (const selector of snap.selectors) {
      const spec = selector.raw.spec
      if (isObject(spec) && Object.hasOwn(spec, 'resourceLabelSelector')) Object.assign(selector, admitSelector(selector.raw, selector.name, pending.selectorCrd))
    }
  }
  finish(snap, pending.crdKinds, pending.labelPatches)
  if (pending.unnamespaced.length > 0) snap.findings.push(namespaceAssumed(pending.unnamespaced))
  return snap
}

function decodeObject(
  snap: Snapshot, object: Obj, apiVersion: string, kind: string, location: SourceLocation | undefined,
  pending: Pending,
): boolean {
  const meta = isObject(object.metadata) ? object.metadata : {}
  const name = str(meta.name)
  const namespace = str(meta.namespace)
  const labels = strMap(meta.labels)
  const annotations = strMap(meta.annotations)
  const loc = location ? {location} : {}
  const {group, version, apiVersion: shared} = splitApiVersion(apiVersion)
  /** An input-invalid finding about this object. */
  const invalid = (message: string): void => {
    snap.findings.push({
      rule: 'input-invalid', severity: 'error', message: `${kind} ${namespace ? `${namespace}/` : ''}${name}: ${message}`,
      object: {apiVersion, kind, name, ...(namespace ? {namespace} : {})},
      ...(location ? {file: location.file, line: location.line} : {}),
    })
  }
  /** A non-string label, annotation or data value (an unquoted account ID) is dropped, a non-map field read as empty: say so. */
  const strings = (field: string, value: unknown): void => {
    if (!isObject(value)) {
      // `labels: [team: a]` or `data: 5`: not a map at all. The API server rejects the object; read as empty.
      if (value !== undefined && value !== null) {
        invalid(`${field} is ${describeValue(value)}, not a map of strings; the API server rejects the object and ackctl reads ${field} as empty: write it as key: "value" lines`)
      }
      return
    }
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === 'string') continue
      invalid(`${field} ${JSON.stringify(k)} is ${v === null ? 'null' : describeValue(v)}, not a string; the API server rejects it and ackctl ignores it: quote the value`)
    }
  }
  const metaStrings = () => {
    strings('metadata.labels', meta.labels)
    strings('metadata.annotations', meta.annotations)
  }

  if (apiVersion === 'v1' && kind === 'Namespace') {
    metaStrings()
    // The API server sets this label to the name on create and update, whatever the manifest says.
    labels['kubernetes.io/metadata.name'] = name
    if (annotations[LABEL_PATCH_ANNOTATION] !== undefined) {
      // A server-side-apply label patch (migrate-carm --strategy labels): it adds labels, it is not a second copy.
      pending.labelPatches.push({name, labels, ...loc})
      return true
    }
    snap.namespaces.push({name, labels, annotations, ...loc})
    return true
  }
  if (apiVersion === 'v1' && kind === 'ConfigMap') {
    if (!CARM_MAP_NAMES.has(name)) {
      pending.envConfigMaps.set(`${namespace || 'default'}/${name}`, object.data)
      return false
    }
    strings('data', object.data)
    snap.configMaps.push({name, namespace: namespace || 'default', data: strMap(object.data), ...(Object.keys(annotations).length > 0 ? {annotations} : {}), ...loc})
    return true
  }
  if (apiVersion === 'v1' && kind === 'ServiceAccount') {
    snap.serviceAccounts.push({name, namespace: namespace || 'default', annotations, ...loc})
    return true
  }
  if (group === 'apps' && kind === 'Deployment') {
    pending.deployments.push({object, location})
    return true
  }
  if (group === 'services.k8s.aws' && kind === 'IAMRoleSelector') {
    metaStrings()
    const {spec, admission} = admitSelector(object, name, {})
    snap.selectors.push({name, resourceVersion: str(meta.resourceVersion), labels, annotations, spec, admission, raw: object, ...loc})
    return true
  }
  if (group === 'kustomize.config.k8s.io' && kind === 'Kustomization') {
    // kustomize's Helm chart inflation (`kustomize build --enable-helm`, Argo CD's kustomize with Helm).
    const charts = (Array.isArray(object.helmCharts) ? object.helmCharts.filter(isObject) : []).filter((c) => ACK_CHART.test(str(c.name)))
    if (charts.length === 0) return false
    const ref: ObjectRef = {apiVersion, kind, name: name || 'kustomization'}
    for (const c of charts) {
      const chart = str(c.name)
      const describe = `kustomization ${location?.file ?? name} helmCharts ${str(c.releaseName) || chart}`
      addInstall(snap, pending, {serviceAlias: ACK_CHART.exec(chart)![1], chart, describe, object: ref, ...loc}, kustomizeRelease(object, c), namespace)
    }
    return true
  }
  const installer = CHART_INSTALLERS[`${group}/${kind}`]
  if (installer !== undefined) {
    const spec = isObject(object.spec) ? object.spec : {}
    const where = `${installer.name} ${namespace ? `${namespace}/` : ''}${name}`
    const ref: ObjectRef = {apiVersion, kind, ...(namespace ? {namespace} : {}), name}
    if (group === 'helm.toolkit.fluxcd.io' && isObject(spec.chartRef) && spec.chartRef.kind === 'OCIRepository' && !isObject(spec.chart)) {
      // The chart is the OCIRepository's, which may come later in the input: matched after the last document.
      const source = `${str(spec.chartRef.namespace) || namespace}/${str(spec.chartRef.name)}`
      pending.chartRefs.push({source, release: fluxRelease(spec), namespace, describe: where, object: ref, ...loc})
      return true
    }
    // A chart name, or an OCI URL whose last segment is the chart.
    const charts = installer.charts(spec).filter((c) => ACK_CHART.test(chartName(c.ref)))
    if (charts.length === 0) return false
    for (const {ref: chartRef, release} of charts) {
      const chart = chartName(chartRef)
      addInstall(snap, pending, {serviceAlias: ACK_CHART.exec(chart)![1], chart, describe: where, object: ref, ...loc}, release, namespace)
    }
    return true
  }
  if (group === 'apiextensions.k8s.io' && kind === 'CustomResourceDefinition') {
    const spec = isObject(object.spec) ? object.spec : {}
    const crdGroup = str(spec.group)
    if (crdGroup === 'services.k8s.aws' && str(meta.name) === 'iamroleselectors.services.k8s.aws') {
      snap.selectorCrdInstalled = true
      pending.selectorCrd = selectorCrdOf(object)
      return true
    }
    if (!crdGroup.endsWith(ACK_GROUP_SUFFIX)) return false
    const names = isObject(spec.names) ? spec.names : {}
    const versions = Array.isArray(spec.versions) ? spec.versions.filter(isObject) : []
    const chosen = versions.find((v) => v.storage === true) ?? versions.find((v) => v.served !== false) ?? versions[0]
    const crdKind = str(names.kind)
    pending.crdKinds.set(`${crdGroup}/${crdKind}`, {group: crdGroup, version: str(chosen?.name), kind: crdKind, plural: str(names.plural), origin: 'crd'})
    return true
  }
  if (group.endsWith(ACK_GROUP_SUFFIX)) {
    metaStrings()
    const resource = decodeResource(object, shared, group, version, kind, name, namespace, labels, annotations, location)
    snap.resources.push(resource)
    if (!namespace) pending.unnamespaced.push(resource)
    return true
  }
  return false
}

function decodeResource(
  object: Obj, apiVersion: string, group: string, version: string, kind: string, name: string, namespace: string,
  labels: Labels, annotations: Labels, location: SourceLocation | undefined,
): AckResourceObject {
  const status = isObject(object.status) ? object.status : undefined
  const meta = status && isObject(status.ackResourceMetadata) ? status.ackResourceMetadata : undefined
  const conditions: Condition[] = status && Array.isArray(status.conditions)
    ? status.conditions.filter(isObject).map((c) => {
      const condition: Condition = {type: str(c.type), status: str(c.status)}
      if (typeof c.message === 'string') condition.message = c.message
      if (typeof c.reason === 'string') condition.reason = c.reason
      return condition
    })
    : []
  // Field by field, not with conditional spreads (this runs for every resource: twice as fast).
  let recorded: AckResourceObject['status'] = null
  if (meta) {
    recorded = {}
    if (typeof meta.ownerAccountID === 'string') recorded.ownerAccountID = meta.ownerAccountID
    if (typeof meta.region === 'string') recorded.region = meta.region
  }
  const resource: AckResourceObject = {
    apiVersion, group, version, kind, name, namespace: namespace || 'default', labels, annotations,
    status: recorded, hasReferences: hasRefs(object.spec), conditions,
  }
  if (location) resource.location = location
  return resource
}

/** ACK reference fields are named `<x>Ref` / `<x>Refs`; any non-null one makes Sync set ReferencesResolved. */
function hasRefs(value: unknown, depth = 0): boolean {
  if (depth > 20) return false
  if (Array.isArray(value)) return value.some((v) => hasRefs(v, depth + 1))
  if (!isObject(value)) return false
  for (const [k, v] of Object.entries(value)) {
    if ((k.endsWith('Ref') || k.endsWith('Refs')) && v !== null && v !== undefined) return true
    if (hasRefs(v, depth + 1)) return true
  }
  return false
}

/**
 * The service alias (`s3`) of the ACK controller a container runs, or undefined: by the image
 * (`.../aws-controllers-k8s/s3-controller`), else, for a container of ACK's chart, by its mirrored
 * image's last segment (`.../s3-controller`) or the Deployment's chart label (`s3-chart`).
 * Files and the live read (which lists Deployments) recognise controllers by this one rule.
 */
export function controllerService(container: Obj, deploymentMeta: Obj): string | undefined {
  const image = str(container.image)
  const official = CONTROLLER_IMAGE.exec(image)?.[1]
  if (official !== undefined || !isAckContainer(container)) return official
  const labels = isObject(deploymentMeta.labels) ? deploymentMeta.labels : {}
  return MIRRORED_IMAGE.exec(image)?.[1] ?? CHART_NAME.exec(str(labels['app.kubernetes.io/name']))?.[1]
}

/**
 * A container of an ACK controller chart whatever its image: the chart runs `./bin/controller` and
 * sets ACK_SYSTEM_NAMESPACE (every controller's helm/templates/deployment.yaml). An image from a
 * private mirror is recognised by these, so that its settings are read rather than defaults assumed.
 */
function isAckContainer(c: Obj): boolean {
  const command = Array.isArray(c.command) ? c.command.map(String) : []
  const env = Array.isArray(c.env) ? c.env.filter(isObject) : []
  return command.some((x) => x === './bin/controller' || x.endsWith('/bin/controller')) || env.some((e) => e.name === 'ACK_SYSTEM_NAMESPACE')
}

/**
 * A container's environment as Kubernetes builds it: `envFrom` sources in order (ConfigMaps of the
 * input; their values are not expanded), then `env` (later entries win; `$(VAR)` expanded with what
 * is defined before). Variables whose value exists only at run time (a Secret, a ConfigMap or field
 * ackctl does not have, or anything an `envFrom` source not in the input may define) are not in
 * `env`; `unknownVar` says where such a variable comes from.
 * Ref: Kubernetes API, Container `env` and `envFrom` (EnvFromSource `prefix`).
 */
/** An `envFrom` ConfigMap as a source of variables: its name, and the prefix its keys take. */
interface EnvConfigMap {
  configMap: string
  prefix: string
}

/**
 * The container's environment as Kubernetes builds it from the input. `fromConfigMap`: the
 * variables an `envFrom` ConfigMap of the input sets (and no later `env` entry overrides), with that
 * ConfigMap; `absentConfigMaps`: its `envFrom` ConfigMaps the input does not hold; `entries`: the
 * names its `env` entries set, whatever their source.
 */
function containerEnv(c: Obj, namespace: string, configMaps: ReadonlyMap<string, unknown>): {
  env: Record<string, string>
  unknownVar: UnknownVar
  fromConfigMap: Map<string, EnvConfigMap>
  absentConfigMaps: EnvConfigMap[]
  entries: Set<string>
} {
  const env: Record<string, string> = {}
  const unknown = new Map<string, string>()
  const open: string[] = []
  const fromConfigMap = new Map<string, EnvConfigMap>()
  const absentConfigMaps: EnvConfigMap[] = []
  const entries = new Set<string>()
  for (const source of Array.isArray(c.envFrom) ? c.envFrom.filter(isObject) : []) {
    const prefix = str(source.prefix)
    if (isObject(source.configMapRef)) {
      const configMap = str(source.configMapRef.name)
      const ref = `${namespace}/${configMap}`
      const data = configMaps.has(ref) ? strMap(configMaps.get(ref)) : undefined
      if (data === undefined) {
        open.push(`ConfigMap ${ref} (envFrom), which the input does not hold`)
        absentConfigMaps.push({configMap, prefix})
      } else {
        for (const [k, v] of Object.entries(data)) {
          if (!ENV_NAME.test(prefix + k)) continue
          env[prefix + k] = v
          fromConfigMap.set(prefix + k, {configMap, prefix})
        }
      }
    } else if (isObject(source.secretRef)) open.push(`Secret ${namespace}/${str(source.secretRef.name)} (envFrom)`)
  }
  const known: UnknownVar = (name, implicit = false) =>
    unknown.get(name) ?? (implicit || Object.hasOwn(env, name) || open.length === 0 ? undefined : open.join(' or '))
  for (const e of Array.isArray(c.env) ? c.env.filter(isObject) : []) {
    const envName = str(e.name)
    // An `env` entry comes after every `envFrom` source: it decides the variable, whatever it holds.
    fromConfigMap.delete(envName)
    entries.add(envName)
    // `value:` left empty by a Helm template is YAML null: Kubernetes stores it as "" (omitempty).
    const value = e.value ?? undefined
    const valueFrom = isObject(e.valueFrom) ? e.valueFrom : undefined
    let runtime: string | undefined
    if (typeof value === 'string') {
      // Kubernetes expands $(VAR) in env values with the variables defined before this one.
      const expanded = expandKnown(value, env, known)
      if (expanded.unknown === undefined) env[envName] = expanded.text
      else runtime = expanded.unknown.source
    } else if (value !== undefined) {
      // Not a string (the API server refuses it): taken as undefined, as before any other source.
      delete env[envName]
      unknown.delete(envName)
      continue
    } else if (valueFrom === undefined) env[envName] = ''
    else if (isObject(valueFrom.fieldRef) && valueFrom.fieldRef.fieldPath === 'metadata.namespace') env[envName] = namespace
    else if (isObject(valueFrom.configMapKeyRef)) {
      const ref = `${namespace}/${str(valueFrom.configMapKeyRef.name)}`
      const key = str(valueFrom.configMapKeyRef.key)
      const v = configMaps.has(ref) ? strMap(configMaps.get(ref))[key] : undefined
      if (v !== undefined) env[envName] = v
      else runtime = configMaps.has(ref) ? `ConfigMap ${ref}, whose copy in the input has no key ${key}` : `ConfigMap ${ref} key ${key}, which the input does not hold`
    } else if (isObject(valueFrom.secretKeyRef)) runtime = `Secret ${namespace}/${str(valueFrom.secretKeyRef.name)} key ${str(valueFrom.secretKeyRef.key)}`
    else runtime = isObject(valueFrom.fieldRef) ? `field ${str(valueFrom.fieldRef.fieldPath)}` : 'a resource field'
    if (runtime === undefined) unknown.delete(envName)
    else {
      delete env[envName]
      unknown.set(envName, runtime)
    }
  }
  return {env, unknownVar: known, fromConfigMap, absentConfigMaps, entries}
}

/** An ACK controller chart's name: `s3-chart` for the s3 controller. */
const ACK_CHART = /^([a-z0-9]+)-chart$/

/** The chart of a chart reference: a name, or the last segment of an OCI URL. */
const chartName = (ref: string): string => ref.slice(ref.lastIndexOf('/') + 1)

/**
 * A release's values and namespace, as far as the input holds them (`unread`: why ackctl cannot
 * know them all). Given the object's own namespace and the input's ConfigMaps (`namespace/name` -> data).
 */
type ReleaseValues = (namespace: string, configMaps: ReadonlyMap<string, unknown>) => RenderedRelease | {unread: string}

/**
 * What a chart is rendered with: the merged user values, the namespace the controller runs in, and
 * `.Release.Namespace` when it differs (kustomize's `namespace:` moves what the chart rendered).
 */
interface RenderedRelease {
  values: Obj
  namespace: string
  releaseNamespace?: string
}

interface ChartRef {
  ref: string
  /** Absent where the object names a chart but holds no release (a Flux OCIRepository). */
  release?: ReleaseValues
}

const chartsOf = (v: unknown, release?: ReleaseValues): ChartRef[] => (typeof v === 'string' && v !== '' ? [{ref: v, ...(release ? {release} : {})}] : [])

/**
 * A Flux HelmRelease's values: each of `spec.valuesFrom` in order (a ConfigMap of the input, in the
 * release's namespace: the YAML text under `valuesKey`, default `values.yaml`, or that one value at
 * `targetPath`), then `spec.values` over them, over the chart's; in `spec.targetNamespace`, else
 * the release's own namespace. A Secret, or a ConfigMap the input does not hold (unless `optional`),
 * leaves them unknown.
 */
function fluxRelease(spec: Obj): ReleaseValues {
  return (namespace, configMaps) => {
    const target = str(spec.targetNamespace) || namespace
    if (target === '') return {unread: 'the release has no namespace in the input (a kustomization may set it)'}
    if (spec.values !== undefined && spec.values !== null && !isObject(spec.values)) return {unread: 'spec.values is not a map'}
    let values: Obj = {}
    for (const ref of Array.isArray(spec.valuesFrom) ? spec.valuesFrom : []) {
      const from = isObject(ref) ? ref : {}
      const where = `${str(from.kind) || 'an object'} ${namespace}/${str(from.name)}`
      if (from.kind !== 'ConfigMap') return {unread: `they come partly from spec.valuesFrom ${where}, which ackctl does not read`}
      const data = configMaps.get(`${namespace}/${str(from.name)}`)
      if (data === undefined) {
        if (from.optional === true) continue
        return {unread: `they come partly from spec.valuesFrom ${where}, which the input does not hold`}
      }
      const key = str(from.valuesKey) || 'values.yaml'
      const text = isObject(data) ? data[key] : undefined
      if (typeof text !== 'string') {
        if (from.optional === true) continue
        return {unread: `spec.valuesFrom ${where} has no key ${key}`}
      }
      const layer = str(from.targetPath) ? setParameter(str(from.targetPath), text, false) : valuesText(text)
      if (layer === undefined) return {unread: `spec.valuesFrom ${where} key ${key} is ${str(from.targetPath) ? 'at a path ackctl does not place' : 'not a YAML map'}`}
      values = mergeValues(values, layer)
    }
    return {values: isObject(spec.values) ? mergeValues(values, spec.values) : values, namespace: target}
  }
}

/**
 * An Argo CD Application source's Helm values: `helm.valuesObject`, else the YAML text `helm.values`
 * (Argo CD passes one of them, the object if both are set), then each of `helm.parameters` as
 * `--set`; in `spec.destination.namespace`.
 */
function argoRelease(spec: Obj, source: Obj): ReleaseValues {
  return () => {
    const helm = isObject(source.helm) ? source.helm : {}
    for (const field of ['valueFiles', 'fileParameters']) {
      if (Array.isArray(helm[field]) && helm[field].length > 0) return {unread: `they come partly from helm.${field} (files of the chart's repository), which ackctl does not read`}
    }
    const destination = isObject(spec.destination) ? spec.destination : {}
    const target = str(destination.namespace)
    if (target === '') return {unread: 'spec.destination.namespace is not set'}
    let values: Obj | undefined = {}
    if (isObject(helm.valuesObject)) values = helm.valuesObject
    else if (typeof helm.values === 'string') values = valuesText(helm.values)
    if (values === undefined) return {unread: 'helm.values is not a YAML map'}
    for (const p of Array.isArray(helm.parameters) ? helm.parameters.filter(isObject) : []) {
      const layer = setParameter(str(p.name), typeof p.value === 'string' ? p.value : String(p.value ?? ''), p.forceString === true)
      if (layer === undefined) return {unread: `the helm.parameters entry ${JSON.stringify(str(p.name))} is a path ackctl does not place`}
      values = mergeValues(values, layer)
    }
    return {values, namespace: target}
  }
}

/**
 * A kustomization's `helmCharts` entry: `valuesInline` over the chart's, rendered in the entry's
 * `namespace` (`default` without one), and moved to the kustomization's `namespace:` when it has one.
 */
function kustomizeRelease(kustomization: Obj, entry: Obj): ReleaseValues {
  return () => {
    for (const field of ['valuesFile', 'additionalValuesFiles']) {
      const v = entry[field]
      if ((typeof v === 'string' && v !== '') || (Array.isArray(v) && v.length > 0)) return {unread: `they come partly from ${field} (files next to the kustomization), which ackctl does not read`}
    }
    if (entry.valuesInline !== undefined && entry.valuesInline !== null && !isObject(entry.valuesInline)) return {unread: 'valuesInline is not a map'}
    const releaseNamespace = str(entry.namespace) || 'default'
    return {values: isObject(entry.valuesInline) ? entry.valuesInline : {}, namespace: str(kustomization.namespace) || releaseNamespace, releaseNamespace}
  }
}

/**
 * GitOps objects that install a chart, and where their spec names it (a chart name, or an OCI URL
 * whose last segment is the chart): Flux `HelmRelease` (`spec.chart.spec.chart`), Flux
 * `OCIRepository` (`spec.url`, what a HelmRelease's `chartRef` points at), Argo CD `Application`
 * (`spec.source.chart`, `spec.sources[].chart`).
 */
const CHART_INSTALLERS: Record<string, {name: string; charts: (spec: Obj) => ChartRef[]}> = {
  'helm.toolkit.fluxcd.io/HelmRelease': {
    name: 'Flux HelmRelease',
    charts: (spec) => chartsOf(isObject(spec.chart) && isObject(spec.chart.spec) ? spec.chart.spec.chart : undefined, fluxRelease(spec)),
  },
  'source.toolkit.fluxcd.io/OCIRepository': {name: 'Flux OCIRepository', charts: (spec) => chartsOf(spec.url)},
  'argoproj.io/Application': {
    name: 'Argo CD Application',
    charts: (spec) => [spec.source, ...(Array.isArray(spec.sources) ? spec.sources : [])]
      .flatMap((s) => (isObject(s) ? chartsOf(s.chart, argoRelease(spec, s)) : [])),
  },
}

/** Records a chart install, and the release whose values to render once the whole input is read. */
function addInstall(snap: Snapshot, pending: Pending, install: ChartInstall, release: ReleaseValues | undefined, namespace: string): void {
  ;(snap.chartInstalls ??= []).push(install)
  if (release) pending.charts.push({install, release, namespace})
}

/**
 * The settings of the controller a chart install renders, read from the rendered container exactly
 * as a Deployment's (`helm template` of the same values gives the same settings). A setting the
 * container takes at run time from what the input does not hold leaves the install unrendered.
 */
function renderChart(snap: Snapshot, install: ChartInstall, {values: user, namespace, releaseNamespace = namespace}: RenderedRelease, configMaps: ReadonlyMap<string, unknown>): void {
  const values = chartValues(user, install.serviceAlias)
  const error = renderError(values)
  if (error !== undefined) {
    install.unrendered = `helm template fails on them, and so does the release: ${error}`
    return
  }
  const container = chartContainer(values, releaseNamespace)
  const {env, unknownVar} = containerEnv(container, namespace, configMaps)
  const args = [...(container.command as string[]), ...(container.args as string[])]
  const settings = settingsFromContainer(defaultSettings(install.serviceAlias), args, env, `${install.describe} (values as ${install.chart} renders them)`, unknownVar)
  if (settings.unknown) {
    const fields = Object.entries(settings.unknown).map(([f, u]) => `${f} (${u.via}: ${u.source})`).sort(compareStrings)
    install.unrendered = `deployment.extraEnvVars sets ${fields.join(', ')} at run time`
    return
  }
  install.settings = settings
  const ignored = ignoredValues(values)
  if (ignored.length > 0) install.ignoredValues = ignored
  // The controller's role (IRSA): on the ServiceAccount the chart makes, or on the one it names.
  const account = chartServiceAccount(values)
  const annotations = account.create ? account.annotations : snap.serviceAccounts.find((s) => s.namespace === namespace && s.name === account.name)?.annotations
  const roleARN = annotations?.[IRSA_ANNOTATION]
  install.serviceAccount = `${namespace}/${account.name}`
  if (roleARN) install.roleARN = roleARN
}

/**
 * Which of the cut-over's two settings (`--enable-carm`, `--feature-gates`) the container takes from
 * a variable of an `envFrom` ConfigMap, as OLM (OperatorHub) installs do: `--enable-carm=$(ENABLE_CARM)`
 * with ENABLE_CARM in `ack-<service>-user-config`. The ConfigMap is the one that sets the variable
 * (containerEnv's `fromConfigMap`); when none in the input does, the container's only `envFrom`
 * ConfigMap that the input does not hold (and whose prefix fits), if there is one.
 */
function settingConfigMaps(args: string[], namespace: string, environment: ReturnType<typeof containerEnv>): ControllerObject['settingConfigMaps'] {
  // The flags as the controller parses them, before expansion: the value's text names the variable.
  const raw = parseControllerArgs(args)
  const out: NonNullable<ControllerObject['settingConfigMaps']> = {}
  for (const field of ['enableCARM', 'featureGates'] as const) {
    const variable = /^\$\(([A-Za-z_][A-Za-z0-9_]*)\)$/.exec(raw[field] ?? '')?.[1]
    // A variable an `env` entry sets is the Deployment's own, not a ConfigMap's to change.
    if (variable === undefined || environment.entries.has(variable)) continue
    const held = environment.fromConfigMap.get(variable)
    const absent = environment.absentConfigMaps.filter((m) => variable.startsWith(m.prefix))
    const source = held ?? (absent.length === 1 ? absent[0] : undefined)
    if (source === undefined) continue
    out[field] = {variable, namespace, configMap: source.configMap, key: variable.slice(source.prefix.length), inInput: held !== undefined}
  }
  return Object.keys(out).length > 0 ? out : undefined
}

/**
 * The ACK system namespace a controller container runs with, from the ConfigMaps given (`data` by
 * `namespace/name`), as decoding the Deployment with them finds it: for a live read, which learns
 * it from a ConfigMap (`envFrom`, `configMapKeyRef`) only after reading that ConfigMap.
 */
export function ackSystemNamespaceFrom(container: Obj, namespace: string, configMaps: ReadonlyMap<string, unknown>): string {
  const {env} = containerEnv(container, namespace, configMaps)
  return settingsFromContainer(defaultSettings(''), [], env, '').ackSystemNamespace
}

function decodeDeployment(snap: Snapshot, object: Obj, location: SourceLocation | undefined, configMaps: ReadonlyMap<string, unknown>): void {
  const meta = isObject(object.metadata) ? object.metadata : {}
  const name = str(meta.name)
  const namespace = str(meta.namespace) || 'default'
  const spec = isObject(object.spec) ? object.spec : {}
  const template = isObject(spec.template) ? spec.template : {}
  const podSpec = isObject(template.spec) ? template.spec : {}
  const containers = Array.isArray(podSpec.containers) ? podSpec.containers.filter(isObject) : []
  for (const c of containers) {
    const image = str(c.image)
    const alias = controllerService(c, meta)
    if (alias === undefined) continue
    const environment = containerEnv(c, namespace, configMaps)
    const {env, unknownVar} = environment
    const args = [...(Array.isArray(c.command) ? c.command : []), ...(Array.isArray(c.args) ? c.args : [])].map(String)
    const serviceAccountName = str(podSpec.serviceAccountName) || str(podSpec.serviceAccount) || 'default'
    const where = `Deployment ${namespace}/${name}`
    const settings = settingsFromContainer(defaultSettings(alias), args, env, where, unknownVar)
    const sa = snap.serviceAccounts.find((s) => s.namespace === namespace && s.name === serviceAccountName)
    const roleARN = sa?.annotations[IRSA_ANNOTATION]
    const fromConfigMaps = settingConfigMaps(args, namespace, environment)
    const controller: ControllerObject = {
      name, namespace, serviceAlias: alias, image, args, env, serviceAccountName, settings,
      ...(fromConfigMaps ? {settingConfigMaps: fromConfigMaps} : {}),
      ...(isObject(meta.annotations) && Object.keys(meta.annotations).length > 0 ? {annotations: strMap(meta.annotations)} : {}),
      ...(roleARN ? {roleARN} : {}), ...(location ? {location} : {}),
    }
    snap.controllers.push(controller)
    return
  }
}

/**
 * The same object given twice (overlapping -f paths, a dump plus a manifest) is kept once: the last
 * one, as `kubectl apply` of both would leave it. Each repeat is reported.
 */
function dedupe<T extends {name: string; location?: SourceLocation}>(snap: Snapshot, items: T[], key: (t: T) => string, ref: (t: T) => ObjectRef): T[] {
  const last = new Map<string, T>()
  for (const item of items) {
    const k = key(item)
    const earlier = last.get(k)
    if (earlier) {
      repeated(snap, ref(item), earlier, item)
      last.delete(k)
    }
    last.set(k, item)
  }
  return last.size === items.length ? items : [...last.values()]
}

function repeated(snap: Snapshot, object: ObjectRef, earlier: {location?: SourceLocation}, item: {location?: SourceLocation}): void {
  const where = (t: {location?: SourceLocation}) => (t.location ? `${t.location.file}${t.location.line ? `:${t.location.line}` : ''}` : 'the cluster')
  snap.findings.push({
    rule: 'input-duplicate', severity: 'warning',
    message: `${object.kind} ${object.namespace ? `${object.namespace}/` : ''}${object.name} is in the input twice (${where(earlier)} and ${where(item)}); ackctl uses the last one`,
    object,
  })
}

/**
 * Resources without metadata.namespace are resolved in "default", where `kubectl apply` puts them only
 * without `-n` and in a context without a namespace: one finding says so, naming the first.
 */
function namespaceAssumed(resources: AckResourceObject[]): Finding {
  const [first] = resources
  const more = resources.length > 1 ? ` and ${resources.length - 1} more ACK resource${resources.length > 2 ? 's' : ''}` : ''
  return {
    rule: 'namespace-assumed', severity: 'info',
    message: `${first.kind} ${first.name}${more} ${more ? 'have' : 'has'} no metadata.namespace: ackctl resolves ${more ? 'them' : 'it'} in "default", as kubectl apply without -n does in a context without a namespace; if applied with -n NS (or helm install -n NS), give ${more ? 'them their' : 'it its'} namespace in the files ackctl reads (helm template -n NS, kustomize's namespace:)`,
    object: {apiVersion: first.apiVersion, kind: first.kind, namespace: 'default', name: first.name},
    ...(first.location ? {file: first.location.file, line: first.location.line} : {}),
  }
}

function finish(snap: Snapshot, crdKinds: Map<string, AckKind>, labelPatches: LabelPatch[]): void {
  snap.namespaces = dedupe(snap, snap.namespaces, (n) => n.name, (n) => ({apiVersion: 'v1', kind: 'Namespace', name: n.name}))
  const byName = new Map(snap.namespaces.map((n) => [n.name, n]))
  for (const patch of labelPatches) {
    const target = byName.get(patch.name)
    if (target) target.labels = {...target.labels, ...patch.labels}
    else {
      const created = {name: patch.name, labels: patch.labels, annotations: {}, ...(patch.location ? {location: patch.location} : {})}
      snap.namespaces.push(created)
      byName.set(patch.name, created)
    }
  }
  snap.configMaps = dedupe(snap, snap.configMaps, (c) => `${c.namespace}/${c.name}`, (c) => ({apiVersion: 'v1', kind: 'ConfigMap', namespace: c.namespace, name: c.name}))
  snap.selectors = dedupe(snap, snap.selectors, (x) => x.name, (x) => ({apiVersion: 'services.k8s.aws/v1alpha1', kind: 'IAMRoleSelector', name: x.name}))
  snap.serviceAccounts = dedupe(snap, snap.serviceAccounts, (a) => `${a.namespace}/${a.name}`, (a) => ({apiVersion: 'v1', kind: 'ServiceAccount', namespace: a.namespace, name: a.name}))
  snap.controllers = dedupe(snap, snap.controllers, (c) => `${c.namespace}/${c.name}`, (c) => ({apiVersion: 'apps/v1', kind: 'Deployment', namespace: c.namespace, name: c.name}))
  const input = snap.resources
  const {sorted, replaced} = sortedResources(snap, input)
  snap.resources = sorted
  if (snap.selectorCrdInstalled === undefined && crdKinds.size > 0) snap.selectorCrdInstalled = false
  const kinds = new Map(crdKinds)
  // A kind without a CRD takes the version of its first resource in input order (of the copies kept).
  for (const r of input) {
    if (replaced.size > 0 && replaced.has(r)) continue
    const key = `${r.group}/${r.kind}`
    if (!kinds.has(key)) kinds.set(key, {group: r.group, version: r.version, kind: r.kind, origin: 'resource'})
  }
  snap.kinds = [...kinds.values()].sort((a, b) => compareStrings(a.group, b.group) || compareStrings(a.kind, b.kind))
  const byNsName = (a: {namespace?: string; name: string}, b: {namespace?: string; name: string}) =>
    compareStrings(a.namespace ?? '', b.namespace ?? '') || compareStrings(a.name, b.name)
  snap.namespaces.sort((a, b) => compareStrings(a.name, b.name))
  snap.configMaps.sort(byNsName)
  snap.selectors.sort((a, b) => compareStrings(a.name, b.name))
  snap.serviceAccounts.sort(byNsName)
  snap.controllers.sort(byNsName)
}

/**
 * Resources sorted by namespace, group, kind and name, each kept once as `dedupe` keeps it: two API
 * versions of one object are the same object (the key uses the group only), the last one is kept and
 * each repeat is reported. The sort is stable, so repeats end up side by side in input order and one
 * pass finds them, without a key string and a map entry for each of 200k resources.
 */
function sortedResources(snap: Snapshot, resources: AckResourceObject[]): {sorted: AckResourceObject[]; replaced: Set<AckResourceObject>} {
  const all = resources.slice().sort((a, b) =>
    compareStrings(a.namespace, b.namespace) || compareStrings(a.group, b.group) || compareStrings(a.kind, b.kind) || compareStrings(a.name, b.name))
  const sorted: AckResourceObject[] = []
  const replaced = new Set<AckResourceObject>()
  for (const r of all) {
    const earlier = sorted.length > 0 ? sorted[sorted.length - 1] : undefined
    if (earlier && earlier.namespace === r.namespace && earlier.group === r.group && earlier.kind === r.kind && earlier.name === r.name) {
      repeated(snap, {apiVersion: r.apiVersion, kind: r.kind, namespace: r.namespace, name: r.name}, earlier, r)
      sorted[sorted.length - 1] = r
      replaced.add(earlier)
    } else sorted.push(r)
  }
  return {sorted, replaced}
}

export type {Finding}
