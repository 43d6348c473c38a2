import {strict as assert} from 'node:assert'
import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {Ajv} from 'ajv'
import addFormats from 'ajv-formats'

import {ackctl, startCluster, type FakeCluster} from '../live/support.js'
import {REPO_ROOT} from '../support/vectors.js'

describe('ackctl lint against a live cluster', function () {
  this.timeout(120_000)
  let cluster: FakeCluster
  // The lint scenario (all but its unparsable file) served by the loopback API server.
  const scenario = ['00-controllers.yaml', '10-namespaces.yaml', '20-carm.yaml', '30-selectors.yaml', '40-resources.yaml']
    .map((f) => join(REPO_ROOT, 'fixtures', 'lint', 'scenario', f))
  beforeEach(async () => {
    cluster = await startCluster({files: scenario})
  })
  afterEach(async () => cluster.stop())

  it('reports live objects with logical locations Kind/namespace/name, and matches linting a snapshot of the cluster', async () => {
    const live = await ackctl(['lint', '--kubeconfig', cluster.kubeconfig, '--format', 'sarif'], cluster.dir)
    assert.equal(live.stderr, '')
    const sarif = JSON.parse(live.stdout)
    const {$schema: _draft, id, ...schema} = JSON.parse(readFileSync(join(REPO_ROOT, 'fixtures', 'lint', 'sarif-schema-2.1.0.json'), 'utf8'))
    const ajv = new Ajv({allErrors: true, strict: false})
    addFormats.default(ajv)
    assert.equal(ajv.validate({...schema, $id: id}, sarif), true, JSON.stringify(ajv.errors))
    const results = sarif.runs[0].results as Array<{ruleId: string; locations?: Array<{physicalLocation?: unknown; logicalLocations?: Array<{fullyQualifiedName: string}>}>}>
    const located = results.filter((r) => r.locations)
    // (The live reader lists CARM ConfigMaps in the ACK system namespace only, so the misplaced map is not seen.)
    assert.deepEqual(results.map((r) => r.ruleId).sort(), [
      'account-drift', 'default-credentials-fallback', 'selector-conflict', 'selector-overlap',
      'selector-pruned-field', 'selector-short-group', 'selector-version-pinned',
    ])
    assert.equal(live.code, 1)
    for (const r of located) {
      assert.equal(r.locations![0].physicalLocation, undefined, 'no file for live objects')
      assert.match(r.locations![0].logicalLocations![0].fullyQualifiedName, /^[A-Za-z]+\/[a-z0-9.-]+(\/[a-z0-9.-]+)?$/)
    }

    const snapshot = await ackctl(['snapshot', '--kubeconfig', cluster.kubeconfig], cluster.dir)
    const file = join(cluster.dir, 'snapshot.yaml')
    writeFileSync(file, snapshot.stdout)
    const offline = await ackctl(['lint', '-f', file, '--format', 'json'], cluster.dir)
    const liveJson = await ackctl(['lint', '--kubeconfig', cluster.kubeconfig, '--format', 'json'], cluster.dir)
    // The same findings; only the places differ (file and line offline, none live), and so the order.
    const strip = (text: string) => (JSON.parse(text) as {findings: Array<Record<string, unknown>>}).findings
      .map(({file: _f, line: _l, column: _c, ...rest}) => JSON.stringify(rest)).sort()
    assert.deepEqual(strip(offline.stdout), strip(liveJson.stdout))
    assert.equal(offline.code, liveJson.code)
  })

  it('exits 3 when the cluster cannot be read completely, whatever the findings', async () => {
    cluster.fake.addFault({resource: 'iamroleselectors', status: 403})
    const res = await ackctl(['lint', '--kubeconfig', cluster.kubeconfig, '--format', 'json', '--fail-on', 'none'], cluster.dir)
    assert.equal(res.code, 3, res.stderr)
    const json = JSON.parse(res.stdout)
    assert.equal(json.summary.complete, false)
    assert.ok(json.findings.some((f: {message: string}) => /cannot list iamroleselectors\.services\.k8s\.aws/.test(f.message)), res.stdout)
  })
})
