import {strict as assert} from 'node:assert'
import {spawnSync} from 'node:child_process'
import {chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {parse} from 'yaml'

import {ackctl as ackctlFromSources} from '../support/cli.js'
import {REPO_ROOT} from '../support/vectors.js'
import {ackctl as ackctlAsync, startCluster, runProgram, writeExecKubeconfig, type FakeCluster} from '../live/support.js'
import {MOTO_BASE_ENV, useMoto} from '../support/moto.js'

/** Bytes under a directory (files only, links not followed): what an install costs on disk. */
function diskBytes(dir: string): number {
  let total = 0
  for (const entry of readdirSync(dir, {withFileTypes: true})) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) total += diskBytes(path)
    else if (entry.isFile()) total += statSync(path).size
  }
  return total
}

/**
 * The package as a user gets it: `npm pack`, then an install of the tarball with production
 * dependencies only into a temporary prefix, then the installed executables. Slow (it builds the
 * bundle and asks the npm registry for oclif), so it runs once and every check shares the install.
 */
describe('the packed package: npm pack, install with production dependencies only, run', function () {
  this.timeout(300_000)
  let tmp: string
  let tarball: string
  let bin: string
  let packStdout: string
  const home = () => join(tmp, 'home')
  const run = (exe: string, args: string[], env: Record<string, string> = {}) => runProgram(join(bin, exe), args, home(), {NODE_ENV: '', ...env})

  before(function () {
    this.timeout(300_000)
    tmp = mkdtempSync(join(tmpdir(), 'ackctl-pack-'))
    mkdirSync(home())
    const pack = spawnSync('npm', ['pack', '--pack-destination', tmp], {cwd: REPO_ROOT, encoding: 'utf8'})
    assert.equal(pack.status, 0, pack.stderr)
    packStdout = pack.stdout
    tarball = join(tmp, packStdout.trim())
    const prefix = join(tmp, 'prefix')
    const install = spawnSync('npm', ['install', '--global', '--prefix', prefix, '--omit=dev', '--no-audit', '--no-fund', tarball], {cwd: tmp, encoding: 'utf8'})
    assert.equal(install.status, 0, install.stderr)
    bin = join(prefix, 'bin')
  })
  after(() => rmSync(tmp, {recursive: true, force: true}))

  it('npm pack prints only the tarball name (pre-commit reads it), and leaves no manifest behind', () => {
    assert.match(packStdout, /^ackctl-\d+\.\d+\.\d+\.tgz\n$/)
    assert.throws(() => statSync(join(REPO_ROOT, 'oclif.manifest.json')), /ENOENT/)
  })

  it('installs in well under 60 MiB: oclif is the only runtime dependency, the rest is bundled', () => {
    const pkg = join(tmp, 'prefix', 'lib', 'node_modules', 'ackctl')
    const mib = diskBytes(pkg) / 1048576
    assert.ok(mib < 60, `installed size ${mib.toFixed(1)} MiB`)
    const deps = Object.keys(JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')).dependencies).sort()
    assert.deepEqual(deps, ['@oclif/core', '@oclif/plugin-autocomplete', '@oclif/plugin-help'])
  })

  it('the installed ackctl gives exactly the report the sources give, under both executable names', async () => {
    const expected = ackctlFromSources(['resolve', '-f', 'fixtures/demo', '-o', 'json'])
    for (const exe of ['ackctl', 'kubectl-ackctl']) {
      const res = await run(exe, ['resolve', '-f', 'fixtures/demo', '-o', 'json'])
      assert.equal(res.code, expected.status, res.stderr)
      assert.equal(res.stdout, expected.stdout)
    }
  })

  it('reports bad input and unknown flags, and lists its commands, as the sources do (oclif\'s error path, whose helpers the bundle loads on first use; its command order without ICU)', async () => {
    for (const args of [['resolve', '--bogus'], ['lint', '-o', 'nope', 'fixtures/demo'], ['resolv'], ['resolve', '-f', 'missing.yaml'], ['--help'], ['help', 'migrate-carm']]) {
      const expected = ackctlFromSources(args)
      const res = await run('ackctl', args)
      assert.equal(res.code, expected.status, args.join(' '))
      assert.equal(res.stderr, expected.stderr, args.join(' '))
      assert.equal(res.stdout, expected.stdout, args.join(' '))
    }
  })

  it('keeps a V8 code cache per command in ackctl\'s cache directory, written once, never trusted when others could write it, off with NODE_DISABLE_COMPILE_CACHE', async () => {
    const cacheRoot = join(tmp, 'cache')
    const dir = join(cacheRoot, 'code-cache')
    const env = {ACKCTL_CACHE_DIR: cacheRoot}
    const args = ['resolve', '-f', 'fixtures/demo', '-o', 'json']
    const expected = ackctlFromSources(args)
    const check = async (extra: Record<string, string> = {}) => {
      const res = await run('ackctl', args, {...env, ...extra})
      assert.equal(res.code, expected.status, res.stderr)
      assert.equal(res.stderr, '')
      assert.equal(res.stdout, expected.stdout)
    }
    await check({NODE_DISABLE_COMPILE_CACHE: '1'})
    assert.throws(() => statSync(cacheRoot), /ENOENT/)
    await check()
    const [file, ...others] = readdirSync(dir)
    assert.deepEqual(others, [], 'one cache file')
    assert.match(file, /^[0-9a-f]{16}-resolve-v8-.+\.bin$/, 'one cache per command')
    // Keyed by the build's id, the bundle's first line; the bundle stays strict mode code after it.
    const main = readFileSync(join(tmp, 'prefix', 'lib', 'node_modules', 'ackctl', 'dist', 'index.js'), 'latin1')
    assert.equal(file.slice(0, 16), /^\/\/ ackctl build ([0-9a-f]{16}) diff,lint,migrate-carm,resolve,snapshot,verify-trust\n"use strict";\n/.exec(main)?.[1])
    const path = join(dir, file)
    assert.equal(statSync(path).mode & 0o777, 0o600)
    const first = statSync(path)
    await check()
    assert.equal(statSync(path).mtimeMs, first.mtimeMs, 'a cache V8 accepts is not written again')
    // Help loads oclif's ES module plugins through the cached code's dynamic imports.
    const help = await run('ackctl', ['help', 'resolve'], env)
    assert.equal(help.code, 0, help.stderr)
    assert.match(help.stdout, /^USAGE\n {2}\$ ackctl resolve /m)
    assert.deepEqual(readdirSync(dir).map((name) => name.split('-')[1]).sort(), ['other', 'resolve'], 'help has a cache of its own')
    // Refused by V8 (not a cache), or writable by others: compiled as without a cache, then replaced.
    // A write cut off before its rename an hour ago is removed then; one under way (recent) is not.
    writeFileSync(path, 'not a code cache')
    const [abandoned, underWay] = [`${path}.4242`, `${path}.4343`]
    writeFileSync(abandoned, 'x')
    writeFileSync(underWay, 'x')
    utimesSync(abandoned, new Date(Date.now() - 2 * 3_600_000), new Date(Date.now() - 2 * 3_600_000))
    await check()
    assert.ok(statSync(path).size > 100_000, 'rewritten')
    assert.throws(() => statSync(abandoned), /ENOENT/, 'an abandoned partial write is removed')
    assert.ok(statSync(underWay).isFile(), 'a recent partial write is left to its run')
    rmSync(underWay)
    // A good cache that others could have written: not read, so written again (by this user, 0600).
    chmodSync(path, 0o666)
    await check()
    assert.equal(statSync(path).mode & 0o777, 0o600, 'a cache others could write is never read')
  })

  it('runs with npx straight from the tarball', async () => {
    const res = await runProgram('npx', ['--yes', '--package', tarball, 'ackctl', '--version'], home(), {npm_config_cache: join(tmp, 'npm-cache'), NODE_ENV: ''})
    assert.equal(res.code, 0, res.stderr)
    assert.match(res.stdout, /^ackctl\/\d+\.\d+\.\d+ /)
  })

  it('works as a kubectl plugin: `kubectl ackctl resolve`', async () => {
    const res = await runProgram('kubectl', ['ackctl', 'resolve', '-f', 'fixtures/demo', '-o', 'json'], home(), {PATH: `${bin}:${process.env.PATH}`})
    assert.equal(res.code, 1, res.stderr)
    assert.equal(JSON.parse(res.stdout).summary.resources, JSON.parse(ackctlFromSources(['resolve', '-f', 'fixtures/demo', '-o', 'json']).stdout).summary.resources)
  })

  it('has help as users expect it: -h, --help and `ackctl help COMMAND`; and shell completion', async () => {
    for (const args of [['resolve', '-h'], ['resolve', '--help'], ['help', 'resolve']]) {
      const res = await run('ackctl', args)
      assert.equal(res.code, 0, `${args.join(' ')}: ${res.stderr}`)
      assert.match(res.stdout, /^USAGE\n {2}\$ ackctl resolve /m, args.join(' '))
    }
    const completion = await run('ackctl', ['autocomplete', 'bash'])
    assert.equal(completion.code, 0, completion.stderr)
    assert.match(completion.stdout, /ackctl autocomplete/)
  })

  describe('the lazily loaded clients work from the bundle', () => {
    let cluster: FakeCluster
    before(async () => {
      cluster = await startCluster()
    })
    after(async () => {
      await cluster.stop()
    })

    it('reads a live cluster (the Kubernetes client chunk) as the sources do', async () => {
      const args = ['resolve', '--kubeconfig', cluster.kubeconfig, '-o', 'json']
      const installed = await run('ackctl', args)
      // The fake API server lives in this process: the sources run without blocking it.
      const sources = await ackctlAsync(args, home())
      assert.equal(installed.code, sources.code, installed.stderr)
      assert.equal(installed.stdout, sources.stdout)
      assert.ok(JSON.parse(installed.stdout).resources.length > 0)
    })

    it('authenticates with an exec plugin (aws eks get-token) from the bundle, whose Kubernetes chunk leaves out the generated API client', async () => {
      const kubeconfig = writeExecKubeconfig(cluster, 'from-exec')
      cluster.fake.requests.length = 0
      const res = await run('ackctl', ['resolve', '--kubeconfig', kubeconfig, '-o', 'json'])
      assert.ok([0, 1].includes(res.code), res.stderr)
      assert.ok(JSON.parse(res.stdout).resources.length > 0)
      assert.ok(cluster.fake.requests.length > 0 && cluster.fake.requests.every((r) => r.authorization === 'Bearer from-exec'))
      // The start-up cost of a live read: client-node's generated API (makeApiClient) and node-fetch are not shipped.
      const dist = join(tmp, 'prefix', 'lib', 'node_modules', 'ackctl', 'dist')
      const kubernetes = readFileSync(join(dist, 'vendor', 'kubernetes.cjs'), 'utf8')
      assert.ok(kubernetes.includes('loadFromFile('), 'the kubeconfig loader is in the bundle')
      assert.ok(!kubernetes.includes('ObjectSerializer') && !kubernetes.includes('node_modules/node-fetch/'))
      const main = readFileSync(join(dist, 'index.js'), 'utf8')
      const aws = readFileSync(join(dist, 'vendor', 'aws.cjs'), 'utf8')
      assert.ok(kubernetes.includes('KubeConfig = class') && aws.includes('STSClient = class') && aws.includes('IAMClient = class'))
      assert.ok(!/\b(KubeConfig|STSClient|IAMClient) = class\b/.test(main), 'the clients are files of their own, required on first use')
    })
  })

  describe('the AWS SDK chunk', () => {
    const moto = useMoto()
    it('answers verify-trust against moto_server', async () => {
      const res = await run('ackctl', ['verify-trust', '--source-role-arn', 'arn:aws:iam::123456789012:role/ack-s3', '--role-arn', 'arn:aws:iam::123456789012:role/absent',
        '--endpoint-url', moto.get().endpoint, '-o', 'json'], {...MOTO_BASE_ENV, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null'})
      const [check] = JSON.parse(res.stdout).checks
      assert.equal(check.verdict, 'fail', res.stdout)
      assert.match(check.reasons.join('\n'), /GetRole: no role named ack-s3 in account 123456789012/)
    })
  })

  it('runs the GitHub Action\'s own steps (install from the tarball, lint) on an ordinary repository', () => {
    const action = parse(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as {
      inputs: Record<string, {default?: string}>
      runs: {steps: Array<{id?: string; name?: string; run?: string; env?: Record<string, string>}>}
    }
    const repo = join(tmp, 'repo')
    mkdirSync(join(repo, '.github', 'workflows'), {recursive: true})
    mkdirSync(join(repo, 'deploy'))
    writeFileSync(join(repo, '.github', 'workflows', 'ci.yml'), 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps: [{run: npm test}]\n')
    writeFileSync(join(repo, 'package.json'), '{"name": "app", "version": "1.0.0"}\n')
    writeFileSync(join(repo, 'docker-compose.yml'), 'services:\n  web: {image: nginx}\n')
    writeFileSync(join(repo, 'deploy', 'values.yaml'), 'replicaCount: 2\nimage: {repository: app}\n')
    writeFileSync(join(repo, 'deploy', 'namespace.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: team-a}\n---\napiVersion: s3.services.k8s.aws/v1alpha1\nkind: Bucket\nmetadata: {name: logs, namespace: team-a}\nspec: {name: logs}\n')
    writeFileSync(join(repo, 'deploy', 'selector.yaml'),
      'apiVersion: services.k8s.aws/v1alpha1\nkind: IAMRoleSelector\nmetadata: {name: team-a}\nspec:\n  arn: arn:aws:iam::111111111111:role/team-a\n  namespaceSelector: {names: [team-a]}\n')
    // A pull request: the base commit, then a change that moves team-a's role to another account.
    const git = (...args: string[]) => spawnSync('git', args, {cwd: repo, encoding: 'utf8', env: {...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com'}})
    git('init', '-q', '-b', 'main')
    git('add', '.')
    git('commit', '-q', '-m', 'base')
    writeFileSync(join(repo, 'deploy', 'selector.yaml'), readFileSync(join(repo, 'deploy', 'selector.yaml'), 'utf8').replace('111111111111', '222222222222'))
    const runnerTemp = join(tmp, 'runner')
    mkdirSync(runnerTemp)
    const files = {GITHUB_ENV: join(tmp, 'github-env'), GITHUB_PATH: join(tmp, 'github-path'), GITHUB_OUTPUT: join(tmp, 'github-output'), GITHUB_STEP_SUMMARY: join(tmp, 'summary.md')}
    for (const f of Object.values(files)) writeFileSync(f, '')
    const inputs: Record<string, string> = {}
    for (const [k, v] of Object.entries(action.inputs)) inputs[k] = v.default ?? ''
    Object.assign(inputs, {package: tarball, 'upload-sarif': 'false', args: '--feature-gates IAMRoleSelector=true --enable-carm=false', 'diff-base': 'main', 'github-token': 'test-token'})
    // A stand-in for the runner's `gh`: records what the comment step asks of it.
    const fakeBin = join(tmp, 'fake-bin')
    mkdirSync(fakeBin)
    writeFileSync(join(fakeBin, 'gh'), `#!/bin/sh\necho "$GH_TOKEN $*" >> '${join(tmp, 'gh-calls')}'\n`)
    chmodSync(join(fakeBin, 'gh'), 0o755)
    let env: Record<string, string> = {...process.env as Record<string, string>, ...files, RUNNER_TEMP: runnerTemp, GITHUB_ACTION_PATH: REPO_ROOT, NO_COLOR: '1', GITHUB_ACTIONS: 'true'}
    delete env.NODE_ENV
    for (const step of action.runs.steps.filter((s) => s.run !== undefined && (s.id === 'lint' || s.id === 'diff' || s.name === 'Install ackctl' || s.name === 'Comment the diff on the pull request'))) {
      const stepEnv: Record<string, string> = {PR_NUMBER: '7', PATH: `${fakeBin}:${process.env.PATH}`}
      for (const [k, v] of Object.entries(step.env ?? {})) {
        const input = /^\$\{\{ inputs\.([a-z-]+) \}\}$/.exec(v)
        if (input) stepEnv[k] = inputs[input[1]]
      }
      const res = spawnSync('bash', ['-e', '-c', step.run!], {cwd: repo, encoding: 'utf8', env: {...env, ...stepEnv}})
      assert.equal(res.status, 0, `step ${step.name ?? step.id}: ${res.stderr}`)
      // What a runner does between steps: lines of GITHUB_ENV become variables of the next step.
      for (const line of readFileSync(files.GITHUB_ENV, 'utf8').split('\n').filter(Boolean)) {
        const i = line.indexOf('=')
        env = {...env, [line.slice(0, i)]: line.slice(i + 1)}
      }
    }
    // Workflow files, Helm values, docker-compose.yml and package.json are skipped, not errors.
    assert.equal(readFileSync(files.GITHUB_OUTPUT, 'utf8'), 'exit-code=0\nexit-code=0\n', 'lint, then diff (a move between accounts is reported, not failed)')
    const summary = readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8')
    assert.match(summary, /PASS/)
    assert.match(summary, /## ackctl diff: role routing\n\n- 1 resource and 1 namespace x kind cell in team-a move between accounts \(111111111111 -> 222222222222\)\./)
    assert.match(summary, /```mermaid\nflowchart LR/)
    assert.equal(readFileSync(join(tmp, 'gh-calls'), 'utf8'), `test-token pr comment 7 --body-file ${join(runnerTemp, 'ackctl-diff.md')} --edit-last\n`)
    assert.match(readFileSync(join(runnerTemp, 'ackctl-diff.md'), 'utf8'), /^## ackctl diff: role routing\n/)
    const results = JSON.parse(readFileSync(join(repo, 'ackctl-lint.sarif'), 'utf8')).runs[0].results as Array<{level: string; ruleId: string}>
    assert.deepEqual(results.filter((r) => r.level !== 'note').map((r) => r.ruleId), [])
  })
})
