import assert from 'node:assert/strict'
import {join} from 'node:path'

import {kubectl, startCluster, type FakeCluster} from './support.js'

/** The real kubectl, an independent client, reads the fake: so the fake speaks the protocol. */
describe('fake Kubernetes API server, checked with kubectl', function () {
  this.timeout(60_000)
  let cluster: FakeCluster
  const k = (args: string[]) => kubectl(['--kubeconfig', cluster.kubeconfig, '--cache-dir', join(cluster.dir, 'cache'), ...args], cluster.dir)

  beforeEach(async () => {
    cluster = await startCluster()
  })
  afterEach(async () => cluster.stop())

  it('lists namespaces after discovery, with the label the API server adds', async () => {
    const r = await k(['get', 'namespaces', '-o', 'json'])
    assert.equal(r.code, 0, r.stderr)
    const list = JSON.parse(r.stdout) as {items: Array<{metadata: {name: string; labels: Record<string, string>}}>}
    assert.deepEqual(list.items.map((i) => i.metadata.name), ['ack-system', 'legacy', 'orders', 'payments'])
    assert.equal(list.items[2].metadata.labels['kubernetes.io/metadata.name'], 'orders')
    assert.ok(cluster.fake.requests.some((q) => q.path === '/api'), 'kubectl asked for discovery first')
  })

  it('pages a custom resource list across namespaces with --chunk-size', async () => {
    const r = await k(['get', 'buckets.s3.services.k8s.aws', '-A', '-o', 'json', '--chunk-size=1'])
    assert.equal(r.code, 0, r.stderr)
    const list = JSON.parse(r.stdout) as {items: Array<{kind: string; metadata: {namespace: string; name: string}}>}
    assert.deepEqual(list.items.map((i) => `${i.kind} ${i.metadata.namespace}/${i.metadata.name}`),
      ['Bucket legacy/archive', 'Bucket orders/invoices', 'Bucket payments/receipts'])
    const lists = cluster.fake.requests.filter((q) => q.path === '/apis/s3.services.k8s.aws/v1alpha1/buckets')
    assert.deepEqual(lists.map((q) => [q.query.limit, Boolean(q.query.continue)]), [['1', false], ['1', true], ['1', true]])
  })

  it('reads a cluster-scoped custom resource and one object by name', async () => {
    const selectors = await k(['get', 'iamroleselectors', '-o', 'json'])
    assert.equal(selectors.code, 0, selectors.stderr)
    assert.deepEqual((JSON.parse(selectors.stdout) as {items: Array<{metadata: {name: string}}>}).items.map((i) => i.metadata.name), ['orders', 'payments-s3'])
    const cm = await k(['get', 'configmap', 'ack-role-account-map', '-n', 'ack-system', '-o', 'jsonpath={.data}'])
    assert.equal(cm.code, 0, cm.stderr)
    assert.deepEqual(JSON.parse(cm.stdout), {'222222222222': 'arn:aws:iam::222222222222:role/payments-dynamodb'})
  })

  it('answers errors as Status objects kubectl understands', async () => {
    cluster.fake.addFault({resource: 'namespaces', status: 403, reason: 'Forbidden', message: 'namespaces is forbidden: User "tester" cannot list resource "namespaces" in API group "" at the cluster scope'})
    const forbidden = await k(['get', 'namespaces', '-o', 'json'])
    assert.notEqual(forbidden.code, 0)
    assert.match(forbidden.stderr, /Error from server \(Forbidden\): namespaces is forbidden: User "tester" cannot list resource "namespaces"/)
    const missing = await k(['get', 'configmap', 'nope', '-n', 'ack-system', '-o', 'json'])
    assert.match(missing.stderr, /Error from server \(NotFound\): configmaps "nope" not found/)
  })

  it('pages like kube-apiserver: continue, remainingItemCount (not with selectors), one resourceVersion', async () => {
    const get = async (path: string) => (await fetch(cluster.fake.url + path)).json() as Promise<{kind: string; metadata: Record<string, unknown>; items: Array<Record<string, any>>}>
    const first = await get('/api/v1/namespaces?limit=1')
    assert.equal(first.kind, 'NamespaceList')
    assert.equal(first.metadata.remainingItemCount, 3)
    assert.equal(first.items[0].apiVersion, undefined, 'typed lists omit apiVersion/kind per item')
    const second = await get(`/api/v1/namespaces?limit=1&continue=${String(first.metadata.continue)}`)
    assert.equal(second.items[0].metadata.name, 'legacy')
    assert.equal(second.metadata.resourceVersion, first.metadata.resourceVersion)
    const selected = await get('/api/v1/configmaps?limit=1&fieldSelector=metadata.namespace%3Dack-system')
    assert.ok(selected.metadata.continue)
    assert.equal(selected.metadata.remainingItemCount, undefined)
    const custom = await get('/apis/s3.services.k8s.aws/v1alpha1/namespaces/payments/buckets')
    assert.deepEqual(custom.items.map((i) => `${i.kind} ${i.metadata.name}`), ['Bucket receipts'])
    const missing = await get('/apis/nope.services.k8s.aws/v1/things')
    assert.deepEqual([missing.kind, missing.metadata, (missing as unknown as {code: number}).code], ['Status', {}, 404])
  })

  it('refuses writes (it is read-only) and records them', async () => {
    const r = await k(['delete', 'namespace', 'legacy', '--wait=false'])
    assert.notEqual(r.code, 0)
    assert.ok(cluster.fake.requests.some((q) => q.method === 'DELETE' && q.status === 405))
    const after = await k(['get', 'namespaces', '-o', 'json'])
    assert.equal((JSON.parse(after.stdout) as {items: unknown[]}).items.length, 4)
  })
})
