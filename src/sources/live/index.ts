import {compareStrings} from '../../core/values.js'
import type {Finding} from '../../core/types.js'
import type {RawDocument} from '../decode.js'
import {preflight} from './preflight.js'
import {KubeClient} from './client.js'
import {CredentialError, connect, type Connection} from './kubeconfig.js'
import {listAll, permission, type Collection, type ListResult} from './list.js'
import {
  CUSTOM_RESOURCE_DEFINITIONS, DEPLOYMENTS, IAM_ROLE_SELECTORS, NAMESPACES, ackGroupVersions, collectionsFromDiscovery,
  controllerCollections, isAckCrd, isControllerDeployment, keepControllerObject, laterCollections, resourceCollections,
} from './plan.js'

export {LiveSourceError} from './kubeconfig.js'

export interface LiveOptions {
  /** `--kubeconfig`; default `$KUBECONFIG`, then `~/.kube/config`, then the in-cluster service account. */
  kubeconfig?: string
  /** `--context`; default the kubeconfig's current context. */
  context?: string
  /** Per request (page); 0 = none. Default 30 s. */
  requestTimeoutMs?: number
  /** The whole read, 0 = none (--read-timeout). */
  readTimeoutMs?: number
  /** Called with a short human line as lists progress (the caller decides whether to draw it). */
  progress?: (msg: string) => void
  /** Items per page (`limit`); default 500 like kubectl. */
  pageSize?: number
  /** Requests in flight at most; default 16. */
  concurrency?: number
}

export interface LiveResult {
  /** Every object read, with apiVersion/kind set, in a fixed order; no `location` (live objects have none). */
  docs: RawDocument[]
  /** One `cluster-unreadable` error per collection that could not be read. */
  findings: Finding[]
  /** False when any collection could not be read: the caller exits 3. */
  complete: boolean
  /** False when the cluster does not serve IAMRoleSelectors (the CRD is absent): a fact, not an error. */
  selectorCrdInstalled: boolean
  /** The kubeconfig context that was read. */
  context: string
  /** Its kubeconfig cluster name (an EKS cluster ARN when written by `aws eks update-kubeconfig`). */
  cluster?: string
}

type Obj = Record<string, unknown>

/**
 * Reads what ackctl needs from the cluster with GET only: one paginated LIST per collection, run
 * concurrently (bounded). ACK CRDs, Namespaces, IAMRoleSelectors and controller Deployments first;
 * then each ACK kind's resources, the controllers' ServiceAccounts and the CARM ConfigMaps.
 * An unreadable collection becomes a finding and marks the result incomplete; it never throws for
 * that. It throws LiveSourceError only when no cluster can be addressed (kubeconfig, context).
 */
export async function loadLiveDocuments(opts: LiveOptions): Promise<LiveResult> {
  const concurrency = opts.concurrency ?? 16
  let connection: Connection
  try {
    connection = await connect({kubeconfig: opts.kubeconfig, context: opts.context, concurrency})
  } catch (error) {
    if (!(error instanceof CredentialError)) throw error
    const finding: Finding = {rule: 'cluster-unreadable', severity: 'error', message: `${error.message}; nothing was read, so the result is incomplete`}
    return {docs: [], findings: [finding], complete: false, selectorCrdInstalled: true, context: opts.context ?? ''}
  }
  const client = new KubeClient(connection, {requestTimeoutMs: opts.requestTimeoutMs ?? 30_000, readTimeoutMs: opts.readTimeoutMs ?? 0, concurrency})
  try {
    await preflight(client, connection)
  } catch (error) {
    client.close()
    throw error
  }
  const findings: Finding[] = []
  const count = {lists: 0, done: 0, objects: 0}
  const report = () => opts.progress?.(`reading cluster (context ${connection.context}): ${count.done}/${count.lists} lists, ${count.objects} objects`)
  const unreadable = (what: string, why: string, missing: string) => findings.push({
    rule: 'cluster-unreadable', severity: 'error',
    message: `cannot ${what}: ${why}; ${missing} not read, so the result is incomplete`,
  })

  const read = async (c: Collection, keep: (o: Obj) => boolean = () => true, absentOk = false): Promise<ListResult> => {
    count.lists++
    report()
    const result = await listAll(client, c, {
      pageSize: opts.pageSize ?? 500,
      onPage: (n) => {
        count.objects += n
        report()
      },
    })
    count.done++
    report()
    if (!result.ok) {
      if (!(absentOk && result.status === 404)) unreadable(permission(c), explain(result, connection.context), `${c.kind} objects were`)
      return result
    }
    return {...result, items: result.items.filter(keep).sort(byNamespaceAndName)}
  }

  const discover = async (): Promise<Collection[]> => {
    try {
      const groups = await client.get('/apis')
      if (groups.status !== 200) throw new Error(`the API server answered ${groups.status} to GET /apis`)
      const lists = await Promise.all(ackGroupVersions(groups.body).map(async (gv) => {
        const resources = await client.get(`/apis/${gv}`)
        if (resources.status !== 200) throw new Error(`the API server answered ${resources.status} to GET /apis/${gv}`)
        return collectionsFromDiscovery(gv, resources.body)
      }))
      return lists.flat()
    } catch (error) {
      if (!(error instanceof Error)) throw error
      unreadable('discover the ACK API groups (GET /apis)', error.message, 'ACK resources were')
      return []
    }
  }

  try {
    const crds = read(CUSTOM_RESOURCE_DEFINITIONS, (crd) => isAckCrd(crd))
    const namespaces = read(NAMESPACES)
    const selectors = read(IAM_ROLE_SELECTORS, undefined, true)
    const deployments = read(DEPLOYMENTS, isControllerDeployment)
    const resources = crds.then(async (r) => {
      // Without the CRD list, API discovery still names the ACK kinds (kinds then come from resources).
      const collections = r.ok ? resourceCollections(r.items) : await discover()
      collections.sort((a, b) => compareStrings(`${a.group}/${a.kind}`, `${b.group}/${b.kind}`))
      return Promise.all(collections.map((c) => read(c)))
    })
    const controllerObjects = deployments.then(async (r) => {
      const found = r.ok ? r.items : undefined
      const keep = (o: Obj) => keepControllerObject(o, found ?? [])
      const collections = controllerCollections(found)
      const first = await Promise.all(collections.map((c) => read(c, keep)))
      // A controller whose ACK system namespace a ConfigMap of the first pass sets: its CARM ConfigMaps.
      const later = laterCollections(found ?? [], first.flatMap((l) => (l.ok ? l.items.filter((o) => o.kind === 'ConfigMap') : [])), collections)
      return [...first, ...await Promise.all(later.map((c) => read(c, keep)))]
    })
    const [c, n, s, d, ctrl, res] = await Promise.all([crds, namespaces, selectors, deployments, controllerObjects, resources])
    // A fixed order (not completion order), so the same cluster always gives the same documents.
    const docs: RawDocument[] = [c, n, s, d, ...ctrl, ...res].flatMap((r) => (r.ok ? r.items.map((object) => ({object})) : []))
    const selectorCrdInstalled = s.ok ? true : s.status === 404 ? false
      : c.ok ? c.items.some((crd) => (crd.metadata as Obj | undefined)?.name === 'iamroleselectors.services.k8s.aws') : true
    findings.sort((a, b) => compareStrings(a.message, b.message))
    return {docs, findings, complete: findings.length === 0, selectorCrdInstalled, context: connection.context, cluster: connection.cluster}
  } finally {
    client.close()
  }
}

/** Why a list failed, in words a user can act on. */
function explain(r: Extract<ListResult, {ok: false}>, context: string): string {
  const server = r.message ? ` (${r.message})` : ''
  if (r.status === 0) return r.message
  if (r.status === 403) return `forbidden (RBAC)${server}; the README lists the read-only ClusterRole ackctl needs`
  if (r.status === 401) return `unauthorized (401): the API server rejected the credentials of context ${context}`
  if (r.status === 429 || r.status >= 500) return `the API server kept answering ${r.status} ${r.reason}${server}, also after retries`
  return `the API server answered ${r.status} ${r.reason}${server}`
}

function byNamespaceAndName(a: Obj, b: Obj): number {
  const key = (o: Obj) => {
    const m = (o.metadata ?? {}) as Obj
    return `${typeof m.namespace === 'string' ? m.namespace : ''}/${typeof m.name === 'string' ? m.name : ''}`
  }
  return compareStrings(key(a), key(b))
}
