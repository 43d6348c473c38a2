/**
 * A loopback Kubernetes API server for tests: discovery (/api, /apis, /api/v1, /apis/<g>/<v>),
 * LIST with limit/continue/remainingItemCount/resourceVersion, GET of one object, field and label
 * selectors (equality), Status errors, optional RBAC (ClusterRole-style rules), injectable faults
 * (any status, Retry-After, slow answers, expired continue tokens), per-request latency, gzip like
 * kube-apiserver, and a log of every request. Writes answer 405: it is a read-only server.
 * Checked against the real `kubectl` in test/live/fake-kube.test.ts.
 */
import {mkdirSync, readFileSync, readdirSync, statSync, writeFileSync} from 'node:fs'
import * as http from 'node:http'
import type {AddressInfo} from 'node:net'
import {join} from 'node:path'
import {gzipSync} from 'node:zlib'
import {parseAllDocuments} from 'yaml'

type Obj = Record<string, unknown>

export interface RecordedRequest {
  method: string
  path: string
  query: Record<string, string>
  status: number
  accept?: string
  authorization?: string
}

/** A rule as in a ClusterRole; `namespaces` (a fake-only extension) scopes it like a RoleBinding. */
export interface PolicyRule {
  apiGroups: string[]
  resources: string[]
  verbs: string[]
  namespaces?: string[]
}

export interface Fault {
  /** Matches when all given fields match. `resource` is the plural; `namespace` '' = cluster scope. */
  resource?: string
  namespace?: string
  path?: string | RegExp
  /** Only requests that carry a continue token. */
  withContinue?: boolean
  /** HTTP status to answer with (a Status body); omit for a slow but normal answer. */
  status?: number
  reason?: string
  message?: string
  retryAfterSeconds?: number
  delayMs?: number
  /** How many requests it applies to (default: all). */
  times?: number
}

export interface FakeKubeOptions {
  objects?: unknown[]
  /** YAML files or directories (recursively) with objects or Lists. */
  files?: string[]
  latencyMs?: number
  /** The server never returns more than this many items per page (0 = honour `limit` only). */
  maxPageSize?: number
  rbac?: PolicyRule[]
  user?: string
}

const ANSWER = (status: number, reason: string, message: string, details: Obj = {}, extra: Obj = {}) => ({
  kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, details, code: status, ...extra,
})

export class FakeKube {
  readonly requests: RecordedRequest[] = []
  readonly catalog = new Catalog()
  private readonly faults: Array<Fault & {used: number}> = []
  private server?: http.Server
  private inFlight = 0
  /** The most requests that were being answered at the same time. */
  maxInFlight = 0
  url = ''

  constructor(private readonly options: FakeKubeOptions = {}) {
    for (const o of options.objects ?? []) this.catalog.add(o)
    for (const f of options.files ?? []) for (const o of readYamlObjects(f)) this.catalog.add(o)
    this.catalog.seal()
  }

  static async start(options: FakeKubeOptions = {}): Promise<FakeKube> {
    const fake = new FakeKube(options)
    await fake.listen()
    return fake
  }

  async listen(port = 0): Promise<void> {
    this.server = http.createServer((req, res) => {
      this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight)
      res.on('close', () => this.inFlight--)
      this.handle(req, res).catch((error: Error) => {
        res.writeHead(500, {'Content-Type': 'application/json'})
        res.end(JSON.stringify(ANSWER(500, 'InternalError', error.message)))
      })
    })
    this.server.keepAliveTimeout = 30_000
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections()
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()))
  }

  /** Changes the delay added to every answer (benchmarks compare with and without). */
  setLatency(ms: number): void {
    this.options.latencyMs = ms
  }

  addFault(fault: Fault): void {
    this.faults.push({...fault, used: 0})
  }

  /** Requests other than discovery that list or get objects. */
  get apiRequests(): RecordedRequest[] {
    return this.requests.filter((r) => !isDiscovery(r.path))
  }

  /** A kubeconfig for this server (plain http, so `insecure-skip-tls-verify: true` as client-node requires). */
  writeKubeconfig(dir: string, contexts: string[] = ['fake']): string {
    mkdirSync(dir, {recursive: true})
    const file = join(dir, 'kubeconfig')
    const lines = [
      'apiVersion: v1', 'kind: Config', `current-context: ${contexts[0]}`,
      'clusters:', '- name: fake', '  cluster:', `    server: ${this.url}`, '    insecure-skip-tls-verify: true',
      'users:', '- name: tester', '  user:', '    token: fake-token',
      'contexts:', ...contexts.flatMap((c) => [`- name: ${c}`, '  context:', '    cluster: fake', '    user: tester']),
    ]
    writeFileSync(file, lines.join('\n') + '\n')
    return file
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake')
    const record: RecordedRequest = {
      method: req.method ?? '', path: url.pathname, query: Object.fromEntries(url.searchParams), status: 0,
      ...(req.headers.accept ? {accept: req.headers.accept} : {}),
      ...(req.headers.authorization ? {authorization: req.headers.authorization} : {}),
    }
    this.requests.push(record)
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      record.status = status
      let payload: Buffer = Buffer.from(JSON.stringify(body))
      const out: Record<string, string> = {'Content-Type': 'application/json', ...headers}
      // kube-apiserver compresses answers over 128 KiB when the client accepts gzip.
      if (payload.length > 128 * 1024 && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
        payload = gzipSync(payload)
        out['Content-Encoding'] = 'gzip'
      }
      res.writeHead(status, out)
      res.end(payload)
    }
    if (this.options.latencyMs) await sleep(this.options.latencyMs)
    if (req.method !== 'GET') {
      send(405, ANSWER(405, 'MethodNotAllowed', `the fake API server is read-only: ${req.method} is not allowed`))
      return
    }
    const discovery = this.catalog.discovery(url.pathname)
    if (discovery !== undefined) {
      send(200, discovery)
      return
    }
    const target = this.catalog.route(url.pathname)
    if (!target) {
      send(404, ANSWER(404, 'NotFound', 'the server could not find the requested resource'))
      return
    }
    const fault = this.faults.find((f) => f.used < (f.times ?? Infinity) && matches(f, target.type, target.namespace, url))
    if (fault) {
      fault.used++
      if (fault.delayMs) await sleep(fault.delayMs)
      if (fault.status !== undefined) {
        const headers: Record<string, string> = fault.retryAfterSeconds === undefined ? {} : {'Retry-After': String(fault.retryAfterSeconds)}
        const details = fault.retryAfterSeconds === undefined ? {} : {retryAfterSeconds: fault.retryAfterSeconds}
        send(fault.status, ANSWER(fault.status, fault.reason ?? defaultReason(fault.status), fault.message ?? `injected ${fault.status}`, details), headers)
        return
      }
    }
    const verb = target.name === undefined ? (url.searchParams.get('watch') === 'true' ? 'watch' : 'list') : 'get'
    if (!this.allowed(verb, target.type, target.namespace)) {
      const scope = target.namespace === undefined ? 'at the cluster scope' : `in the namespace "${target.namespace}"`
      send(403, ANSWER(403, 'Forbidden',
        `${resourceId(target.type)} is forbidden: User "${this.options.user ?? 'tester'}" cannot ${verb} resource "${target.type.plural}" in API group "${target.type.group}" ${scope}`,
        {group: target.type.group, kind: target.type.plural}))
      return
    }
    if (verb === 'watch') {
      send(400, ANSWER(400, 'BadRequest', 'the fake API server does not serve watches'))
      return
    }
    if (target.name !== undefined) {
      const found = this.catalog.get(target.type, target.namespace, target.name)
      if (found) send(200, found)
      else send(404, ANSWER(404, 'NotFound', `${resourceId(target.type)} "${target.name}" not found`, {name: target.name, group: target.type.group, kind: target.type.plural}))
      return
    }
    const page = this.catalog.list(target.type, target.namespace, url.searchParams, this.options.maxPageSize ?? 0)
    if ('expired' in page) {
      send(410, ANSWER(410, 'Expired', 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.'))
      return
    }
    send(200, page)
  }

  private allowed(verb: string, type: ResourceType, namespace: string | undefined): boolean {
    const rules = this.options.rbac
    if (!rules) return true
    return rules.some((r) =>
      (r.verbs.includes(verb) || r.verbs.includes('*')) &&
      (r.apiGroups.includes(type.group) || r.apiGroups.includes('*')) &&
      (r.resources.includes(type.plural) || r.resources.includes('*')) &&
      (r.namespaces === undefined || (namespace !== undefined && r.namespaces.includes(namespace))))
  }
}

function matches(f: Fault, type: ResourceType, namespace: string | undefined, url: URL): boolean {
  if (f.resource !== undefined && f.resource !== type.plural) return false
  if (f.namespace !== undefined && f.namespace !== (namespace ?? '')) return false
  if (f.withContinue && !url.searchParams.get('continue')) return false
  if (typeof f.path === 'string' && f.path !== url.pathname) return false
  if (f.path instanceof RegExp && !f.path.test(url.pathname)) return false
  return true
}

function defaultReason(status: number): string {
  return ({403: 'Forbidden', 404: 'NotFound', 410: 'Expired', 429: 'TooManyRequests', 500: 'InternalError', 503: 'ServiceUnavailable'} as Record<number, string>)[status] ?? 'Unknown'
}

function resourceId(t: ResourceType): string {
  return t.group === '' ? t.plural : `${t.plural}.${t.group}`
}

export function isDiscovery(path: string): boolean {
  return path === '/api' || path === '/apis' || path === '/version' || /^\/api\/v1$/.test(path) || /^\/apis\/[^/]+\/[^/]+$/.test(path)
}

/** Every object in YAML files (documents and List items alike), directories read recursively. */
export function readYamlObjects(path: string): unknown[] {
  if (statSync(path).isDirectory()) {
    return readdirSync(path).sort().filter((n) => !n.startsWith('.'))
      .flatMap((n) => (statSync(join(path, n)).isDirectory() || /\.(ya?ml|json)$/.test(n) ? readYamlObjects(join(path, n)) : []))
  }
  return parseAllDocuments(readFileSync(path, 'utf8')).flatMap((d) => {
    const o = d.toJS() as Obj | null
    if (!o || typeof o !== 'object') return []
    return Array.isArray(o.items) && typeof o.kind === 'string' && o.kind.endsWith('List') ? o.items : [o]
  })
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

// ---------------------------------------------------------------------------------------------
// The object store and the API surface it implies (built-in types, CRDs, discovery, paging).

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
