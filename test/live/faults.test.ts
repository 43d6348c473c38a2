import assert from 'node:assert/strict'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {LiveSourceError, loadLiveDocuments} from '../../src/sources/live/index.js'
import {readYamlObjects} from '../support/fake-kube.js'
import {CLUSTER_FIXTURE, describeDocs, startCluster, writeExecKubeconfig, type FakeCluster} from './support.js'

describe('live cluster loader: faults and honesty', function () {
  this.timeout(30_000)
  let cluster: FakeCluster
  afterEach(async () => cluster?.stop())

  it('names a forbidden collection with the missing verb and resource, and marks the result incomplete', async () => {
    cluster = await startCluster()
    cluster.fake.addFault({resource: 'iamroleselectors', status: 403,
      message: 'iamroleselectors.services.k8s.aws is forbidden: User "tester" cannot list resource "iamroleselectors" in API group "services.k8s.aws" at the cluster scope'})
    const result = await loadLiveDocuments({kubeconfig: cluster.kubeconfig})
    assert.equal(result.complete, false)
    assert.equal(result.findings.length, 1)
    assert.equal(result.findings[0].rule, 'cluster-unreadable')
    assert.equal(result.findings[0].severity, 'error')
    assert.match(result.findings[0].message, /^cannot list iamroleselectors\.services\.k8s\.aws at cluster scope: forbidden \(RBAC\)/)
    assert.match(result.findings[0].message, /IAMRoleSelector objects were not read, so the result is incomplete/)
    assert.equal(result.selectorCrdInstalled, true, 'the CRD list still shows the CRD')
    assert.ok(!describeDocs(result.docs).some((d) => d.startsWith('IAMRoleSelector')))
    assert.ok(describeDocs(result.docs).includes('Bucket payments/receipts'), 'everything else is still read')
  })

  it('reports an absent IAMRoleSelector CRD as a fact, not an error', async () => {
    const objects = (readYamlObjects(CLUSTER_FIXTURE) as Array<{kind: string; metadata: {name: string}}>)
      .filter((o) => o.kind !== 'IAMRoleSelector' && o.metadata.name !== 'iamroleselectors.services.k8s.aws')
    cluster = await startCluster({objects})
    const result = await loadLiveDocuments({kubeconfig: cluster.kubeconfig})
    assert.equal(result.selectorCrdInstalled, false)
    assert.equal(result.complete, true)
    assert.deepEqual(result.findings, [])
    assert.ok(cluster.fake.requests.some((r) => r.path === '/apis/services.k8s.aws/v1alpha1/iamroleselectors' && r.status === 404))
  })

  it('restarts a list whose continue token expired (410 Gone), without duplicates', async () => {
    cluster = await startCluster()
    cluster.fake.addFault({resource: 'buckets', withContinue: true, status: 410, times: 1})
    const result = await loadLiveDocuments({kubeconfig: cluster.kubeconfig, pageSize: 2})
    assert.equal(result.complete, true)
    assert.deepEqual(describeDocs(result.docs).filter((d) => d.startsWith('Bucket')), ['Bucket legacy/archive', 'Bucket orders/invoices', 'Bucket payments/receipts'])
    const buckets = cluster.fake.requests.filter((r) => r.path.endsWith('/buckets'))
    assert.deepEqual(buckets.map((r) => [Boolean(r.query.continue), r.status]), [[false, 200], [true, 410], [false, 200], [true, 200]])
  })

  it('waits as long as a 429 Retry-After says, then succeeds', async () => {
    cluster = await startCluster()
    cluster.fake.addFault({resource: 'namespaces', status: 429, retryAfterSeconds: 1, times: 1})
    const started = Date.now()
    const result = await loadLiveDocuments({kubeconfig: cluster.kubeconfig})
    assert.ok(Date.now() - started >= 1000, 'waited for Retry-After')
    assert.equal(result.complete, true)
    assert.deepEqual(cluster.fake.requests.filter((r) => r.path === '/api/v1/namespaces').map((r) => r.status), [429, 200])
  })

  it('retries 500 with backoff, and gives up after a bounded number of attempts', async () => {
    cluster = await startCluster()
    cluster.fake.addFault({resource: 'deployments', status: 500, times: 2})
    const ok = await loadLiveDocuments({kubeconfig: cluster.kubeconfig})
    assert.equal(ok.complete, true)
    assert.deepEqual(cluster.fake.requests.filter((r) => r.path === '/apis/apps/v1/deployments').map((r) => r.status), [500, 500, 200])

    cluster.fake.addFault({resource: 'tables', status: 503, message: 'etcd is unhappy'})
    const failed = await loadLiveDocuments({kubeconfig: cluster.kubeconfig})
    assert.equal(failed.complete, false)
    assert.equal(cluster.fake.requests.filter((r) => r.path.endsWith('/tables') && r.status === 503).length, 5)
    assert.deepEqual(failed.findings.map((f) => f.message), [
      'cannot list tables.dynamodb.services.k8s.aws at cluster scope: the API server kept answering 503 ServiceUnavailable (etcd is unhappy), also after retries; Table objects were not read, so the result is incomplete',
    ])
  })

  it('gives up on a slow answer after --request-timeout and says so', async () => {
    cluster = await startCluster()
    cluster.fake.addFault({resource: 'deployments', delayMs: 5000})
    const started = Date.now()
    const result = await loadLiveDocuments({kubeconfig: cluster.kubeconfig, requestTimeoutMs: 500})
    assert.ok(Date.now() - started < 4000)
    assert.equal(result.complete, false)
    assert.deepEqual(result.findings.map((f) => f.message), [
      'cannot list deployments.apps at cluster scope: no answer to GET /apis/apps/v1/deployments within 500ms (--request-timeout); Deployment objects were not read, so the result is incomplete',
    ])
    assert.ok(describeDocs(result.docs).includes('ConfigMap ack-system/ack-role-account-map'), 'CARM maps fall back to ack-system')
  })

  it('still finds ACK kinds through API discovery when CRDs cannot be listed', async () => {
    cluster = await startCluster()
    cluster.fake.addFault({resource: 'customresourcedefinitions', status: 403})
    const result = await loadLiveDocuments({kubeconfig: cluster.kubeconfig})
    assert.equal(result.complete, false)
    assert.match(result.findings[0].message, /^cannot list customresourcedefinitions\.apiextensions\.k8s\.io at cluster scope: forbidden/)
    assert.deepEqual(describeDocs(result.docs).filter((d) => /^(Bucket|Table|CustomResourceDefinition) /.test(d)),
      ['Table orders/sessions', 'Table payments/ledger', 'Bucket legacy/archive', 'Bucket orders/invoices', 'Bucket payments/receipts'])
  })

  it('says which credentials were rejected (401), after refreshing them once', async () => {
    cluster = await startCluster()
    cluster.fake.addFault({resource: 'namespaces', status: 401, reason: 'Unauthorized', message: 'Unauthorized'})
    const result = await loadLiveDocuments({kubeconfig: cluster.kubeconfig})
    assert.deepEqual(result.findings.map((f) => f.message), [
      'cannot list namespaces at cluster scope: unauthorized (401): the API server rejected the credentials of context fake; Namespace objects were not read, so the result is incomplete',
    ])
    assert.equal(cluster.fake.requests.filter((r) => r.path === '/api/v1/namespaces').length, 2)
  })

  describe('kubeconfig', () => {
    it('reads the context given with --context, and names the known ones for a typo', async () => {
      cluster = await startCluster(undefined, ['dev', 'prod-eu'])
      const result = await loadLiveDocuments({kubeconfig: cluster.kubeconfig, context: 'prod-eu'})
      assert.equal(result.context, 'prod-eu')
      await assert.rejects(loadLiveDocuments({kubeconfig: cluster.kubeconfig, context: 'prod'}), (e: Error) =>
        e instanceof LiveSourceError && e.message === 'context "prod" (--context) is not in the kubeconfig; known contexts: dev, prod-eu')
    })

    it('follows $KUBECONFIG (first file wins, missing files skipped) and refuses a missing --kubeconfig', async () => {
      cluster = await startCluster()
      const saved = process.env.KUBECONFIG
      try {
        process.env.KUBECONFIG = [join(cluster.dir, 'missing'), cluster.kubeconfig].join(':')
        assert.equal((await loadLiveDocuments({})).complete, true)
      } finally {
        if (saved === undefined) delete process.env.KUBECONFIG
        else process.env.KUBECONFIG = saved
      }
      await assert.rejects(loadLiveDocuments({kubeconfig: join(cluster.dir, 'nope')}), /kubeconfig .*nope \(--kubeconfig\) does not exist/)
    })

    it('authenticates with the kubeconfig user: a token, or an exec plugin such as aws eks get-token', async () => {
      cluster = await startCluster()
      await loadLiveDocuments({kubeconfig: cluster.kubeconfig})
      assert.ok(cluster.fake.requests.every((r) => r.authorization === 'Bearer fake-token'))
      const file = writeExecKubeconfig(cluster, 'from-exec')
      cluster.fake.requests.length = 0
      assert.equal((await loadLiveDocuments({kubeconfig: file})).complete, true)
      assert.ok(cluster.fake.requests.length > 0 && cluster.fake.requests.every((r) => r.authorization === 'Bearer from-exec'))
    })

    it('refuses plain http unless the cluster says insecure-skip-tls-verify', async () => {
      cluster = await startCluster()
      const file = join(cluster.dir, 'plain')
      writeFileSync(file, `apiVersion: v1\nkind: Config\ncurrent-context: c\nclusters: [{name: c, cluster: {server: "${cluster.fake.url}"}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: c, context: {cluster: c, user: u}}]\n`)
      await assert.rejects(loadLiveDocuments({kubeconfig: file}), /cluster "c" uses plain http .*set insecure-skip-tls-verify: true/)
      assert.equal(cluster.fake.requests.length, 0)
    })
  })
})
