import {strict as assert} from 'node:assert'
import {execFileSync} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {runCommand} from '@oclif/test'

import {ackctl} from '../support/cli.js'
import {REPO_ROOT} from '../support/vectors.js'

const ROOT = join(REPO_ROOT, 'fixtures', 'diff')
const UPDATE = process.env.UPDATE_GOLDEN === '1'

function golden(file: string, actual: string): void {
  if (UPDATE) {
    mkdirSync(join(file, '..'), {recursive: true})
    writeFileSync(file, actual)
  }
  assert.ok(existsSync(file), `missing golden ${file} (UPDATE_GOLDEN=1 writes it; review it)`)
  assert.equal(actual, readFileSync(file, 'utf8'))
}

async function diff(args: string[]): Promise<{stdout: string; code: number}> {
  process.exitCode = undefined
  const {stdout, error} = await runCommand(['diff', ...args], {root: REPO_ROOT})
  const code = error ? ((error as {oclif?: {exit?: number}}).oclif?.exit ?? 1) : Number(process.exitCode ?? 0)
  process.exitCode = undefined
  return {stdout, code}
}

/** Scenario folders fixtures/diff/NN-name/{base,head,flags.txt,expected/}: every format against its golden file. */
describe('ackctl diff: what a change does to role routing', function () {
  this.timeout(60_000)
  const EXIT: Record<string, number> = {'01-account-move': 0, '02-new-failure': 1, '03-new-overlap': 1, '04-no-change': 0, '05-fallback': 1, '06-eks-capability-fallback': 1}
  for (const name of readdirSync(ROOT).sort()) {
    it(`${name}: table, JSON and Markdown match the golden files; exit ${EXIT[name]}`, async () => {
      const dir = join('fixtures', 'diff', name)
      const flags = readFileSync(join(ROOT, name, 'flags.txt'), 'utf8').split('\n').filter(Boolean)
      const args = ['--base', join(dir, 'base'), '-f', join(dir, 'head'), ...flags]
      for (const [format, file] of [['table', 'diff.txt'], ['json', 'diff.json'], ['markdown', 'diff.md']]) {
        const res = await diff([...args, '-o', format])
        assert.equal(res.code, EXIT[name], `${name} -o ${format}`)
        golden(join(ROOT, name, 'expected', file), res.stdout)
      }
    })
  }

  it('--allow-regressions accepts new failures (still reported)', async () => {
    const dir = join('fixtures', 'diff', '02-new-failure')
    const flags = readFileSync(join(REPO_ROOT, dir, 'flags.txt'), 'utf8').split('\n').filter(Boolean)
    const res = await diff(['--base', join(dir, 'base'), '-f', join(dir, 'head'), ...flags, '--allow-regressions', '-o', 'json'])
    assert.equal(res.code, 0)
    assert.equal(JSON.parse(res.stdout).summary.regressions, 2)
  })

  it('--base as a git revision reads the same -f paths at that revision (the pull-request job)', () => {
    const repo = mkdtempSync(join(tmpdir(), 'ackctl-diff-git-'))
    try {
      const git = (...args: string[]) => execFileSync('git', args, {cwd: repo, encoding: 'utf8', env: {...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com'}})
      git('init', '-q', '-b', 'main')
      mkdirSync(join(repo, 'deploy'))
      writeFileSync(join(repo, 'deploy', 'all.yaml'), readFileSync(join(ROOT, '01-account-move', 'base', 'all.yaml')))
      writeFileSync(join(repo, 'README.md'), 'not linted\n')
      git('add', '.')
      git('commit', '-q', '-m', 'base')
      writeFileSync(join(repo, 'deploy', 'all.yaml'), readFileSync(join(ROOT, '01-account-move', 'head', 'all.yaml')))
      const flags = readFileSync(join(ROOT, '01-account-move', 'flags.txt'), 'utf8').split('\n').filter(Boolean)
      const res = ackctl(['diff', '--base', 'main', '-f', 'deploy/', ...flags, '-o', 'json'], {cwd: repo})
      assert.equal(res.status, 0, res.stderr)
      const json = JSON.parse(res.stdout)
      assert.equal(json.summary.counts['account-move'], 3)
      assert.equal(git('status', '--porcelain'), ' M deploy/all.yaml\n', 'the working tree is untouched')
      const bad = ackctl(['diff', '--base', 'no-such-ref', '-f', 'deploy/', ...flags], {cwd: repo})
      assert.equal(bad.status, 2)
      assert.equal(bad.stderr, 'ackctl: --base no-such-ref is neither a file, a directory nor a git revision of the repository in the working directory\n')
    } finally {
      rmSync(repo, {recursive: true, force: true})
    }
  })

  it('appends the Markdown to the GitHub job summary when run in Actions', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ackctl-diff-summary-'))
    try {
      const summary = join(dir, 'summary.md')
      writeFileSync(summary, '')
      const d = join('fixtures', 'diff', '05-fallback')
      const flags = readFileSync(join(REPO_ROOT, d, 'flags.txt'), 'utf8').split('\n').filter(Boolean)
      const res = ackctl(['diff', '--base', join(d, 'base'), '-f', join(d, 'head'), ...flags], {env: {GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary}})
      assert.equal(res.status, 1)
      assert.equal(readFileSync(summary, 'utf8'), readFileSync(join(ROOT, '05-fallback', 'expected', 'diff.md'), 'utf8'))
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })
})
