import {strict as assert} from 'node:assert'
import {spawn} from 'node:child_process'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {syntheticObjects} from '../../bench/synthetic.js'
import {ackctlArgv, ackctlEnv} from '../support/cli.js'
import {REPO_ROOT} from '../support/vectors.js'

/**
 * `ackctl ... | head -c 100`: the reader closes the pipe after its first bytes while ackctl still
 * has most of the report to write. Returns the exit code and what ackctl printed on stderr.
 */
function readFirstBytes(args: string[]): Promise<{code: number | null; stderr: string; read: number}> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ackctlArgv(args), {cwd: REPO_ROOT, env: ackctlEnv(), stdio: ['ignore', 'pipe', 'pipe']})
    let stderr = ''
    let read = 0
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    child.stdout.once('data', (chunk: Buffer) => {
      read = chunk.length
      child.stdout.destroy()
    })
    child.on('error', reject)
    child.on('close', (code) => resolve({code, stderr, read}))
  })
}

describe('standard output closed by its reader (| head)', function () {
  this.timeout(120_000)
  let dir: string
  let input: string
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ackctl-pipe-'))
    input = join(dir, 'cluster.json')
    // Some 10 MB of report: far more than a pipe buffers.
    writeFileSync(input, JSON.stringify({apiVersion: 'v1', kind: 'List', items: syntheticObjects({namespaces: 500, selectors: 50, resources: 5000, kinds: 20})}))
  })
  after(() => rmSync(dir, {recursive: true, force: true}))

  for (const args of [['resolve', '-o', 'json'], ['resolve', '-o', 'yaml'], ['resolve', '--json'], ['resolve'], ['lint', '-o', 'json'], ['migrate-carm', '-o', 'json']]) {
    it(`ackctl ${args.join(' ')} stops silently with 141, as a program killed by SIGPIPE`, async () => {
      const res = await readFirstBytes([...args, '-f', input])
      assert.ok(res.read > 0)
      assert.equal(res.stderr, '')
      assert.equal(res.code, 141)
    })
  }
})
