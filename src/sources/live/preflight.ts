import {ClusterUnreachableError} from '../files.js'
import type {Connection} from './kubeconfig.js'
import {TransportError, type KubeClient} from './client.js'

const TLS_CODE = /CERT|SSL|TLS|EPROTO|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME|HANDSHAKE/

/**
 * One GET /api before any list (discovery: every authenticated user may read it, and kubectl asks
 * for it first too). A refused connection, a host that does not resolve or a TLS failure is not
 * retried: it will not change within seconds. Ref: kube-apiserver RBAC default `system:discovery`.
 */
export async function preflight(client: KubeClient, connection: Connection): Promise<void> {
  const server = connection.server.origin
  const where = `${server} (context ${connection.context})`
  let response
  try {
    response = await client.get('/api', {}, {retryNetwork: false})
  } catch (error) {
    if (error instanceof TransportError) throw new ClusterUnreachableError(transportMessage(error, where, connection.server.hostname))
    throw error
  }
  if (response.status === 200) return
  const status = response.body as {kind?: unknown; message?: unknown; reason?: unknown} | undefined
  const isStatus = typeof status === 'object' && status !== null && status.kind === 'Status'
  const detail = isStatus && typeof status.message === 'string' ? `: ${status.message}` : ''
  if (response.status === 401) {
    throw new ClusterUnreachableError(`${where} rejected the credentials (401 Unauthorized${detail}): the token has expired or is not valid for this cluster; refresh it (e.g. \`aws eks update-kubeconfig\`, or log in again), then check with \`kubectl auth can-i list namespaces\``)
  }
  if (response.status === 403) {
    throw new ClusterUnreachableError(`${where} forbids API discovery to these credentials (403 Forbidden${detail}): check who you are and what you may do with \`kubectl auth whoami\` and \`kubectl auth can-i list namespaces\``)
  }
  if (!isStatus) {
    throw new ClusterUnreachableError(`${where} answered HTTP ${response.status} to GET /api, which is not how a Kubernetes API server answers: a proxy or load balancer in between, or a wrong server URL in the kubeconfig (check \`kubectl config view --minify\`)`)
  }
  throw new ClusterUnreachableError(`${where} answered ${response.status} to GET /api${detail}; check the context with \`kubectl cluster-info\``)
}

function transportMessage(error: TransportError, where: string, host: string): string {
  if (error.kind === 'timeout') return `cannot reach ${where}: ${error.message}: the server accepts connections but does not answer; check the server URL, a proxy, or raise --request-timeout`
  const code = error.code ?? ''
  if (code === 'ECONNREFUSED') return `cannot reach ${where}: connection refused; is the cluster running, and is this the right context? (\`kubectl config get-contexts\`)`
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `cannot reach ${where}: the host name ${host} does not resolve (DNS); check the server in the kubeconfig, or the VPN it needs`
  if (TLS_CODE.test(code)) return `cannot reach ${where}: the TLS handshake failed (${code}); the kubeconfig's certificate-authority does not match the server's certificate, or the server does not speak TLS on that port`
  if (code === 'ECONNRESET') return `cannot reach ${where}: the connection was reset; a proxy or firewall may be in between`
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ETIMEDOUT') return `cannot reach ${where}: ${code} (no route to the server); check the network or VPN`
  return `cannot reach ${where}: ${code || error.message}`
}
