import {strict as assert} from 'node:assert'
import {execFileSync} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {runCommand} from '@oclif/test'

import type {RoutingChange, RoutingDiff} from '../../src/diff/routing.js'
import {diffMarkdown, diffMarkdownPieces, diffTablePieces} from '../../src/render/diff.js'
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

/** 300 new failures, then 3,000 moves between accounts: more than a pull-request comment holds. */
function manyChanges(): RoutingChange[] {
  const moved = (i: number): RoutingChange => ({
    kind: 'account-move', subject: 'resource', namespace: `team-${i % 40}`, group: 's3.services.k8s.aws', resourceKind: 'Bucket', name: `bucket-${i}`,
    before: {outcome: 'ASSUME_ROLE', roleARN: 'arn:aws:iam::111111111111:role/ack-old', accountID: '111111111111', source: 'selector', selector: 'old'},
    after: {outcome: 'ASSUME_ROLE', roleARN: 'arn:aws:iam::222222222222:role/ack-new', accountID: '222222222222', source: 'selector', selector: 'new'},
  })
  const failing = (i: number): RoutingChange => ({
    ...moved(i), kind: 'new-failure', name: `queue-${i}`, resourceKind: 'Queue',
    after: {outcome: 'REQUEUE_IAM_ROLE_UNAVAILABLE', roleARN: '', accountID: '', source: 'selector', error: 'multiple (2) matching IAMRoleSelectors found'},
  })
  return [...Array.from({length: 300}, (_, i) => failing(i)), ...Array.from({length: 3000}, (_, i) => moved(i))]
}

/** Scenario folders fixtures/diff/NN-name/{base,head,flags.txt,expected/}: every format against its golden file. */
describe('ackctl diff: what a change does to role routing', function () {
  this.timeout(60_000)
  const EXIT: Record<string, number> = {'01-account-move': 0, '02-new-failure': 1, '03-new-overlap': 1, '04-no-change': 0, '05-fallback': 1, '06-eks-capability-fallback': 1, '07-failure-role-change': 0, '08-gitops-release-cutover': 1}
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

  it('--base REV reads at that revision exactly the files -f reads in the working tree, and names a file that does not parse', () => {
    const repo = mkdtempSync(join(tmpdir(), 'ackctl-diff-git-'))
    try {
      const git = (...args: string[]) => execFileSync('git', args, {cwd: repo, encoding: 'utf8', env: {...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com'}})
      git('init', '-q', '-b', 'main')
      mkdirSync(join(repo, 'deploy', 'sub'), {recursive: true})
      writeFileSync(join(repo, 'deploy', 'ns.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n')
      // Not manifests: -f deploy never reads them, so the base must not either (this README does not parse as YAML).
      writeFileSync(join(repo, 'deploy', 'README.md'), '# Deploy\n\n- item\n  bad: [\n')
      writeFileSync(join(repo, 'deploy', 'sub', 'ns.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: sub}\n')
      git('add', '.')
      git('commit', '-q', '-m', 'base')
      const json = (args: string[]) => {
        const res = ackctl(['diff', '--base', 'main', ...args, '-o', 'json'], {cwd: repo})
        assert.equal(res.status, 0, res.stderr)
        return JSON.parse(res.stdout) as {changes: unknown[]}
      }
      assert.deepEqual(json(['-f', 'deploy']).changes, [], 'without -R, deploy/sub is read on neither side')
      assert.deepEqual(json(['-f', 'deploy/', '-R']).changes, [])
      writeFileSync(join(repo, 'deploy', 'broken.yaml'), 'kind: [\n')
      git('add', '.')
      git('commit', '-q', '-m', 'broken')
      rmSync(join(repo, 'deploy', 'broken.yaml'))
      const res = ackctl(['diff', '--base', 'main', '-f', 'deploy'], {cwd: repo})
      assert.equal(res.status, 2)
      assert.match(res.stderr, /^ackctl: base: main:deploy\/broken\.yaml:1: YAML does not parse: /m)
    } finally {
      rmSync(repo, {recursive: true, force: true})
    }
  })

  it('refuses --limit-bytes without -o markdown (exit 2, no stack trace): it would cut nothing', () => {
    const d = join('fixtures', 'diff', '05-fallback')
    const res = ackctl(['diff', '--base', join(d, 'base'), '-f', join(d, 'head'), '--limit-bytes', '65536'])
    assert.equal(res.status, 2)
    assert.equal(res.stdout, '')
    assert.match(res.stderr.replace(/\s*\n\s*›\s*/g, ' '), /--limit-bytes cuts -o markdown only \(this run writes -o table\): add -o markdown, or leave --limit-bytes out/)
    assert.doesNotMatch(res.stderr, /\n\s+at /)
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

  it('cuts its Markdown to --limit-bytes: every sentence, rows most dangerous first, and how many are left out', () => {
    const changes = manyChanges()
    const d: RoutingDiff = {changes, counts: {'new-failure': 300, 'account-move': 3000}, regressions: 300}
    const graph = 'flowchart LR\n  n1 --> r1\n'
    const whole = diffMarkdown(d, {graph})
    assert.ok(Buffer.byteLength(whole) > 65_536)
    assert.equal(diffMarkdown(d, {graph, limit: Buffer.byteLength(whole)}), whole, 'a text that fits is not changed')
    for (const limit of [2048, 65_536]) {
      const cut = diffMarkdown(d, {graph, limit})
      assert.ok(Buffer.byteLength(cut) <= limit, `${Buffer.byteLength(cut)} bytes for a limit of ${limit}`)
      const lines = cut.split('\n')
      // The sentences count every change; the failures come first; no graph in a cut text.
      assert.ok(lines.includes('- 300 resources in 40 namespaces start failing (e.g. Queue team-0/queue-0: REQUEUE_IAM_ROLE_UNAVAILABLE).'))
      assert.ok(lines.includes('- 3000 resources in 40 namespaces move between accounts (111111111111 -> 222222222222).'))
      const rows = lines.filter((l) => /^\| (Queue|Bucket) /.test(l))
      assert.ok(rows.length > 0 && rows.every((r, i) => r.startsWith(i < 300 ? '| Queue ' : '| Bucket ')))
      assert.equal(lines.at(-2), `_${3300 - rows.length} of 3300 changes are not shown (the text is cut at ${limit} bytes); \`ackctl diff -o json\` lists them all._`)
      assert.ok(!cut.includes('```mermaid'))
      // A table heading comes only with a row under it.
      for (const [i, line] of lines.entries()) if (line.startsWith('### ')) assert.match(lines[i + 4], /^\| (Queue|Bucket) /)
    }
    // Every row fits but not the graph: it is left out, and the text says so.
    const small: RoutingDiff = {changes: changes.slice(0, 2), counts: {'new-failure': 2}, regressions: 2}
    const rowsOnly = diffMarkdown(small, {})
    const bigGraph = `flowchart LR\n${'  n1 --> r1\n'.repeat(500)}`
    const cut = diffMarkdown(small, {graph: bigGraph, limit: Buffer.byteLength(rowsOnly) + 1024})
    assert.ok(cut.startsWith(rowsOnly.trimEnd()))
    assert.match(cut, /\n_The routing graph is left out \(the text is cut at \d+ bytes\); `ackctl resolve -o mermaid` draws it._\n$/)
  })

  it('keeps the GitHub job summary within 1 MiB, counting what the step wrote before', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ackctl-diff-summary-'))
    try {
      const summary = join(dir, 'summary.md')
      const d = join('fixtures', 'diff', '05-fallback')
      const flags = readFileSync(join(REPO_ROOT, d, 'flags.txt'), 'utf8').split('\n').filter(Boolean)
      const expected = readFileSync(join(ROOT, '05-fallback', 'expected', 'diff.md'), 'utf8')
      const run = () => ackctl(['diff', '--base', join(d, 'base'), '-f', join(d, 'head'), ...flags], {env: {GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary}})
      // 1,100 bytes of room: the diff's 727 fit (a longer one is cut as in the test above).
      const before = 'x'.repeat(1024 * 1024 - 1101) + '\n'
      writeFileSync(summary, before)
      assert.equal(run().status, 1)
      assert.equal(readFileSync(summary, 'utf8'), before + expected)
      assert.ok(statSync(summary).size <= 1024 * 1024)
      // No room: nothing is added, and stderr says why.
      const full = 'x'.repeat(1024 * 1024 - 100)
      writeFileSync(summary, full)
      const res = run()
      assert.equal(res.status, 1)
      assert.equal(readFileSync(summary, 'utf8'), full)
      assert.match(res.stderr, /the job summary \(.*summary\.md\) is nearly at GitHub's 1 MiB limit: the diff is not added to it/)
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })

  it('writes the table and the Markdown in pieces of at most 512 lines, which join to the whole text', () => {
    const d: RoutingDiff = {changes: manyChanges(), counts: {'new-failure': 300, 'account-move': 3000}, regressions: 300}
    for (const [name, pieces] of [['table', [...diffTablePieces(d)]], ['markdown', [...diffMarkdownPieces(d, {graph: 'flowchart LR\n'})]]] as const) {
      assert.ok(pieces.length >= 6, `${name}: ${pieces.length} pieces`)
      for (const piece of pieces) assert.ok(piece.endsWith('\n') && piece.split('\n').length - 1 <= 512, name)
      const lines = pieces.join('').split('\n')
      assert.equal(lines.filter((l) => /queue-\d+ /.test(l)).length, 300, name)
      assert.equal(lines.filter((l) => /bucket-\d+ /.test(l)).length, 3000, name)
    }
  })

  it('fits a terminal: sentences fold, BEFORE and AFTER share the width and end in …; piped, every cell is whole', () => {
    const d: RoutingDiff = {changes: manyChanges(), counts: {'new-failure': 300, 'account-move': 3000}, regressions: 300}
    const whole = [...diffTablePieces(d)].join('').split('\n')
    assert.ok(whole.some((l) => l.includes('multiple (2) matching IAMRoleSelectors found')))
    for (const width of [80, 100]) {
      const lines = [...diffTablePieces(d, width)].join('').split('\n')
      assert.deepEqual(lines.filter((l) => [...l].length > width), [], `${width} columns`)
      assert.equal(lines.filter((l) => /queue-\d+( |$)/.test(l)).length, 300, 'every change keeps its row')
      if (width === 100) assert.ok(lines.some((l) => l.includes('\u2026')), 'something is cut')
      else assert.ok(lines.includes('  after:  REQUEUE_IAM_ROLE_UNAVAILABLE: multiple (2) matching IAMRoleSelectors'), 'a block per change at 80 columns')
    }
    // Rows that fit are left as they are.
    assert.deepEqual([...diffTablePieces(d, 400)].join('').split('\n'), whole)
  })
})
