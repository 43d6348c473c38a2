import assert from 'node:assert/strict'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {parseAllDocuments} from 'yaml'

import {loadLiveDocuments} from '../../src/sources/live/index.js'
import type {PolicyRule} from '../support/fake-kube.js'
import {CLUSTER_FIXTURE, ROOT, startCluster, type FakeCluster} from './support.js'

interface RbacObject {
  kind: string
  metadata: {namespace?: string}
  rules?: Array<{apiGroups: string[]; resources: string[]; verbs: string[]}>
}

/** The ClusterRole and Role the README tells users to apply, as the fake's RBAC rules. */
function readmeRules(): {cluster: PolicyRule[]; namespaced: PolicyRule[]} {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  const section = readme.slice(readme.indexOf('<!-- BEGIN:live -->'), readme.indexOf('<!-- END:live -->'))
  const block = /### The read-only access ackctl needs[\s\S]*?```yaml\n([\s\S]*?)```/.exec(section)
  assert.ok(block, 'the README shows the RBAC as YAML')
  const objects = parseAllDocuments(block[1]).map((d) => d.toJS() as RbacObject)
  const rules = (kind: string) => objects.filter((o) => o.kind === kind).flatMap((o) =>
    (o.rules ?? []).map((r) => ({...r, ...(o.metadata.namespace ? {namespaces: [o.metadata.namespace]} : {})})))
  return {cluster: rules('ClusterRole'), namespaced: rules('Role')}
}

describe('the README\'s read-only RBAC', function () {
  this.timeout(30_000)
  let cluster: FakeCluster
  afterEach(async () => cluster?.stop())

  it('is enough for a complete read, with list as the only verb', async () => {
    const {cluster: clusterRules, namespaced} = readmeRules()
    assert.ok([...clusterRules, ...namespaced].every((r) => r.verbs.length === 1 && r.verbs[0] === 'list'))
    cluster = await startCluster({files: [CLUSTER_FIXTURE], rbac: [...clusterRules, ...namespaced]})
    const result = await loadLiveDocuments({kubeconfig: cluster.kubeconfig})
    assert.deepEqual(result.findings, [])
    assert.equal(result.complete, true)
    assert.ok(cluster.fake.apiRequests.every((r) => r.status === 200 && r.method === 'GET'))
  })

  it('is minimal: without the Role, the namespaced lists are named as missing', async () => {
    cluster = await startCluster({files: [CLUSTER_FIXTURE], rbac: readmeRules().cluster})
    const result = await loadLiveDocuments({kubeconfig: cluster.kubeconfig})
    assert.equal(result.complete, false)
    assert.deepEqual(result.findings.map((f) => f.message.split(':')[0]), [
      'cannot list configmaps in namespace ack-system',
      'cannot list serviceaccounts in namespace ack-system',
    ])
  })
})
