import {TransportError, type ApiResponse, type KubeClient} from './client.js'

/** One LIST ackctl makes: a resource type, cluster-wide or in one namespace. */
export interface Collection {
  group: string
  version: string
  plural: string
  kind: string
  /** Only this namespace; absent = cluster scope (all namespaces for namespaced types). */
  namespace?: string
  fieldSelector?: string
}

/** `namespaces`, `deployments.apps`: how RBAC and kubectl name a resource. */
export function resourceName(c: Pick<Collection, 'group' | 'plural'>): string {
  return c.group === '' ? c.plural : `${c.plural}.${c.group}`
}

/** The RBAC permission a collection needs, e.g. `list iamroleselectors.services.k8s.aws at cluster scope`. */
export function permission(c: Collection): string {
  return `list ${resourceName(c)} ${c.namespace === undefined ? 'at cluster scope' : `in namespace ${c.namespace}`}`
}

export function collectionPath(c: Collection): string {
  const prefix = c.group === '' ? `/api/${c.version}` : `/apis/${c.group}/${c.version}`
  return `${prefix}${c.namespace === undefined ? '' : `/namespaces/${encodeURIComponent(c.namespace)}`}/${c.plural}`
}

export type ListResult =
  | {ok: true; items: Array<Record<string, unknown>>; pages: number}
  /** `status` 0 = no HTTP answer (timeout, connection). */
  | {ok: false; status: number; reason: string; message: string}

export interface ListOptions {
  pageSize: number
  /** Restarts after a 410 Gone (expired continue token) at most this many times. */
  maxRestarts?: number
  onPage?: (items: number) => void
}

/**
 * All items of one collection, page by page (`limit`/`continue`), as one consistent list.
 * A 410 Gone on a continue token means the snapshot expired: the list starts again from the top.
 * Items get `apiVersion` and `kind` (typed lists omit them per item), and lose `managedFields`.
 */
export async function listAll(client: KubeClient, c: Collection, opts: ListOptions): Promise<ListResult> {
  const maxRestarts = opts.maxRestarts ?? 3
  const apiVersion = c.group === '' ? c.version : `${c.group}/${c.version}`
  let restarts = 0
  let items: Array<Record<string, unknown>> = []
  let pages = 0
  let token: string | undefined
  for (;;) {
    let response: ApiResponse
    try {
      response = await client.get(collectionPath(c), {limit: String(opts.pageSize), continue: token, fieldSelector: c.fieldSelector})
    } catch (error) {
      if (error instanceof TransportError) return {ok: false, status: 0, reason: error.kind, message: error.message}
      throw error
    }
    pages++
    if (response.status === 410 && token !== undefined && restarts < maxRestarts) {
      restarts++
      items = []
      token = undefined
      continue
    }
    if (response.status !== 200) return failure(response)
    const list = response.body as {items?: unknown; metadata?: {continue?: unknown}} | undefined
    if (!list || typeof list !== 'object' || !Array.isArray(list.items)) {
      return {ok: false, status: 200, reason: 'BadResponse', message: 'the answer is not a Kubernetes list'}
    }
    for (const raw of list.items) {
      if (raw === null || typeof raw !== 'object') continue
      const {apiVersion: _a, kind: _k, ...rest} = raw as Record<string, unknown>
      const metadata = rest.metadata as Record<string, unknown> | undefined
      if (metadata && 'managedFields' in metadata) {
        const {managedFields: _m, ...kept} = metadata
        rest.metadata = kept
      }
      items.push({apiVersion, kind: c.kind, ...rest})
    }
    opts.onPage?.(list.items.length)
    const next = list.metadata?.continue
    if (typeof next !== 'string' || next === '') return {ok: true, items, pages}
    token = next
  }
}

function failure(response: ApiResponse): ListResult {
  const status = response.body as {reason?: unknown; message?: unknown} | undefined
  const isStatus = status !== null && typeof status === 'object'
  return {
    ok: false,
    status: response.status,
    reason: isStatus && typeof status.reason === 'string' ? status.reason : `HTTP ${response.status}`,
    message: isStatus && typeof status.message === 'string' ? status.message : typeof response.body === 'string' ? response.body.slice(0, 200) : '',
  }
}
