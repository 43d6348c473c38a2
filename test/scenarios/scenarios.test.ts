import {strict as assert} from 'node:assert'
import {existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join, sep} from 'node:path'

import {Parser} from '@oclif/core'

import {controllerFlags, settingsOverrides} from '../../src/cli/flags.js'
import {analyse} from '../../src/findings/analyse.js'
import {TEST_TODAY} from '../findings/support.js'
import {resolveJson} from '../../src/render/resolve.js'
import {loadSnapshot} from '../../src/sources/index.js'
import {REPO_ROOT} from '../support/vectors.js'

const SCENARIOS = join(REPO_ROOT, 'fixtures', 'scenarios')
const UPDATE = process.env.UPDATE_GOLDEN === '1'

/** ackctl's own flags for a scenario: `input/flags.txt`, one argument per line (`#` lines and blank lines ignored). */
function scenarioFlags(input: string): string[] {
  const file = join(input, 'flags.txt')
  if (!existsSync(file)) return []
  return readFileSync(file, 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith('#'))
}

/**
 * What `ackctl resolve -f input/ [flags] -o json` computes, through the real file loader, the
 * controller settings from the Deployments (overridden by the flags), the resolver and the JSON renderer.
 * File paths in findings are written relative to the scenario (`input/...`).
 */
async function resolveScenario(dir: string): Promise<string> {
  const input = join(dir, 'input')
  const {flags} = await Parser.parse(scenarioFlags(input), {flags: controllerFlags, strict: true})
  const snapshot = await loadSnapshot({filenames: [input], recursive: false})
  // The analysis `ackctl resolve` runs (src/findings/analyse.ts), with the scenario's flags.
  const {report} = analyse(snapshot, {overrides: settingsOverrides(flags), today: TEST_TODAY, explain: true})
  const json = JSON.stringify(resolveJson(report), null, 2)
  return json.split(input + sep).join(`input${sep}`) + '\n'
}

describe('scenarios: fixtures/scenarios/NN-name/{input,expected} through the real loader and resolver', () => {
  const dirs = readdirSync(SCENARIOS, {withFileTypes: true}).filter((d) => d.isDirectory()).map((d) => d.name).sort()
  it('there are scenarios to walk', () => assert.ok(dirs.length >= 20, `${dirs.length} scenarios`))
  for (const name of dirs) {
    it(name, async () => {
      const dir = join(SCENARIOS, name)
      const got = await resolveScenario(dir)
      const golden = join(dir, 'expected', 'resolve.json')
      if (UPDATE) {
        mkdirSync(join(dir, 'expected'), {recursive: true})
        writeFileSync(golden, got)
        return
      }
      assert.ok(existsSync(golden), `${golden} is missing: run with UPDATE_GOLDEN=1, then review it against the spec`)
      assert.equal(got, readFileSync(golden, 'utf8'))
    })
  }
})
