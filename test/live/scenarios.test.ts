import assert from 'node:assert/strict'
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {Parser} from '@oclif/core'

import {controllerFlags, settingsOverrides} from '../../src/cli/flags.js'
import {analyse} from '../../src/findings/analyse.js'
import {TEST_TODAY} from '../findings/support.js'
import type {Snapshot} from '../../src/core/types.js'
import {NO_PAINT} from '../../src/render/paint.js'
import {resolveJson, resolveTable} from '../../src/render/resolve.js'
import {readBlockYaml} from '../../src/sources/block-reader.js'
import {loadSnapshot} from '../../src/sources/index.js'
import {loadLiveDocuments} from '../../src/sources/live/index.js'
import {snapshotYaml} from '../../src/render/snapshot-yaml.js'
import {kubectl, ROOT, startCluster} from './support.js'

const SCENARIOS = join(ROOT, 'fixtures', 'scenarios')

/** `ackctl resolve -o json` and `-o wide` for a snapshot, with the scenario's flags (`input/flags.txt`). */
async function reports(snapshot: Snapshot, input: string): Promise<string> {
  const file = join(input, 'flags.txt')
  const argv = existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith('#')) : []
  const {flags} = await Parser.parse(argv, {flags: controllerFlags, strict: true})
  // The analysis `ackctl resolve` runs (src/findings/analyse.ts), with the scenario's flags.
  const {report} = analyse(snapshot, {overrides: settingsOverrides(flags), today: TEST_TODAY, explain: true})
  return JSON.stringify(resolveJson(report), null, 2) + '\n' + resolveTable(report, {wide: true, paint: NO_PAINT})
}

/**
 * Every scenario, served by the fake API server: the live report equals, byte for byte (JSON and
 * the wide table), the report of the `ackctl snapshot` file and of a `kubectl get -o yaml` dump of
 * the same cluster.
 */
/**
 * Scenarios that are repositories, not clusters: their controllers are GitOps chart releases, which
 * a real cluster holds as the Deployments Flux or Argo CD renders from them (the live read reads
 * those, and the ConfigMaps of their namespace). Served as they are, no Deployment ever appears.
 */
const NOT_CLUSTERS = new Set(['32-gitops-chart-releases'])

describe('live input equals its snapshot, for every fixtures/scenarios cluster', function () {
  this.timeout(60_000)
  const dirs = readdirSync(SCENARIOS, {withFileTypes: true}).filter((d) => d.isDirectory() && !NOT_CLUSTERS.has(d.name)).map((d) => d.name).sort()
  it('there are scenarios to serve', () => assert.ok(dirs.length >= 20, `${dirs.length} scenarios`))
  for (const name of dirs) {
    it(name, async () => {
      const input = join(SCENARIOS, name, 'input')
      const cluster = await startCluster({files: [input]})
      try {
        const live = await loadSnapshot({filenames: [], recursive: false, kubeconfig: cluster.kubeconfig})
        assert.equal(live.complete, true)
        const read = await loadLiveDocuments({kubeconfig: cluster.kubeconfig})
        const file = join(cluster.dir, 'snapshot.yaml')
        writeFileSync(file, snapshotYaml(read.docs.map((d) => d.object), read.context, read.findings))
        const offline = await loadSnapshot({filenames: [file], recursive: false})
        const expected = await reports(live, input)
        assert.equal(await reports(offline, input), expected, 'ackctl snapshot')

        const types = [...cluster.fake.catalog.types.values()]
          .filter((t) => t.builtin || t.group.endsWith('services.k8s.aws') || t.plural === 'customresourcedefinitions')
          .map((t) => (t.group === '' ? t.plural : `${t.plural}.${t.group}`))
        const dump = await kubectl(['--kubeconfig', cluster.kubeconfig, '--cache-dir', join(cluster.dir, 'cache'), 'get', types.join(','), '-A', '-o', 'yaml'], cluster.dir)
        assert.equal(dump.code, 0, dump.stderr)
        writeFileSync(file, dump.stdout)
        // kubectl's YAML (go-yaml: long strings folded over lines) is what ackctl's own reader is for.
        assert.ok(readBlockYaml(dump.stdout), 'the block reader gave up on a kubectl dump: it goes to js-yaml, twice as slow')
        assert.equal(await reports(await loadSnapshot({filenames: [file], recursive: false}), input), expected, 'kubectl dump')
        assert.ok(cluster.fake.requests.every((r) => r.method === 'GET'))
      } finally {
        await cluster.stop()
      }
    })
  }
})
