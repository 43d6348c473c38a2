import {strict as assert} from 'node:assert'
import {spawnSync} from 'node:child_process'
import {chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {captureOutput} from '@oclif/test'

import MigrateCarm from '../../src/commands/migrate-carm.js'
import {writeOutputDir} from '../../src/cli/write-dir.js'
import type {MigrationResult} from '../../src/migrate/index.js'
import {REPO_ROOT} from '../support/vectors.js'

const fixture = (name: string) => join(REPO_ROOT, 'fixtures', 'migrate', name)

/**
 * Runs `ackctl migrate-carm` in-process (the command class, parsed by oclif exactly as from the
 * shell) and returns what the user sees: stdout, stderr and the exit code.
 */
async function migrate(args: string[]): Promise<{stdout: string; stderr: string; exitCode: number; error?: Error & {oclif?: {exit?: number}}}> {
  process.exitCode = 0
  const previous = process.env.NO_COLOR
  process.env.NO_COLOR = '1'
  try {
    const out = await captureOutput(() => MigrateCarm.run(args, REPO_ROOT))
    const exitCode = out.error ? (out.error as {oclif?: {exit?: number}}).oclif?.exit ?? 1 : Number(process.exitCode ?? 0)
    return {stdout: out.stdout, stderr: out.stderr, exitCode, ...(out.error ? {error: out.error} : {})}
  } finally {
    process.exitCode = 0
    if (previous === undefined) delete process.env.NO_COLOR
    else process.env.NO_COLOR = previous
  }
}

describe('ackctl migrate-carm (command)', function () {
  this.timeout(60_000)
  let tmp: string
  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), 'ackctl-migrate-'))
  })
  afterEach(() => rmSync(tmp, {recursive: true, force: true}))

  it('prints the manifests on stdout and the proof and plan on stderr; exits 0 when equivalent', async () => {
    const res = await migrate(['-f', fixture('01-account-map/input')])
    assert.equal(res.exitCode, 0, res.stderr)
    assert.equal(res.stdout, readFileSync(fixture('01-account-map/expected/selectors.yaml'), 'utf8'))
    assert.match(res.stderr, /Proof: EQUIVALENT/)
    assert.match(res.stderr, /Cut-over plan:\n {2}1\. Apply the 2 IAMRoleSelector\(s\)/)
    assert.doesNotMatch(res.stdout, /Proof/)
  })

  it('exits 1 when the proof finds differences, 0 with --allow-differences (still reported)', async () => {
    const strict = await migrate(['-f', fixture('09-existing-selectors/input')])
    assert.equal(strict.exitCode, 1)
    assert.match(strict.stderr, /NOT EQUIVALENT/)
    assert.match(strict.stderr, /CHANGED {2}Bucket team-b\/reports/)
    const allowed = await migrate(['-f', fixture('09-existing-selectors/input'), '--allow-differences'])
    assert.equal(allowed.exitCode, 0)
    assert.match(allowed.stderr, /NOT EQUIVALENT/)
  })

  it('a resource stuck today that would act after the cut-over is in the headline, counted, and fails the run unless accepted', async () => {
    // Namespace ml names team ml-team, which the team map lacks: requeued forever today, the controller's own credentials after.
    const input = fixture('02-team-map/input')
    const strict = await migrate(['-f', input, '--fail-on', 'none'])
    assert.equal(strict.exitCode, 1, strict.stderr)
    assert.match(strict.stderr, /^Proof: STARTS ACTING: 1 resource and 1 namespace x kind cell that fail today \(nothing happens in AWS\) would act after the cut-over, with the controller's own credentials, in account 999999999999 \(--allow-starts-acting accepts this\)\. EQUIVALENT/m)
    assert.match(strict.stderr, /^ {2}STARTS ACTING {2}Bucket ml\/models$/m)
    const json = await migrate(['-f', input, '--fail-on', 'none', '--json'])
    const result = JSON.parse(json.stdout)
    assert.equal(result.summary.startsActing, 2)
    assert.equal(result.differences.filter((d: {startsActing?: boolean}) => d.startsActing).length, 2)
    const accepted = await migrate(['-f', input, '--fail-on', 'none', '--allow-starts-acting'])
    assert.equal(accepted.exitCode, 0, accepted.stderr)
    assert.match(accepted.stderr, /STARTS ACTING/)
    // Without --fail-on none, the carm-missing-entry error of the input fails the run as in every command.
    assert.equal((await migrate(['-f', input, '--allow-starts-acting'])).exitCode, 1)
  })

  it('a second run into the same --output-dir removes the first run\'s stale selectors, and nothing it did not write', async () => {
    const out = join(tmp, 'out')
    const first = await migrate(['-f', fixture('03-service-level/input'), '--output-dir', out])
    assert.equal(first.exitCode, 0, first.stderr)
    const before = readdirSync(out).sort()
    writeFileSync(join(out, 'notes.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: mine, labels: {app.kubernetes.io/managed-by: ackctl}}\n')
    writeFileSync(join(out, 'README.md'), '# my notes\n')
    const second = await migrate(['-f', fixture('01-account-map/input'), '--output-dir', out])
    assert.equal(second.exitCode, 0, second.stderr)
    const after = readdirSync(out).sort()
    const stale = before.filter((f) => f.endsWith('.yaml') && !after.includes(f))
    assert.ok(stale.length > 0, 'the first run\'s selectors are gone')
    assert.match(second.stderr, new RegExp(`removed files of an earlier run that this run does not generate: .*${stale[0].replace('.', '\\.')}`))
    assert.ok(after.includes('notes.yaml') && after.includes('README.md'), 'files ackctl did not write stay')
    assert.deepEqual(after.filter((f) => f.endsWith('.yaml') && f !== 'notes.yaml').sort(), ['ack-admin-111111111111.yaml', 'ack-admin-222222222222.yaml'])
  })

  it('a cut-over to the EKS Capability with no selector role writes no assume-role policy (no placeholder Resource)', async () => {
    const input = join(tmp, 'cluster.yaml')
    writeFileSync(input, [
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n',
      'apiVersion: s3.services.k8s.aws/v1alpha1\nkind: Bucket\nmetadata:\n  name: assets\n  namespace: shop\nspec:\n  name: assets\n',
    ].join('---\n'))
    const out = join(tmp, 'out')
    const res = await migrate(['-f', input, '--to-eks-capability-role-arn', 'arn:aws:iam::111111111111:role/ack-capability', '--output-dir', out, '-o', 'json'])
    const result = JSON.parse(res.stdout) as MigrationResult
    assert.deepEqual(result.capability?.roles, [])
    assert.equal(result.capability?.capabilityRolePolicy, null)
    const step = result.plan.find((s) => s.id === 'capability-role-policy')
    assert.deepEqual(step?.commands, [])
    assert.match(step?.title ?? '', /needs no sts:AssumeRole permission yet/)
    assert.ok(!existsSync(join(out, 'capability-role-policy.iam')), 'no policy file to put')
    assert.ok(existsSync(join(out, 'selector-role-trust-statement.iam')))
    assert.doesNotMatch(res.stdout + readFileSync(join(out, 'plan.md'), 'utf8'), /role\/none|put-role-policy/)
  })

  it('--json returns the documented contract on stdout and nothing else', async () => {
    const res = await migrate(['-f', fixture('03-service-level/input'), '--json'])
    assert.equal(res.exitCode, 0)
    assert.equal(res.stderr, '')
    const json = JSON.parse(res.stdout) as MigrationResult
    assert.deepEqual(Object.keys(json).slice(0, 5), ['selectors', 'equivalent', 'differences', 'notes', 'plan'])
    const golden = JSON.parse(readFileSync(fixture('03-service-level/expected/result.json'), 'utf8')) as MigrationResult
    assert.deepEqual(json.selectors, golden.selectors)
    assert.equal(json.equivalent, true)
    assert.deepEqual(json.plan.filter((s) => s.id === 'switch-controller').map((s) => s.controller?.helmValues),
      [1, 2, 3].map(() => ({enableCARM: false, featureGates: {IAMRoleSelector: true}})))
  })

  it('--strategy labels --output-dir writes one file per selector, the label changes and plan.md', async () => {
    const dir = join(tmp, 'migration')
    const res = await migrate(['-f', fixture('08-labels-strategy/input'), '--strategy', 'labels', '--output-dir', dir])
    assert.equal(res.exitCode, 0, res.stderr)
    assert.equal(res.stdout, '')
    assert.deepEqual(readdirSync(dir).sort(), ['label-namespaces.sh', 'namespace-labels.yaml', 'other.yaml', 'plan.md', 'platform-except-s3.yaml', 's3-data-s3.yaml'])
    const all = readFileSync(fixture('08-labels-strategy/expected/selectors.yaml'), 'utf8')
    assert.ok(all.startsWith(readFileSync(join(dir, 'other.yaml'), 'utf8')))
    assert.match(readFileSync(join(dir, 'label-namespaces.sh'), 'utf8'), /kubectl label --overwrite namespace tools ackctl.io\/iam-role=other-00ensk/)
    assert.match(readFileSync(join(dir, 'namespace-labels.yaml'), 'utf8'), /name: shop\n {2}labels:\n {4}ackctl.io\/iam-role: platform-except-s3/)
    assert.match(readFileSync(join(dir, 'plan.md'), 'utf8'), /^# CARM to IAMRoleSelector: migration plan/)
    assert.match(res.stderr, /kubectl apply -f .*migration -l app.kubernetes.io\/managed-by=ackctl/)
  })

  it('rejects an invalid --label-key and an unreadable input with exit 2', async () => {
    const key = await migrate(['-f', fixture('01-account-map/input'), '--label-key', 'Bad Key/x'])
    assert.equal(key.exitCode, 2)
    assert.match(key.error!.message, /--label-key "Bad Key\/x" is not a valid label key/)
    const missing = await migrate(['-f', join(tmp, 'nope.yaml')])
    assert.equal(missing.exitCode, 2)
    assert.match(missing.stderr, /^ackctl: cannot read .*nope\.yaml: no such file or directory$/m)
  })

  describe('--output-dir path safety', () => {
    it('never writes outside the directory, whatever the file names', async () => {
      const dir = join(tmp, 'out')
      for (const name of ['../evil.yaml', '/tmp/evil.yaml', 'a/b.yaml', '..', '.', '', '.hidden.yaml', 'UPPER.yaml', 'a\\b.yaml', 'x\u0000.yaml']) {
        await assert.rejects(writeOutputDir(dir, [{name, content: 'pwned'}]), /refusing to write/, name)
      }
      assert.ok(!existsSync(join(tmp, 'evil.yaml')))
      assert.deepEqual(readdirSync(dir), [])
    })

    it('refuses to write through a symbolic link, and leaves its target untouched', async () => {
      const dir = join(tmp, 'out')
      mkdirSync(dir)
      writeFileSync(join(tmp, 'victim.txt'), 'keep me')
      symlinkSync(join(tmp, 'victim.txt'), join(dir, 'ack-admin-111111111111.yaml'))
      const res = await migrate(['-f', fixture('01-account-map/input'), '--output-dir', dir])
      assert.equal(res.exitCode, 2)
      assert.match(res.error!.message, /refusing to write .*ack-admin-111111111111\.yaml: it exists and is not a regular file/)
      assert.equal(readFileSync(join(tmp, 'victim.txt'), 'utf8'), 'keep me')
      assert.ok(lstatSync(join(dir, 'ack-admin-111111111111.yaml')).isSymbolicLink())
    })

    it('turns hostile role ARNs and resource names into safe files and correctly quoted commands', async () => {
      const input = join(tmp, 'hostile.yaml')
      const roles: Record<string, string> = {
        '111111111111': 'arn:aws:iam::111111111111:role/../../../../etc/passwd',
        '222222222222': 'arn:aws:iam::222222222222:role/..',
        '333333333333': 'arn:aws:iam::333333333333:role/plan',
        '444444444444': 'arn:aws:iam::444444444444:role/namespace-labels',
        '555555555555': 'arn:aws:iam::555555555555:role/$(touch pwned)`id`;rm -rf x',
      }
      const docs: unknown[] = [{apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'ack-role-account-map', namespace: 'ack-system'}, data: roles}]
      Object.keys(roles).forEach((acct, i) => docs.push({apiVersion: 'v1', kind: 'Namespace', metadata: {name: `ns${i}`, annotations: {'services.k8s.aws/owner-account-id': acct}}}))
      docs.push({apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'legacy'}})
      const evil = "x'; touch pwned; echo '$(touch pwned)"
      docs.push({apiVersion: 's3.services.k8s.aws/v1alpha1', kind: 'Bucket', metadata: {name: evil, namespace: 'legacy'}, status: {ackResourceMetadata: {ownerAccountID: '555555555555'}}})
      writeFileSync(input, JSON.stringify({apiVersion: 'v1', kind: 'List', items: docs}))
      const dir = join(tmp, 'out')
      const res = await migrate(['-f', input, '--output-dir', dir, '--account-id', '999999999999', '--aws-region', 'us-west-2'])
      // Equivalent, but the hostile role name can never be assumed: the same error lint reports, exit 1.
      assert.equal(res.exitCode, 1, res.stderr)
      assert.match(res.stderr, /Proof: EQUIVALENT/)
      assert.match(res.stderr, /can never be assumed: .* is not a valid role name .*\[role-arn-unusable\]/)
      const files = readdirSync(dir).sort()
      for (const f of files) assert.match(f, /^[a-z0-9][a-z0-9.-]*$/)
      assert.ok(files.includes('passwd.yaml') && files.includes('role.yaml') && files.includes('plan.md'), files.join(' '))
      assert.ok(!files.includes('plan.yaml') && !files.includes('namespace-labels.yaml'), 'reserved names are never selector names')
      assert.deepEqual(readdirSync(tmp).sort(), ['hostile.yaml', 'out'])

      // Run the generated script with a fake kubectl that records its arguments.
      const bin = join(tmp, 'bin')
      mkdirSync(bin)
      writeFileSync(join(bin, 'kubectl'), '#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done\n')
      chmodSync(join(bin, 'kubectl'), 0o755)
      const run = spawnSync('sh', [join(dir, 'label-resources.sh')], {cwd: tmp, encoding: 'utf8', env: {...process.env, PATH: `${bin}:${process.env.PATH}`}})
      assert.equal(run.status, 0, run.stderr)
      const args = run.stdout.trimEnd().split('\n')
      assert.deepEqual(args.slice(0, 5), ['label', '--overwrite', '--namespace', 'legacy', 'bucket.s3.services.k8s.aws'])
      assert.equal(args[5], evil)
      assert.match(args[6], /^ackctl\.io\/iam-role=[a-z0-9-]+-resources$/)
      assert.ok(!existsSync(join(tmp, 'pwned')), 'the script executed part of a resource name')
    })
  })
})
