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

import {Catalog, type ResourceType} from './fake-kube-catalog.js'

export {Catalog, pluralOf, type ResourceType} from './fake-kube-catalog.js'

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
      // Faults on discovery paths (`path` only): an expired token, a slow server, a proxy in between.
      const fault = this.faults.find((f) => f.used < (f.times ?? Infinity) && f.resource === undefined && f.path !== undefined &&
        (typeof f.path === 'string' ? f.path === url.pathname : f.path.test(url.pathname)))
      if (fault) {
        fault.used++
        if (fault.delayMs) await sleep(fault.delayMs)
        if (fault.status !== undefined) {
          send(fault.status, ANSWER(fault.status, fault.reason ?? defaultReason(fault.status), fault.message ?? `injected ${fault.status}`, {}))
          return
        }
      }
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
