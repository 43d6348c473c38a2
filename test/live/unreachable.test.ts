import {strict as assert} from 'node:assert'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import * as http from 'node:http'
import type {AddressInfo} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {ackctl, startCluster, type FakeCluster} from './support.js'

/** A kubeconfig for one server URL (`insecure-skip-tls-verify` so that http:// loopback servers are accepted). */
function kubeconfigFor(dir: string, server: string, context = 'kind-dev'): string {
  const file = join(dir, `kubeconfig-${context}`)
  writeFileSync(file, [
    'apiVersion: v1', 'kind: Config', `current-context: ${context}`,
    'clusters:', `- name: c`, '  cluster:', `    server: ${server}`, '    insecure-skip-tls-verify: true',
    'users:', '- name: u', '  user:', '    token: expired-token',
    'contexts:', `- name: ${context}`, '  context:', '    cluster: c', '    user: u', '',
  ].join('\n'))
  return file
}

async function listen(handler: http.RequestListener): Promise<{server: http.Server; url: string}> {
  const server = http.createServer(handler)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`}
}

/**
 * When no cluster answers, every command says so in one line naming the server, the context, the
 * cause and the next step, exits 3, and prints no empty report. Bounds are checked in the servers' own
 * terms: how many requests reached them, never the wall clock.
 */
describe('an unreachable or unwelcoming cluster: one line, exit 3, no empty report', function () {
  this.timeout(60_000)
  let dir: string
  let cluster: FakeCluster | undefined
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ackctl-unreachable-'))
  })
  afterEach(async () => {
    await cluster?.stop()
    cluster = undefined
    rmSync(dir, {recursive: true, force: true})
  })

  const expectOneLine = (res: {code: number; stdout: string; stderr: string}, message: RegExp) => {
    assert.equal(res.code, 3, res.stderr)
    assert.equal(res.stdout, '', 'no report')
    const lines = res.stderr.trimEnd().split('\n')
    assert.equal(lines.length, 1, res.stderr)
    assert.match(lines[0], new RegExp(`^ackctl: ${message.source}`))
    assert.doesNotMatch(res.stderr, /\n\s+at /, 'no stack trace')
  }

  it('refused: "cannot reach URL (context): connection refused", for every command that reads the cluster', async () => {
    const {server, url} = await listen(() => undefined)
    await new Promise<void>((resolve) => server.close(() => resolve()))
    const kubeconfig = kubeconfigFor(dir, url)
    for (const command of ['resolve', 'lint', 'migrate-carm', 'snapshot']) {
      const res = await ackctl([command, '--kubeconfig', kubeconfig], dir)
      expectOneLine(res, new RegExp(`cannot reach ${url} \\(context kind-dev\\): connection refused; is the cluster running, and is this the right context\\?`))
    }
  })

  it('silent: one request, GET /api, named in the message after --request-timeout', async () => {
    cluster = await startCluster()
    cluster.fake.addFault({path: '/api', delayMs: 30_000})
    const res = await ackctl(['resolve', '--kubeconfig', cluster.kubeconfig, '--request-timeout', '1s'], dir)
    expectOneLine(res, /cannot reach http:\/\/127\.0\.0\.1:\d+ \(context fake\): no answer to GET \/api within 1s \(--request-timeout\): the server accepts connections but does not answer/)
    assert.deepEqual(cluster.fake.requests.map((r) => r.path), ['/api'], 'nothing else was asked')
  })

  it('--read-timeout bounds the whole read: what was cut off is named, the rest is reported, exit 3', async () => {
    cluster = await startCluster()
    cluster.fake.addFault({resource: 'namespaces', delayMs: 20_000})
    const res = await ackctl(['resolve', '--kubeconfig', cluster.kubeconfig, '--read-timeout', '1s', '-o', 'json'], dir)
    assert.equal(res.code, 3, res.stderr)
    const messages = (JSON.parse(res.stdout).findings as Array<{rule: string; message: string}>).filter((f) => f.rule === 'cluster-unreadable').map((f) => f.message)
    assert.deepEqual(messages, ['cannot list namespaces at cluster scope: no answer to GET /api/v1/namespaces before the read\'s bound of 1s (--read-timeout); Namespace objects were not read, so the result is incomplete'])
    assert.equal(cluster.fake.requests.filter((r) => r.path === '/api/v1/namespaces').length, 1, 'not retried past the bound')
  })

  it('401: expired credentials, refreshed once, then the cause and the next step', async () => {
    cluster = await startCluster()
    cluster.fake.addFault({path: '/api', status: 401, reason: 'Unauthorized', message: 'Unauthorized'})
    const res = await ackctl(['resolve', '--kubeconfig', cluster.kubeconfig], dir)
    expectOneLine(res, /http:\/\/127\.0\.0\.1:\d+ \(context fake\) rejected the credentials \(401 Unauthorized: Unauthorized\): the token has expired or is not valid for this cluster; refresh it .* `kubectl auth can-i list namespaces`/)
    assert.ok(cluster.fake.requests.length <= 2, `${cluster.fake.requests.length} requests`)
  })

  it('403 on discovery: who you are and what you may do', async () => {
    cluster = await startCluster()
    cluster.fake.addFault({path: '/api', status: 403, reason: 'Forbidden', message: 'forbidden: User "system:anonymous" cannot get path "/api"'})
    const res = await ackctl(['lint', '--kubeconfig', cluster.kubeconfig], dir)
    expectOneLine(res, /http:\/\/127\.0\.0\.1:\d+ \(context fake\) forbids API discovery to these credentials \(403 Forbidden: forbidden: User "system:anonymous" cannot get path "\/api"\): .*`kubectl auth whoami`/)
  })

  it('a plain HTTP 404 (a proxy, a wrong URL) is not reported as a Kubernetes answer', async () => {
    const {server, url} = await listen((_req, res) => {
      res.writeHead(404, {'Content-Type': 'text/plain'})
      res.end('404 page not found\n')
    })
    try {
      const res = await ackctl(['resolve', '--kubeconfig', kubeconfigFor(dir, url)], dir)
      expectOneLine(res, new RegExp(`${url} \\(context kind-dev\\) answered HTTP 404 to GET /api, which is not how a Kubernetes API server answers: a proxy or load balancer in between, or a wrong server URL`))
      assert.doesNotMatch(res.stderr, /404 HTTP 404/)
    } finally {
      server.close()
    }
  })

  it('TLS: an https URL on a server that does not speak TLS', async () => {
    cluster = await startCluster()
    const url = cluster.fake.url.replace(/^http:/, 'https:')
    const res = await ackctl(['resolve', '--kubeconfig', kubeconfigFor(dir, url)], dir)
    expectOneLine(res, /cannot reach https:\/\/127\.0\.0\.1:\d+ \(context kind-dev\): the TLS handshake failed \(/)
    assert.deepEqual(cluster.fake.requests, [], 'no HTTP request got through')
  })

  it('DNS: a host name that does not resolve', async () => {
    const res = await ackctl(['resolve', '--kubeconfig', kubeconfigFor(dir, 'https://ackctl-test.invalid:6443')], dir)
    expectOneLine(res, /cannot reach https:\/\/ackctl-test\.invalid:6443 \(context kind-dev\): the host name ackctl-test\.invalid does not resolve \(DNS\)/)
  })
})
