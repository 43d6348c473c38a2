import {strict as assert} from 'node:assert'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {captureOutput} from '@oclif/test'

import MigrateCarm from '../../src/commands/migrate-carm.js'
import type {MigrationResult} from '../../src/migrate/index.js'
import {FakeKube} from '../support/fake-kube.js'
import {REPO_ROOT} from '../support/vectors.js'

describe('ackctl migrate-carm against a live cluster', function () {
  this.timeout(60_000)

  it('reads the cluster like -f reads files, and plans the confirmation against the same context', async () => {
    const scenario = join(REPO_ROOT, 'fixtures', 'migrate', '03-service-level')
    const fake = await FakeKube.start({files: [join(scenario, 'input')]})
    const dir = mkdtempSync(join(tmpdir(), 'ackctl-migrate-live-'))
    try {
      const kubeconfig = fake.writeKubeconfig(dir)
      process.exitCode = 0
      const out = await captureOutput<MigrationResult>(() => MigrateCarm.run(['--kubeconfig', kubeconfig, '--json'], REPO_ROOT))
      assert.equal(out.error, undefined, out.stderr)
      assert.equal(process.exitCode, 0)
      const live = JSON.parse(out.stdout) as MigrationResult
      const files = JSON.parse(readFileSync(join(scenario, 'expected', 'result.json'), 'utf8')) as MigrationResult
      assert.deepEqual(live.selectors, files.selectors)
      assert.deepEqual(live.differences, files.differences)
      assert.equal(live.equivalent, true)
      const confirm = live.plan.find((s) => s.id === 'confirm')!
      assert.deepEqual(confirm.commands, [`ackctl resolve --kubeconfig ${kubeconfig}`])
      assert.ok(live.plan.find((s) => s.id === 'lint')!.commands.includes(`ackctl migrate-carm --kubeconfig ${kubeconfig}`))
    } finally {
      process.exitCode = 0
      await fake.stop()
      rmSync(dir, {recursive: true, force: true})
    }
  })
})
