import {strict as assert} from 'node:assert'
import {spawnSync} from 'node:child_process'
import {copyFileSync, mkdirSync, mkdtempSync, rmSync} from 'node:fs'
import {join} from 'node:path'

import {REPO_ROOT} from '../support/vectors.js'

/**
 * scripts/build.mjs orders oclif's command ids of lowercase letters, ':' and '-' by their characters'
 * codes instead of localeCompare (whose first call sets up ICU's collator, 14 ms of every start-up),
 * on the ground that the two orders are the same for such ids. Every id of up to three such
 * characters, in both orders.
 */
describe('the build: command ids in oclif\'s order without ICU', () => {
  it('orders every id of up to three characters from a-z, ":" and "-" as localeCompare does', () => {
    const alphabet = [...'abcdefghijklmnopqrstuvwxyz:-']
    let ids = ['']
    const all: string[] = []
    for (let length = 1; length <= 3; length++) {
      ids = ids.flatMap((id) => alphabet.map((c) => id + c))
      all.push(...ids.filter((id) => /^[a-z][a-z:-]*$/.test(id)))
    }
    const byCodes = [...all].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    const byLocale = [...all].sort((a, b) => a.localeCompare(b))
    assert.equal(all.length, 26 + 26 * 28 + 26 * 28 * 28)
    assert.deepEqual(byCodes, byLocale)
  })
})

describe('bin/run.js in a checkout that has not been built', () => {
  for (const cache of ['with', 'without']) it(`says to build it and exits 2, without a stack trace (${cache} the code cache)`, () => {
    mkdirSync(join(REPO_ROOT, 'tmp'), {recursive: true})
    const root = mkdtempSync(join(REPO_ROOT, 'tmp', 'unbuilt-'))
    try {
      mkdirSync(join(root, 'bin'))
      for (const file of ['bin/run.js', 'bin/package.json', 'package.json']) copyFileSync(join(REPO_ROOT, file), join(root, file))
      const env: NodeJS.ProcessEnv = {...process.env, NO_COLOR: '1'}
      delete env.NODE_ENV
      if (cache === 'without') env.NODE_DISABLE_COMPILE_CACHE = '1'
      else delete env.NODE_DISABLE_COMPILE_CACHE
      const res = spawnSync(process.execPath, [join(root, 'bin', 'run.js'), 'resolve', '-f', 'fixtures/demo'], {cwd: REPO_ROOT, encoding: 'utf8', env})
      assert.equal(res.status, 2, res.stderr)
      assert.equal(res.stdout, '')
      assert.equal(res.stderr, `ackctl: ${join('dist', 'index.js')} is missing: this is a source checkout that has not been built; run \`npm ci && npm run build\` in ${root}\n`)
    } finally {
      rmSync(root, {recursive: true, force: true})
    }
  })
})
