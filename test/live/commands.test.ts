import assert from 'node:assert/strict'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {parse} from 'yaml'

import {ackctl, kubectl, startCluster, type FakeCluster} from './support.js'

/** What a user would dump with kubectl to get the same objects ackctl reads. */
const KUBECTL_TYPES = 'namespaces,customresourcedefinitions,iamroleselectors.services.k8s.aws,deployments.apps,serviceaccounts,configmaps,buckets.s3.services.k8s.aws,tables.dynamodb.services.k8s.aws'

/** oclif wraps long error messages over several `›` lines: join them back for matching. */
const oneLine = (stderr: string) => stderr.replace(/\s*\n\s*›\s*/g, ' ').replace(/\s+/g, ' ')

describe('ackctl against a live cluster (resolve, snapshot)', function () {
  this.timeout(180_000)
  let cluster: FakeCluster
  beforeEach(async () => {
    cluster = await startCluster()
  })
  afterEach(async () => cluster.stop())
  const file = (name: string, text: string) => {
    const path = join(cluster.dir, name)
    writeFileSync(path, text)
    return path
  }

  it('gives byte-identical reports live, from `ackctl snapshot` (YAML or --json) and from a kubectl dump', async () => {
    const snapshot = await ackctl(['snapshot', '--kubeconfig', cluster.kubeconfig], cluster.dir)
    assert.equal(snapshot.code, 0, snapshot.stderr)
    assert.equal(snapshot.stderr, '', 'no progress or notes when stderr is not a terminal')
    assert.match(snapshot.stdout, /^# ackctl snapshot of context fake: 19 objects\. Resolve it with: ackctl resolve -f FILE\n---\napiVersion: apiextensions\.k8s\.io\/v1\nkind: CustomResourceDefinition\n/)
    const documents = snapshot.stdout.split('\n---\n').slice(1).map((d) => parse(d) as {kind: string})
    assert.deepEqual(documents.map((d) => d.kind).filter((k, i, all) => all.indexOf(k) === i),
      ['CustomResourceDefinition', 'Namespace', 'IAMRoleSelector', 'Deployment', 'ConfigMap', 'ServiceAccount', 'Table', 'Bucket'])
    const json = await ackctl(['snapshot', '--kubeconfig', cluster.kubeconfig, '--json'], cluster.dir)
    const list = JSON.parse(json.stdout) as {apiVersion: string; kind: string; items: unknown[]}
    assert.deepEqual([list.apiVersion, list.kind, list.items], ['v1', 'List', documents])
    const dump = await kubectl(['--kubeconfig', cluster.kubeconfig, 'get', KUBECTL_TYPES, '-A', '-o', 'yaml'], cluster.dir)
    assert.equal(dump.code, 0, dump.stderr)
    const inputs = {snapshot: file('snapshot.yaml', snapshot.stdout), list: file('list.json', json.stdout), dump: file('dump.yaml', dump.stdout)}

    for (const format of [['-o', 'wide'], ['--json']]) {
      const live = await ackctl(['resolve', '--kubeconfig', cluster.kubeconfig, ...format], cluster.dir)
      assert.equal(live.stderr, '', `live ${format.join(' ')}: ${live.stderr}`)
      assert.ok(live.stdout.includes('receipts'), live.stdout)
      const sources: Array<keyof typeof inputs> = format[0] === '--json' ? ['snapshot', 'list', 'dump'] : ['snapshot', 'dump']
      for (const source of sources) {
        const offline = await ackctl(['resolve', '-f', inputs[source], ...format], cluster.dir)
        assert.equal(offline.stdout, live.stdout, `${source} ${format.join(' ')}`)
        assert.equal(offline.code, live.code)
      }
    }
    assert.deepEqual([...new Set(cluster.fake.requests.map((r) => r.method))], ['GET'], 'ackctl and kubectl only read')
  })

  it('exits 3 and names the missing permission when a collection is forbidden', async () => {
    cluster.fake.addFault({resource: 'iamroleselectors', status: 403})
    const resolve = await ackctl(['resolve', '--kubeconfig', cluster.kubeconfig], cluster.dir)
    assert.equal(resolve.code, 3, resolve.stderr)
    assert.match(resolve.stdout + resolve.stderr, /cannot list iamroleselectors\.services\.k8s\.aws at cluster scope: forbidden \(RBAC\)/)
    const snapshot = await ackctl(['snapshot', '--kubeconfig', cluster.kubeconfig], cluster.dir)
    assert.equal(snapshot.code, 3)
    assert.match(snapshot.stderr, /^error: cannot list iamroleselectors\.services\.k8s\.aws at cluster scope: forbidden \(RBAC\)/)
    assert.match(snapshot.stdout, /\n# INCOMPLETE: cannot list iamroleselectors\.services\.k8s\.aws at cluster scope/)
  })

  it('exits 2 with a clear message, no stack trace, before any request, for an unknown context', async () => {
    for (const command of ['resolve', 'snapshot']) {
      const r = await ackctl([command, '--kubeconfig', cluster.kubeconfig, '--context', 'prod-eu'], cluster.dir)
      assert.equal(r.code, 2, `${command}: ${r.stderr}`)
      assert.match(oneLine(r.stderr), /context "prod-eu" \(--context\) is not in the kubeconfig; known contexts: fake/)
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace')
    }
    assert.equal(cluster.fake.requests.length, 0)
  })

  it('shows what the controllers did next to the prediction (-o wide and JSON)', async () => {
    const json = await ackctl(['resolve', '--kubeconfig', cluster.kubeconfig, '--json'], cluster.dir)
    const report = JSON.parse(json.stdout) as {resources: Array<{name: string; observed?: {state: string; agreement: string}}>; findings: Array<{rule: string; message: string}>}
    const observed = Object.fromEntries(report.resources.map((r) => [r.name, r.observed && `${r.observed.state} ${r.observed.agreement}`]))
    assert.deepEqual(observed, {
      archive: 'role-selected differs', // a role nobody intends: its selector is gone
      invoices: 'role-selected differs', // selected at an older resourceVersion
      ledger: 'no-selector agrees',
      receipts: 'role-selected agrees',
      sessions: 'unknown unknown',
    })
    assert.deepEqual(report.findings.filter((f) => f.rule.startsWith('observed-')).map((f) => f.rule).sort(), ['observed-role-differs', 'observed-stale-selector'])
    const wide = await ackctl(['resolve', '--kubeconfig', cluster.kubeconfig, '-o', 'wide'], cluster.dir)
    assert.match(wide.stdout, /OBSERVED/)
  })
})
