/**
 * The object store behind the loopback Kubernetes API (test/support/fake-kube.ts): built-in types
 * and CRDs, discovery documents, routing of API paths, and LIST paging with selectors.
 */

type Obj = Record<string, unknown>

/** A served resource type. */
export interface ResourceType {
  group: string
  versions: string[]
  plural: string
  singular: string
  kind: string
  namespaced: boolean
  /** Built-in types omit apiVersion/kind on list items; custom resources keep them. */
  builtin: boolean
}

const BUILTIN: Record<string, {plural: string; namespaced: boolean}> = {
  '/Namespace': {plural: 'namespaces', namespaced: false},
  '/ConfigMap': {plural: 'configmaps', namespaced: true},
  '/ServiceAccount': {plural: 'serviceaccounts', namespaced: true},
  '/Secret': {plural: 'secrets', namespaced: true},
  '/Pod': {plural: 'pods', namespaced: true},
  'apps/Deployment': {plural: 'deployments', namespaced: true},
  'apiextensions.k8s.io/CustomResourceDefinition': {plural: 'customresourcedefinitions', namespaced: false},
}

/** kube-style pluralisation for synthesised CRDs (`Policy` -> `policies`). */
export function pluralOf(kind: string): string {
  const k = kind.toLowerCase()
  if (/[^aeiou]y$/.test(k)) return k.slice(0, -1) + 'ies'
  if (/(s|x|ch|sh)$/.test(k)) return k + 'es'
  return k + 's'
}

const isCustomGroup = (g: string) => g.includes('.') && !g.endsWith('.k8s.io')
const splitApiVersion = (av: string) => (av.includes('/') ? {group: av.slice(0, av.lastIndexOf('/')), version: av.slice(av.lastIndexOf('/') + 1)} : {group: '', version: av})
const meta = (o: Obj): Obj => (o.metadata ??= {}) as Obj
const keyOf = (t: Pick<ResourceType, 'group' | 'plural'>) => `${t.group}/${t.plural}`

export class Catalog {
  readonly types = new Map<string, ResourceType>()
  private readonly store = new Map<string, Obj[]>()
  private pending: Obj[] = []
  private rv = 1000

  add(object: unknown): void {
    if (object && typeof object === 'object' && typeof (object as Obj).apiVersion === 'string' && typeof (object as Obj).kind === 'string') {
      this.pending.push(structuredClone(object) as Obj)
    }
  }

  /** Builds the served types (built-ins, CRDs, synthesised CRDs), namespaces and resourceVersions. */
  seal(): void {
    const objects = this.pending
    this.pending = []
    const crds = objects.filter((o) => o.kind === 'CustomResourceDefinition')
    for (const crd of crds) this.addCrdType(crd)
    const namespaces = new Set(objects.filter((o) => o.kind === 'Namespace').map((o) => String(meta(o).name)))
    for (const o of [...objects]) {
      const {group, version} = splitApiVersion(String(o.apiVersion))
      const kind = String(o.kind)
      let type = [...this.types.values()].find((t) => t.group === group && t.kind === kind)
      if (!type && isCustomGroup(group)) {
        const plural = pluralOf(kind)
        const crd = {
          apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: {name: `${plural}.${group}`},
          spec: {group, names: {kind, plural, singular: kind.toLowerCase(), listKind: `${kind}List`}, scope: kind === 'IAMRoleSelector' ? 'Cluster' : 'Namespaced',
            versions: [{name: version, served: true, storage: true, schema: {openAPIV3Schema: {type: 'object', 'x-kubernetes-preserve-unknown-fields': true}}}]},
        }
        objects.push(crd)
        type = this.addCrdType(crd)
      }
      if (!type) {
        const b = BUILTIN[`${group}/${kind}`]
        const plural = b?.plural ?? pluralOf(kind)
        type = {group, versions: [version], plural, singular: kind.toLowerCase(), kind, namespaced: b?.namespaced ?? true, builtin: true}
        this.types.set(keyOf(type), type)
      } else if (!type.versions.includes(version)) type.versions.push(version)
      if (type.namespaced) {
        const m = meta(o)
        if (typeof m.namespace !== 'string' || m.namespace === '') m.namespace = 'default'
        if (!namespaces.has(String(m.namespace))) {
          namespaces.add(String(m.namespace))
          objects.push({apiVersion: 'v1', kind: 'Namespace', metadata: {name: m.namespace}})
        }
      }
    }
    for (const b of ['/Namespace', '/ConfigMap', '/ServiceAccount', 'apps/Deployment', 'apiextensions.k8s.io/CustomResourceDefinition']) {
      const [group, kind] = b.split('/')
      if (![...this.types.values()].some((t) => t.group === group && t.kind === kind)) {
        const t = {group, versions: [group === '' ? 'v1' : 'v1'], plural: BUILTIN[b].plural, singular: kind.toLowerCase(), kind, namespaced: BUILTIN[b].namespaced, builtin: true}
        this.types.set(keyOf(t), t)
      }
    }
    for (const o of objects) {
      const {group} = splitApiVersion(String(o.apiVersion))
      const type = [...this.types.values()].find((t) => t.group === group && t.kind === o.kind)!
      const m = meta(o)
      if (o.kind === 'Namespace') m.labels = {'kubernetes.io/metadata.name': m.name, ...(m.labels as Obj | undefined)}
      m.resourceVersion ??= String(++this.rv)
      m.uid ??= `00000000-0000-4000-8000-${String(this.rv).padStart(12, '0')}`
      const list = this.store.get(keyOf(type)) ?? []
      list.push(o)
      this.store.set(keyOf(type), list)
    }
    for (const list of this.store.values()) list.sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0))
  }

  private addCrdType(crd: Obj): ResourceType {
    const spec = crd.spec as Obj
    const names = spec.names as Obj
    const versions = (spec.versions as Obj[]).filter((v) => v.served !== false).map((v) => String(v.name))
    const type: ResourceType = {
      group: String(spec.group), versions, plural: String(names.plural), singular: String(names.singular ?? String(names.kind).toLowerCase()),
      kind: String(names.kind), namespaced: spec.scope !== 'Cluster', builtin: false,
    }
    this.types.set(keyOf(type), type)
    return type
  }

  get resourceVersion(): string {
    return String(this.rv)
  }

  count(plural: string, group = ''): number {
    return this.store.get(`${group}/${plural}`)?.length ?? 0
  }

  /** Discovery documents, or undefined when the path is not a discovery path. */
  discovery(path: string): unknown {
    const types = [...this.types.values()]
    const resources = (group: string, version: string) => types.filter((t) => t.group === group && t.versions.includes(version)).map((t) => ({
      name: t.plural, singularName: t.singular, namespaced: t.namespaced, kind: t.kind, verbs: ['get', 'list'],
    }))
    if (path === '/version') return {major: '1', minor: '30', gitVersion: 'v1.30.0', platform: 'linux/amd64'}
    if (path === '/api') return {kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1'}]}
    if (path === '/api/v1') return {kind: 'APIResourceList', groupVersion: 'v1', resources: resources('', 'v1')}
    if (path === '/apis') {
      const groups = [...new Set(types.filter((t) => t.group !== '').map((t) => t.group))].sort()
      return {
        kind: 'APIGroupList', apiVersion: 'v1',
        groups: groups.map((name) => {
          const versions = [...new Set(types.filter((t) => t.group === name).flatMap((t) => t.versions))].map((version) => ({groupVersion: `${name}/${version}`, version}))
          return {name, versions, preferredVersion: versions[0]}
        }),
      }
    }
    const m = /^\/apis\/([^/]+)\/([^/]+)$/.exec(path)
    if (m) {
      const list = resources(m[1], m[2])
      return list.length === 0 ? undefined : {kind: 'APIResourceList', apiVersion: 'v1', groupVersion: `${m[1]}/${m[2]}`, resources: list}
    }
    return undefined
  }

  /** `/api/v1/namespaces/ns/configmaps/name` -> type, namespace, name. */
  route(path: string): {type: ResourceType; version: string; namespace?: string; name?: string} | undefined {
    const m = /^\/api\/(v1)\/(.+)$/.exec(path) ?? /^\/apis\/([^/]+\/[^/]+)\/(.+)$/.exec(path)
    if (!m) return undefined
    const {group, version} = splitApiVersion(m[1])
    let parts = m[2].split('/').map(decodeURIComponent)
    let namespace: string | undefined
    if (parts[0] === 'namespaces' && parts.length >= 3) {
      namespace = parts[1]
      parts = parts.slice(2)
    }
    if (parts.length > 2) return undefined
    const type = this.types.get(`${group}/${parts[0]}`)
    if (!type || !type.versions.includes(version) || (namespace !== undefined && !type.namespaced)) return undefined
    return {type, version, ...(namespace === undefined ? {} : {namespace}), ...(parts[1] === undefined ? {} : {name: parts[1]})}
  }

  get(type: ResourceType, namespace: string | undefined, name: string): Obj | undefined {
    return (this.store.get(keyOf(type)) ?? []).find((o) => meta(o).name === name && (namespace === undefined || meta(o).namespace === namespace))
  }

  list(type: ResourceType, namespace: string | undefined, params: URLSearchParams, maxPageSize: number): Obj | {expired: true} {
    const fieldSelector = params.get('fieldSelector') ?? ''
    const labelSelector = params.get('labelSelector') ?? ''
    const all = (this.store.get(keyOf(type)) ?? []).filter((o) =>
      (namespace === undefined || meta(o).namespace === namespace) && selects(fieldSelector, fieldsOf(o)) && selects(labelSelector, (meta(o).labels ?? {}) as Obj))
    let start = 0
    const token = params.get('continue')
    if (token) {
      try {
        const decoded = JSON.parse(Buffer.from(token, 'base64url').toString()) as {rv: string; start: number; key: string}
        if (decoded.key !== keyOf(type) || decoded.rv !== this.resourceVersion) return {expired: true}
        start = decoded.start
      } catch {
        return {expired: true}
      }
    }
    const requested = Number(params.get('limit') ?? '0') || 0
    const limit = maxPageSize > 0 ? (requested > 0 ? Math.min(requested, maxPageSize) : maxPageSize) : requested
    const end = limit > 0 ? Math.min(all.length, start + limit) : all.length
    const items = all.slice(start, end).map((o) => {
      if (!type.builtin) return o
      const {apiVersion: _a, kind: _k, ...rest} = o
      return rest
    })
    const more = end < all.length
    return {
      apiVersion: type.group === '' ? 'v1' : `${type.group}/${type.versions[0]}`,
      kind: `${type.kind}List`,
      metadata: {
        resourceVersion: this.resourceVersion,
        ...(more ? {continue: Buffer.from(JSON.stringify({rv: this.resourceVersion, start: end, key: keyOf(type)})).toString('base64url')} : {}),
        ...(more && !fieldSelector && !labelSelector ? {remainingItemCount: all.length - end} : {}),
      },
      items,
    }
  }
}

function sortKey(o: Obj): string {
  return `${String(meta(o).namespace ?? '')}/${String(meta(o).name ?? '')}`
}

function fieldsOf(o: Obj): Obj {
  return {'metadata.name': meta(o).name, 'metadata.namespace': meta(o).namespace ?? ''}
}

/** Equality-based selectors: `a=b`, `a==b`, `a!=b`, `a` (exists), `!a`, comma = AND. */
function selects(selector: string, values: Obj): boolean {
  return selector.split(',').filter((s) => s.trim() !== '').every((term) => {
    const t = term.trim()
    const ne = /^([^!=]+)!=(.*)$/.exec(t)
    if (ne) return values[ne[1]] !== ne[2]
    const eq = /^([^!=]+)==?(.*)$/.exec(t)
    if (eq) return values[eq[1]] === eq[2]
    return t.startsWith('!') ? !(t.slice(1) in values) : t in values
  })
}
