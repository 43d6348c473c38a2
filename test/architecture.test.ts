import {strict as assert} from 'node:assert'
import {readdirSync, readFileSync} from 'node:fs'
import {join, relative} from 'node:path'

import {REPO_ROOT} from './support/vectors.js'

/**
 * The shape STYLE.md asks for, checked rather than only reviewed:
 * - the domains (src/core, src/ack, src/iam, src/migrate, src/findings) and src/render are pure: no
 *   node:* modules, no Kubernetes client, no AWS SDK, no process, console or clock, and no imports
 *   from the I/O layers (src/sources, src/aws, src/cli, src/commands);
 * - every folder of src is one of the known jobs, so a new folder is a decision, not an accident;
 * - the Kubernetes client and the AWS SDK are only ever imported lazily (`await import()`), so
 *   commands that do not need them never pay for them.
 */
function sources(dir: string): string[] {
  const out: string[] = []
  for (const e of readdirSync(dir, {withFileTypes: true})) {
    const full = join(dir, e.name)
    if (e.isDirectory()) out.push(...sources(full))
    else if (e.name.endsWith('.ts')) out.push(full)
  }
  return out
}

/** Source text without comments and string contents, so documentation cannot trip the checks. */
function code(file: string): string {
  return readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:])\/\/.*$/gm, '$1')
}

const PURE_DIRS = ['src/core', 'src/ack', 'src/iam', 'src/migrate', 'src/findings', 'src/diff', 'src/render']
/** Each folder's job, as the README's layout section states it. */
const LAYOUT = ['ack', 'aws', 'cli', 'commands', 'core', 'diff', 'findings', 'iam', 'migrate', 'render', 'sources']
const IO_FILES = new Set<string>()
const IMPURE: Array<[RegExp, string]> = [
  [/from 'node:/, 'a node:* module'],
  [/from '@kubernetes\//, 'the Kubernetes client'],
  [/from '@aws-sdk\//, 'the AWS SDK'],
  [/from 'chalk'/, 'chalk (colour is decided by the command)'],
  [/from '\.\.\/(?:\.\.\/)?(?:sources|aws|cli|commands)\//, 'an I/O layer'],
  [/\bprocess\./, 'process'],
  [/\bconsole\./, 'console'],
  [/\bDate\.now\(|\bnew Date\(\)/, 'the clock'],
]

describe('architecture', () => {
  it('src holds one folder per job: the domains, the I/O adapters, the renderers and the commands', () => {
    const dirs = readdirSync(join(REPO_ROOT, 'src'), {withFileTypes: true}).filter((e) => e.isDirectory()).map((e) => e.name).sort()
    assert.deepEqual(dirs, LAYOUT)
  })

  for (const dir of PURE_DIRS) {
    it(`${dir} is pure (no I/O, process, console or clock)`, () => {
      const problems: string[] = []
      for (const file of sources(join(REPO_ROOT, dir))) {
        if (IO_FILES.has(relative(REPO_ROOT, file))) continue
        const text = code(file)
        for (const [pattern, what] of IMPURE) if (pattern.test(text)) problems.push(`${relative(REPO_ROOT, file)} uses ${what}`)
      }
      assert.deepEqual(problems, [])
    })
  }

  it('src/index.ts lists every command in src/commands under its file name (oclif finds commands only there)', async () => {
    const {COMMANDS} = await import('../src/index.js')
    const files = readdirSync(join(REPO_ROOT, 'src', 'commands')).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)).sort()
    assert.deepEqual(Object.keys(COMMANDS).sort(), files)
    for (const [id, command] of Object.entries(COMMANDS)) assert.equal(typeof command.run, 'function', id)
  })

  it('imports the Kubernetes client and the AWS SDK only lazily, anywhere in src', () => {
    const problems: string[] = []
    for (const file of sources(join(REPO_ROOT, 'src'))) {
      for (const line of code(file).split('\n')) {
        if (/^\s*import\s+(?!type\b)[^;]*from\s+'(@kubernetes\/client-node|@aws-sdk\/[^']+)'/.test(line)) problems.push(`${relative(REPO_ROOT, file)}: ${line.trim()}`)
      }
    }
    assert.deepEqual(problems, [])
  })
})
