import assert from 'node:assert/strict'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {loadLiveDocuments} from '../../src/sources/live/index.js'
import {readYamlObjects} from '../support/fake-kube.js'
import {ackctl, CLUSTER_FIXTURE, describeDocs, startCluster, type FakeCluster} from './support.js'

const EVERYTHING_ACKCTL_READS = [
  'CustomResourceDefinition buckets.s3.services.k8s.aws',
  'CustomResourceDefinition iamroleselectors.services.k8s.aws',
  'CustomResourceDefinition tables.dynamodb.services.k8s.aws',
  'Namespace ack-system', 'Namespace legacy', 'Namespace orders', 'Namespace payments',
  'IAMRoleSelector orders', 'IAMRoleSelector payments-s3',
  'Deployment ack-system/ack-dynamodb-controller', 'Deployment ack-system/ack-s3-controller',
  'ConfigMap ack-system/ack-role-account-map',
  'ServiceAccount ack-system/ack-dynamodb-controller', 'ServiceAccount ack-system/ack-s3-controller',
  'Table orders/sessions', 'Table payments/ledger',
  'Bucket legacy/archive', 'Bucket orders/invoices', 'Bucket payments/receipts',
]

describe('live cluster loader', function () {
  this.timeout(30_000)
  let cluster: FakeCluster
  afterEach(async () => cluster?.stop())

  it('reads everything ackctl needs and nothing else, with apiVersion and kind on every object', async () => {
    const objects = readYamlObjects(CLUSTER_FIXTURE) as Array<{metadata: Record<string, unknown>}>
    objects[1].metadata.managedFields = [{manager: 'kubectl', operation: 'Update'}]
    cluster = await startCluster({objects})
    const result = await loadLiveDocuments({kubeconfig: cluster.kubeconfig})
    assert.deepEqual(result.findings, [])
    assert.equal(result.complete, true)
    assert.equal(result.selectorCrdInstalled, true)
    assert.equal(result.context, 'fake')
    assert.deepEqual(describeDocs(result.docs), EVERYTHING_ACKCTL_READS)
    const payments = result.docs.find((d) => (d.object as {metadata: {name: string}}).metadata.name === 'payments')!.object as Record<string, any>
    assert.equal(payments.apiVersion, 'v1')
    assert.equal(payments.kind, 'Namespace')
    assert.equal(payments.metadata.managedFields, undefined)
    assert.ok(result.docs.every((d) => d.location === undefined))
  })

  it('sends only GETs: one paginated LIST per collection, never a GET per object or namespace', async () => {
    cluster = await startCluster()
    const result = await loadLiveDocuments({kubeconfig: cluster.kubeconfig, pageSize: 2})
    assert.equal(result.complete, true)
    const requests = cluster.fake.requests
    assert.ok(requests.every((r) => r.method === 'GET'), 'only GET')
    const pagesPer = new Map<string, number>()
    for (const r of requests) pagesPer.set(r.path, (pagesPer.get(r.path) ?? 0) + 1)
    // Items per collection on the server (before ackctl filters), two per page.
    const pages = (n: number) => Math.max(1, Math.ceil(n / 2))
    assert.deepEqual(Object.fromEntries(pagesPer), {
      // One discovery request first: is a Kubernetes API server there at all, and does it accept the credentials?
      '/api': 1,
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions': pages(4),
      '/api/v1/namespaces': pages(4),
      '/apis/services.k8s.aws/v1alpha1/iamroleselectors': pages(2),
      '/apis/apps/v1/deployments': pages(3),
      '/api/v1/namespaces/ack-system/configmaps': pages(2),
      '/api/v1/namespaces/ack-system/serviceaccounts': pages(3),
      '/apis/s3.services.k8s.aws/v1alpha1/buckets': pages(3),
      '/apis/dynamodb.services.k8s.aws/v1alpha1/tables': pages(2),
    })
    assert.ok(requests.filter((r) => r.path !== '/api').every((r) => r.query.limit === '2'))
  })

  it('runs the lists concurrently, within the bound', async () => {
    cluster = await startCluster({files: [CLUSTER_FIXTURE], latencyMs: 100})
    const started = Date.now()
    await loadLiveDocuments({kubeconfig: cluster.kubeconfig, pageSize: 1})
    const elapsed = Date.now() - started
    const serial = cluster.fake.requests.length * 100
    // The longest chain: CRDs (4 pages) then buckets (3 pages) = 7 round trips; serially it would be 25.
    assert.ok(elapsed < serial / 2, `took ${elapsed} ms; one list after another would take ${serial} ms`)
    assert.ok(cluster.fake.maxInFlight > 1 && cluster.fake.maxInFlight <= 16, `max in flight ${cluster.fake.maxInFlight}`)

    await cluster.stop()
    cluster = await startCluster({files: [CLUSTER_FIXTURE], latencyMs: 20})
    await loadLiveDocuments({kubeconfig: cluster.kubeconfig, pageSize: 1, concurrency: 2})
    assert.equal(cluster.fake.maxInFlight, 2)
  })

  it('decompresses gzip answers and honours the server\'s smaller pages', async () => {
    const buckets = Array.from({length: 700}, (_, i) => ({
      apiVersion: 's3.services.k8s.aws/v1alpha1', kind: 'Bucket',
      metadata: {name: `b-${String(i).padStart(4, '0')}`, namespace: 'payments', labels: {filler: 'x'.repeat(200)}},
      spec: {name: `b-${i}`},
    }))
    cluster = await startCluster({objects: buckets, maxPageSize: 300})
    const result = await loadLiveDocuments({kubeconfig: cluster.kubeconfig})
    assert.equal(result.docs.filter((d) => (d.object as {kind: string}).kind === 'Bucket').length, 700)
    assert.equal(cluster.fake.requests.filter((r) => r.path.endsWith('/buckets')).length, 3)
  })

  it('reads the CARM ConfigMaps where each controller looks for them', async () => {
    const objects = readYamlObjects(CLUSTER_FIXTURE) as Array<Record<string, any>>
    const s3 = objects.find((o) => o.metadata.name === 'ack-s3-controller' && o.kind === 'Deployment')!
    s3.spec.template.spec.containers[0].env = [{name: 'ACK_SYSTEM_NAMESPACE', value: 'carm'}]
    objects.push({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'ack-role-team-map', namespace: 'carm'}, data: {t: 'arn:aws:iam::1:role/t'}})
    cluster = await startCluster({objects})
    let result = await loadLiveDocuments({kubeconfig: cluster.kubeconfig})
    assert.ok(describeDocs(result.docs).includes('ConfigMap carm/ack-role-team-map'))
    assert.deepEqual(cluster.fake.requests.filter((r) => r.path.endsWith('/configmaps')).map((r) => r.path).sort(),
      ['/api/v1/namespaces/ack-system/configmaps', '/api/v1/namespaces/carm/configmaps'])
    await cluster.stop()

    // Set but empty: the controller matches the names in any namespace.
    s3.spec.template.spec.containers[0].env = [{name: 'ACK_SYSTEM_NAMESPACE', value: ''}]
    cluster = await startCluster({objects})
    result = await loadLiveDocuments({kubeconfig: cluster.kubeconfig})
    assert.deepEqual(describeDocs(result.docs).filter((d) => d.startsWith('ConfigMap')),
      ['ConfigMap ack-system/ack-role-account-map', 'ConfigMap carm/ack-role-team-map'])
    assert.deepEqual(cluster.fake.requests.filter((r) => r.path.endsWith('/configmaps')).map((r) => `${r.path}?${r.query.fieldSelector}`).sort(),
      ['/api/v1/configmaps?metadata.name=ack-role-account-map', '/api/v1/configmaps?metadata.name=ack-role-team-map'])
  })

  it('recognises a controller whose image comes from a private mirror, as files do, and reads its ServiceAccount', async () => {
    const objects = readYamlObjects(CLUSTER_FIXTURE) as Array<Record<string, any>>
    const s3 = objects.find((o) => o.metadata.name === 'ack-s3-controller' && o.kind === 'Deployment')!
    const container = s3.spec.template.spec.containers[0]
    container.image = 'registry.example.com/mirror/s3-controller:1.4.0'
    container.env = [...(container.env ?? []), {name: 'ACK_SYSTEM_NAMESPACE', value: 'ack-system'}]
    cluster = await startCluster({objects})
    const {docs} = await loadLiveDocuments({kubeconfig: cluster.kubeconfig})
    assert.ok(describeDocs(docs).includes('Deployment ack-system/ack-s3-controller'))
    assert.ok(describeDocs(docs).includes('ServiceAccount ack-system/ack-s3-controller'))
  })

  it('reads the ConfigMap a controller takes its settings from (OperatorHub installs: envFrom ack-<service>-user-config)', async () => {
    const objects = readYamlObjects(CLUSTER_FIXTURE) as Array<Record<string, any>>
    const s3 = objects.find((o) => o.metadata.name === 'ack-s3-controller' && o.kind === 'Deployment')!
    const container = s3.spec.template.spec.containers[0]
    container.envFrom = [{configMapRef: {name: 'ack-s3-user-config'}}]
    objects.push({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'ack-s3-user-config', namespace: 'ack-system'}, data: {AWS_REGION: 'eu-west-1'}})
    objects.push({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'unrelated', namespace: 'ack-system'}, data: {AWS_REGION: 'x'}})
    cluster = await startCluster({objects})
    let result = await loadLiveDocuments({kubeconfig: cluster.kubeconfig})
    assert.deepEqual(describeDocs(result.docs).filter((d) => d.startsWith('ConfigMap')), ['ConfigMap ack-system/ack-role-account-map', 'ConfigMap ack-system/ack-s3-user-config'])
    await cluster.stop()

    // A controller that matches CARM ConfigMaps in any namespace: its settings ConfigMap is read by name.
    container.env = [...(container.env ?? []).filter((e: {name: string}) => e.name !== 'ACK_SYSTEM_NAMESPACE'), {name: 'ACK_SYSTEM_NAMESPACE', value: ''}]
    cluster = await startCluster({objects})
    result = await loadLiveDocuments({kubeconfig: cluster.kubeconfig})
    assert.ok(describeDocs(result.docs).includes('ConfigMap ack-system/ack-s3-user-config'))
    assert.ok(cluster.fake.requests.some((r) => r.path === '/api/v1/namespaces/ack-system/configmaps' && r.query.fieldSelector === 'metadata.name=ack-s3-user-config'))
  })

  it('reads the CARM ConfigMaps where a settings ConfigMap puts the ACK system namespace, and resolves with them', async () => {
    const objects = readYamlObjects(CLUSTER_FIXTURE) as Array<Record<string, any>>
    const dynamodb = objects.find((o) => o.metadata.name === 'ack-dynamodb-controller' && o.kind === 'Deployment')!
    const container = dynamodb.spec.template.spec.containers[0]
    container.env = []
    container.envFrom = [{configMapRef: {name: 'ack-dynamodb-user-config'}}]
    objects.push({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'ack-dynamodb-user-config', namespace: 'ack-system'}, data: {ACK_SYSTEM_NAMESPACE: 'carm-maps'}})
    // The account map lives where the controller looks: carm-maps, not ack-system.
    objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'ack-role-account-map')!.metadata.namespace = 'carm-maps'
    cluster = await startCluster({objects})
    const result = await loadLiveDocuments({kubeconfig: cluster.kubeconfig})
    assert.deepEqual(result.findings, [])
    assert.deepEqual(describeDocs(result.docs).filter((d) => d.startsWith('ConfigMap')),
      ['ConfigMap ack-system/ack-dynamodb-user-config', 'ConfigMap carm-maps/ack-role-account-map'])
    // Learnt from the first pass's ConfigMap: one more list, of that namespace.
    assert.deepEqual(cluster.fake.requests.filter((r) => r.path.endsWith('/configmaps')).map((r) => r.path).sort(),
      ['/api/v1/namespaces/ack-system/configmaps', '/api/v1/namespaces/carm-maps/configmaps'])
    const home = mkdtempSync(join(tmpdir(), 'ackctl-live-'))
    try {
      const run = await ackctl(['resolve', '--kubeconfig', cluster.kubeconfig, '-o', 'json'], home)
      const ledger = (JSON.parse(run.stdout) as {resources: Array<{name: string; outcome: string; roleARN: string; source: string}>}).resources.find((r) => r.name === 'ledger')!
      assert.deepEqual([ledger.outcome, ledger.roleARN, ledger.source], ['ASSUME_ROLE', 'arn:aws:iam::222222222222:role/payments-dynamodb', 'carm-account'])
    } finally {
      rmSync(home, {recursive: true, force: true})
    }
  })

  it('reads ack-system when no controller Deployment runs in the cluster', async () => {
    const objects = (readYamlObjects(CLUSTER_FIXTURE) as Array<{kind: string}>).filter((o) => o.kind !== 'Deployment')
    cluster = await startCluster({objects})
    const result = await loadLiveDocuments({kubeconfig: cluster.kubeconfig})
    assert.ok(describeDocs(result.docs).includes('ConfigMap ack-system/ack-role-account-map'))
    assert.ok(!cluster.fake.requests.some((r) => r.path.endsWith('/serviceaccounts')))
  })

  it('reports progress as lists complete', async () => {
    cluster = await startCluster()
    const lines: string[] = []
    await loadLiveDocuments({kubeconfig: cluster.kubeconfig, progress: (m) => lines.push(m)})
    assert.equal(lines.at(-1), 'reading cluster (context fake): 8/8 lists, 23 objects')
  })
})
