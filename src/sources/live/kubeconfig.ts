import {existsSync} from 'node:fs'
import * as http from 'node:http'
import * as https from 'node:https'
import {homedir} from 'node:os'
import {delimiter, join} from 'node:path'

import type {KubeConfig} from '@kubernetes/client-node/dist/config.js'

import {InputError} from '../files.js'

/**
 * No cluster can be addressed: no kubeconfig, an unknown context, an unusable server URL.
 * An input error (exit 2), so commands report it like a bad -f argument.
 */
export class LiveSourceError extends InputError {
  override name = 'LiveSourceError'
}

/** The user's credentials could not be produced (an exec plugin failed, a token file is missing). */
export class CredentialError extends Error {}

/** Headers and basic auth to send with every request; refreshed on a 401. */
export interface RequestBase {
  headers: Record<string, string>
  auth?: string
}

/** One API server, with credentials, as the kubeconfig or the in-cluster service account describes it. */
export interface Connection {
  server: URL
  /** The kubeconfig context name (`inClusterContext` in a pod). */
  context: string
  /** The kubeconfig cluster name of the context (`aws eks update-kubeconfig` names it by the cluster ARN). */
  cluster: string
  agent: http.Agent
  requestOptions(): RequestBase
  /** Re-applies the user's credentials (exec plugins and token files may have rotated). */
  refresh(): Promise<void>
}

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token'

/**
 * kubectl's order: `--kubeconfig`, then `$KUBECONFIG` (merged, first file wins, missing files
 * skipped), then `~/.kube/config`, then the in-cluster service account. `--context` selects the context.
 * client-node (imported here, lazily) supplies auth: tokens, client certificates, exec plugins, OIDC.
 */
export async function connect(opts: {kubeconfig?: string; context?: string; concurrency: number}): Promise<Connection> {
  // The config module alone: the package index also loads the whole generated API surface.
  const {KubeConfig} = await import('@kubernetes/client-node/dist/config.js')
  const kc = new KubeConfig()
  const load = (file: string): KubeConfig => {
    const one = new KubeConfig()
    try {
      one.loadFromFile(file)
    } catch (error) {
      throw new LiveSourceError(`cannot read kubeconfig ${file}: ${(error as Error).message}`)
    }
    return one
  }
  if (opts.kubeconfig !== undefined) {
    if (!existsSync(opts.kubeconfig)) throw new LiveSourceError(`kubeconfig ${opts.kubeconfig} (--kubeconfig) does not exist`)
    merge(kc, load(opts.kubeconfig))
  } else if (process.env.KUBECONFIG) {
    const files = process.env.KUBECONFIG.split(delimiter).filter((f) => f !== '' && existsSync(f))
    if (files.length === 0) throw new LiveSourceError(`none of the files in $KUBECONFIG exists (${process.env.KUBECONFIG}); pass -f to read manifests instead`)
    for (const file of files) merge(kc, load(file))
  } else if (existsSync(join(homedir(), '.kube', 'config'))) {
    merge(kc, load(join(homedir(), '.kube', 'config')))
  } else if (process.env.KUBERNETES_SERVICE_HOST && existsSync(SERVICE_ACCOUNT_TOKEN)) {
    kc.loadFromCluster()
  } else {
    throw new LiveSourceError('no cluster to read: no --kubeconfig, no $KUBECONFIG, no ~/.kube/config and not running in a pod; pass -f FILE to read manifests instead')
  }

  if (opts.context !== undefined) {
    if (!kc.getContextObject(opts.context)) {
      const known = kc.getContexts().map((c) => c.name).sort()
      throw new LiveSourceError(`context "${opts.context}" (--context) is not in the kubeconfig${known.length ? `; known contexts: ${known.join(', ')}` : ''}`)
    }
    kc.setCurrentContext(opts.context)
  }
  const context = kc.getCurrentContext()
  const cluster = kc.getCurrentCluster()
  if (!context || !cluster) throw new LiveSourceError(`the kubeconfig has no ${context ? `cluster for context "${context}"` : 'current context'}; pass --context`)
  let server: URL
  try {
    server = new URL(cluster.server)
  } catch {
    throw new LiveSourceError(`cluster "${cluster.name}" of context "${context}" has an invalid server URL: ${cluster.server}`)
  }
  if (server.protocol === 'http:' && !cluster.skipTLSVerify) {
    throw new LiveSourceError(`cluster "${cluster.name}" uses plain http (${cluster.server}); set insecure-skip-tls-verify: true on it to allow that`)
  }

  const apply = async (): Promise<https.RequestOptions> => {
    const options: https.RequestOptions = {}
    try {
      await kc.applyToHTTPSOptions(options)
    } catch (error) {
      throw new CredentialError(`cannot use the credentials of context "${context}": ${(error as Error).message}`)
    }
    return options
  }
  let applied = await apply()
  // A keep-alive agent of our own (client-node's has none); its proxy agent is kept when a proxy is configured.
  const agent = cluster.proxyUrl ? (applied.agent as http.Agent) : makeAgent(server, applied, opts.concurrency)
  const base = (o: https.RequestOptions): RequestBase => ({
    headers: Object.fromEntries(Object.entries(o.headers ?? {}).map(([k, v]) => [k, String(v)])),
    ...(o.auth ? {auth: o.auth} : {}),
  })
  let current = base(applied)
  return {
    server,
    context,
    cluster: cluster.name,
    agent,
    requestOptions: () => current,
    async refresh() {
      applied = await apply()
      current = base(applied)
    },
  }
}

function makeAgent(server: URL, o: https.RequestOptions, concurrency: number): http.Agent {
  if (server.protocol === 'http:') return new http.Agent({keepAlive: true, maxSockets: concurrency})
  return new https.Agent({
    keepAlive: true,
    maxSockets: concurrency,
    ca: o.ca,
    cert: o.cert,
    key: o.key,
    pfx: o.pfx,
    passphrase: o.passphrase,
    servername: o.servername,
    ...(o.rejectUnauthorized === undefined ? {} : {rejectUnauthorized: o.rejectUnauthorized}),
  })
}

/** kubectl's merge: the first file to define a name (or the current context) wins. */
function merge(into: KubeConfig, from: KubeConfig): void {
  if (!into.getCurrentContext() && from.getCurrentContext()) into.setCurrentContext(from.getCurrentContext())
  for (const c of from.getClusters()) if (!into.getCluster(c.name)) into.addCluster(c)
  for (const u of from.getUsers()) if (!into.getUser(u.name)) into.addUser(u)
  for (const c of from.getContexts()) if (!into.getContextObject(c.name)) into.addContext(c)
}
