import {strict as assert} from 'node:assert'
import {existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {analyse} from '../../src/findings/analyse.js'
import {TEST_TODAY} from '../findings/support.js'
import {migrateAnalysed, DEFAULT_LABEL_KEY, type MigrationResult, type Strategy} from '../../src/migrate/index.js'
import type {SettingsOverrides} from '../../src/ack/settings.js'
import type {EksCapability} from '../../src/core/types.js'
import {migrateReport} from '../../src/render/migrate-report.js'
import {selectorsYaml} from '../../src/render/migrate-yaml.js'
import {loadSnapshot} from '../../src/sources/index.js'
import {REPO_ROOT} from '../support/vectors.js'

/** `args.json` of a scenario: how to run it, and the behaviour a user would notice. */
interface ScenarioArgs {
  strategy?: Strategy
  labelKey?: string
  overrides?: SettingsOverrides
  /** `--to-eks-capability-role-arn` / `--to-eks-capability-arn`: the cut-over is to the EKS Capability. */
  capability?: EksCapability
  expect: {equivalent: boolean; selectorNames: string[]; codes: string[]; labelChanges?: string[]}
}

const ROOT = join(REPO_ROOT, 'fixtures', 'migrate')

/** Compares with `expected/<name>`; UPDATE_GOLDEN=1 rewrites it (review golden diffs like code). */
function golden(dir: string, name: string, actual: string): void {
  const file = join(ROOT, dir, 'expected', name)
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(join(ROOT, dir, 'expected'), {recursive: true})
    writeFileSync(file, actual)
  }
  assert.ok(existsSync(file), `missing golden ${file} (run with UPDATE_GOLDEN=1)`)
  assert.equal(actual, readFileSync(file, 'utf8'), `output differs from fixtures/migrate/${dir}/expected/${name} (UPDATE_GOLDEN=1 rewrites it)`)
}

export async function runScenario(dir: string): Promise<{result: MigrationResult; args: ScenarioArgs}> {
  const args = JSON.parse(readFileSync(join(ROOT, dir, 'args.json'), 'utf8')) as ScenarioArgs
  const input = `fixtures/migrate/${dir}/input`
  const snapshot = await loadSnapshot({filenames: [join(REPO_ROOT, input)], recursive: true})
  // The analysis and migration `ackctl migrate-carm` runs.
  const analysis = analyse(snapshot, {overrides: args.overrides ?? {}, today: TEST_TODAY})
  const result = migrateAnalysed(snapshot, analysis, {
    strategy: args.strategy ?? 'names', labelKey: args.labelKey ?? DEFAULT_LABEL_KEY,
    invocation: {sourceArgs: ['-f', input], live: false},
    ...(args.capability ? {capability: args.capability} : {}),
  })
  return {result, args}
}

describe('migrate-carm scenarios (fixtures/migrate)', () => {
  for (const dir of readdirSync(ROOT).filter((d) => existsSync(join(ROOT, d, 'args.json'))).sort()) {
    describe(dir, () => {
      let run: {result: MigrationResult; args: ScenarioArgs}
      before(async () => {
        run = await runScenario(dir)
      })

      it('generates the expected selectors and proof verdict', () => {
        const {result, args} = run
        assert.deepEqual(result.selectors.map((s) => s.metadata.name), args.expect.selectorNames)
        assert.equal(result.equivalent, args.expect.equivalent, migrateReport(result))
        const codes = new Set(result.notes.map((n) => n.code))
        for (const code of args.expect.codes) assert.ok(codes.has(code), `expected a note ${code}; got ${[...codes].join(', ')}`)
        if (args.expect.labelChanges) {
          assert.deepEqual(result.labelChanges.map((c) => `${c.object.kind} ${c.object.namespace ? `${c.object.namespace}/` : ''}${c.object.name} ${c.key}=${c.value}`), args.expect.labelChanges)
        }
      })

      it('explains every difference that breaks equivalence', () => {
        assert.deepEqual(run.result.notes.filter((n) => n.code === 'unexplained-difference'), [])
      })

      it('matches the golden manifests, report and JSON', () => {
        golden(dir, 'selectors.yaml', selectorsYaml(run.result.selectors))
        golden(dir, 'report.txt', migrateReport(run.result))
        golden(dir, 'result.json', JSON.stringify(run.result, null, 2) + '\n')
      })

      it('gives byte-identical output when run again', async () => {
        const again = await runScenario(dir)
        assert.equal(JSON.stringify(again.result), JSON.stringify(run.result))
      })
    })
  }
})
