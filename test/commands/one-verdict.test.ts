import {strict as assert} from 'node:assert'
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {runCommand} from '@oclif/test'

import {RULES} from '../../src/findings/catalog.js'
import {ackctl} from '../support/cli.js'
import {REPO_ROOT} from '../support/vectors.js'

const CATALOG = new Set(RULES.map((r) => r.id))

/**
 * One verdict: every scenario folder through every command that reads configuration, in one process
 * (oclif's runCommand, the commands' real flag parsing and analysis). resolve, lint and migrate-carm
 * must report the same rule ids and exit with the same code; verify-trust reports the same rule ids
 * (its exit code also depends on the IAM data it is given).
 */
interface Run {
  code: number
  rules: string[]
}

const ids = (findings: Array<{rule?: string; code?: string; suppressed?: unknown}>) =>
  [...new Set(findings.filter((f) => !f.suppressed).map((f) => f.rule ?? f.code ?? ''))].sort()

/** Every unsuppressed finding as `rule severity`, repeats kept: the catalog's findings, counted. */
const each = (findings: Array<{rule?: string; code?: string; severity?: string; suppressed?: unknown}>) =>
  findings.filter((f) => !f.suppressed).map((f) => `${f.rule ?? f.code ?? ''} ${f.severity}`).sort()

async function run(args: string[], pick: (json: Record<string, unknown>) => string[]): Promise<Run> {
  process.exitCode = undefined
  const {stdout, stderr, error} = await runCommand<unknown>(args, {root: REPO_ROOT})
  const code = error ? ((error as {oclif?: {exit?: number}}).oclif?.exit ?? 1) : Number(process.exitCode ?? 0)
  process.exitCode = undefined
  // Input and cluster errors are one line on stderr (`ackctl: ...`); oclif's own errors carry the message.
  if (error) return {code, rules: [`(error) ${stderr.trim() || error.message.split('\n')[0]}`]}
  return {code, rules: pick(JSON.parse(stdout) as Record<string, unknown>)}
}

/** The scenario folders of the repository: their input directory and the flags they are run with. */
function scenarios(): Array<{name: string; input: string; flags: string[]}> {
  const out: Array<{name: string; input: string; flags: string[]}> = []
  const root = join(REPO_ROOT, 'fixtures', 'scenarios')
  for (const name of readdirSync(root).sort()) {
    const input = join(root, name, 'input')
    const file = join(input, 'flags.txt')
    const flags = existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith('#')) : []
    out.push({name: `scenarios/${name}`, input, flags})
  }
  const migrate = join(REPO_ROOT, 'fixtures', 'migrate')
  for (const name of readdirSync(migrate).filter((d) => existsSync(join(migrate, d, 'args.json'))).sort()) {
    const args = JSON.parse(readFileSync(join(migrate, name, 'args.json'), 'utf8')) as {overrides?: Record<string, string>}
    const flagName: Record<string, string> = {accountID: 'account-id', region: 'aws-region', watchNamespace: 'watch-namespace', enableCARM: 'enable-carm', featureGates: 'feature-gates', ackSystemNamespace: 'ack-system-namespace', endpointURL: 'aws-endpoint-url'}
    const flags = Object.entries(args.overrides ?? {}).map(([k, v]) => `--${flagName[k]}=${v}`)
    out.push({name: `migrate/${name}`, input: join(migrate, name, 'input'), flags})
  }
  out.push({name: 'demo', input: join(REPO_ROOT, 'fixtures', 'demo'), flags: []})
  out.push({name: 'lint scenario', input: join(REPO_ROOT, 'fixtures', 'lint', 'scenario'), flags: []})
  return out
}

describe('one verdict: the same input gets the same rule ids and exit class from every command', function () {
  this.timeout(120_000)
  let empty: string
  before(() => {
    empty = mkdtempSync(join(tmpdir(), 'ackctl-verdict-'))
    writeFileSync(join(empty, 'iam.json'), JSON.stringify({UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [], IsTruncated: false}))
  })
  after(() => rmSync(empty, {recursive: true, force: true}))

  for (const s of scenarios()) {
    it(s.name, async () => {
      const common = ['-f', s.input, '-R', ...s.flags, '--today', '2026-06-01']
      const resolve = await run(['resolve', ...common, '-o', 'json'], (j) => ids(j.findings as []))
      const lint = await run(['lint', ...common, '-o', 'json'], (j) => ids(j.findings as []))
      // migrate-carm's own notes have codes of their own; the input's findings are notes with the catalog's ids.
      const migrate = await run(['migrate-carm', ...common, '--allow-differences', '-o', 'json'], (j) => ids(j.notes as []).filter((id) => CATALOG.has(id)))
      // With the EKS Capability the source is the capability role (another --source-role-arn is refused).
      const source = s.flags.includes('--eks-capability-role-arn') ? [] : ['--source-role-arn', 'arn:aws:iam::999999999999:role/ack']
      const trust = await run(['verify-trust', ...common, ...source, '--iam-snapshot', join(empty, 'iam.json'), '-o', 'json'], (j) => ids(j.findings as []))
      assert.deepEqual(resolve.rules, lint.rules, 'resolve and lint')
      assert.equal(resolve.code, lint.code, 'resolve and lint exit codes')
      assert.deepEqual(migrate.rules, lint.rules, 'migrate-carm and lint')
      assert.equal(migrate.code, lint.code, 'migrate-carm (with --allow-differences) and lint exit codes')
      assert.deepEqual(trust.rules, lint.rules, 'verify-trust and lint')
      // A note under a catalog id is one of the input's findings, never a note of migrate-carm's own.
      const lintEach = await run(['lint', ...common, '-o', 'json'], (j) => each(j.findings as []))
      const migrateEach = await run(['migrate-carm', ...common, '--allow-differences', '-o', 'json'], (j) => each(j.notes as []).filter((id) => CATALOG.has(id.split(' ')[0])))
      assert.deepEqual(migrateEach.rules, lintEach.rules, 'migrate-carm notes under catalog ids and lint findings')
    })
  }

  it('a snapshot file of an incomplete read stays incomplete (exit 3) in every command, as YAML and as a JSON List', async () => {
    const yaml = join(REPO_ROOT, 'fixtures', 'lint', 'rules', 'cluster-unreadable', 'trigger.yaml')
    const json = join(empty, 'snapshot.json')
    writeFileSync(json, JSON.stringify({apiVersion: 'v1', kind: 'List', metadata: {annotations: {'ackctl.io/incomplete': 'cannot list iamroleselectors.services.k8s.aws at cluster scope: forbidden (RBAC)'}},
      items: [{apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'team-a'}}]}))
    for (const file of [yaml, json]) {
      for (const command of ['resolve', 'lint', 'migrate-carm']) {
        const res = await run([command, '-f', file, '-o', 'json'], (j) => ids((j.findings ?? j.notes) as []))
        assert.equal(res.code, 3, `${command} -f ${file}`)
        assert.ok(res.rules.includes('cluster-unreadable'), `${command}: ${res.rules.join(', ')}`)
      }
    }
  })

  it('an empty file, an empty directory and empty standard input are input errors (exit 2) in every command', async () => {
    const dir = join(empty, 'nothing')
    mkdirSync(dir)
    writeFileSync(join(empty, 'empty.yaml'), '')
    for (const command of ['resolve', 'lint', 'migrate-carm', 'verify-trust']) {
      for (const path of [dir, join(empty, 'empty.yaml')]) {
        const res = await run([command, '-f', path], () => [])
        assert.equal(res.code, 2, `${command} -f ${path}`)
        assert.match(res.rules[0], /no Kubernetes objects read from .* \(nothing\); pass manifests or a `kubectl get -o yaml` dump, or --allow-empty-input/)
      }
      const allowed = await run([command, '-f', dir, '--allow-empty-input', '-o', 'json', ...(command === 'verify-trust' ? ['--iam-snapshot', join(empty, 'iam.json')] : [])], () => [])
      assert.notEqual(allowed.code, 2, `${command} --allow-empty-input`)
    }
    // The manifests are one level down, and -R is missing: the message says where they are.
    const parent = join(empty, 'parent')
    mkdirSync(join(parent, 'deploy'), {recursive: true})
    writeFileSync(join(parent, 'deploy', 'ns.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n')
    const flat = ackctl(['lint', '-f', parent])
    assert.equal(flat.status, 2)
    assert.match(flat.stderr, /no Kubernetes objects read from .*parent \(nothing\); .*parent has subdirectories, which only -R reads;/)
    assert.equal(ackctl(['lint', '-f', parent, '-R']).status, 0)
    // `kubectl get ... | ackctl lint -f -` with a kubectl that failed: nothing on standard input.
    const piped = ackctl(['lint', '-f', '-'], {input: ''})
    assert.equal(piped.status, 2)
    assert.match(piped.stderr, /no Kubernetes objects read from - \(nothing\)/)
  })
})
