import {strict as assert} from 'node:assert'
import {spawnSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {parse} from 'yaml'

import {syntheticObjects} from '../../bench/synthetic.js'
import {ackctl} from '../support/cli.js'
import {REPO_ROOT} from '../support/vectors.js'

interface Step {name?: string; uses?: string; id?: string; if?: string; run?: string; env?: Record<string, string>; shell?: string}

describe('ackctl lint in CI: action.yml and .pre-commit-hooks.yaml', function () {
  this.timeout(60_000)
  const action = parse(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as {
    runs: {using: string; steps: Step[]}; inputs: Record<string, {default?: string}>; outputs: Record<string, {value: string}>
  }
  let tmp: string
  before(() => {
    mkdirSync(join(REPO_ROOT, 'tmp'), {recursive: true})
    tmp = mkdtempSync(join(REPO_ROOT, 'tmp', 'lint-ci-'))
  })
  after(() => rmSync(tmp, {recursive: true, force: true}))

  it('action.yml is a composite action that lints, uploads SARIF even when lint fails, then fails the step', () => {
    assert.equal(action.runs.using, 'composite')
    const steps = action.runs.steps
    const lint = steps.find((s) => s.id === 'lint')
    assert.ok(lint?.run?.includes('lint'))
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))
    assert.ok(upload && upload.if?.includes('always()'), 'SARIF is uploaded whatever lint found')
    const last = steps[steps.length - 1]
    assert.match(last.run ?? '', /exit "\$CODE"/)
    assert.ok(steps.indexOf(upload) < steps.indexOf(last))
    assert.equal(action.outputs['exit-code'].value, '${{ steps.lint.outputs.exit-code }}')
    // Inputs reach the script through env, never spliced into it (no script injection).
    assert.doesNotMatch(lint?.run ?? '', /\$\{\{/)
    // The diff posted as a comment fits in one (GitHub refuses a body of more than 65,536 characters).
    assert.match(steps.find((s) => s.id === 'diff')?.run ?? '', /-o markdown --limit-bytes 65536 > "\$RUNNER_TEMP\/ackctl-diff.md"/)
  })

  /** Runs the action's lint step as the runner would, with its inputs' defaults and these paths and arguments. */
  function lintStep(paths: string, args: string) {
    const lint = action.runs.steps.find((s) => s.id === 'lint')!
    const output = join(tmp, 'github-output')
    const summary = join(tmp, 'summary.md')
    writeFileSync(output, '')
    const env: Record<string, string> = {}
    for (const [k, v] of Object.entries(lint.env ?? {})) {
      const input = /^\$\{\{ inputs\.([a-z-]+) \}\}$/.exec(v)
      if (input) env[k] = action.inputs[input[1]].default ?? ''
    }
    const res = spawnSync('bash', ['-e', '-c', lint.run!], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      maxBuffer: 1 << 30,
      env: {
        ...process.env, ...env,
        ACKCTL: join(REPO_ROOT, 'bin', 'run.js'), NODE_OPTIONS: '--import tsx', NODE_ENV: 'test', NO_COLOR: '1',
        INPUT_PATHS: paths, INPUT_ARGS: args,
        INPUT_SARIF_FILE: join(tmp, 'lint.sarif'), GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary,
      },
    })
    assert.equal(res.status, 0, `the step itself must not fail before recording the exit code:\n${res.stderr}`)
    return {res, output: readFileSync(output, 'utf8'), summary: readFileSync(summary, 'utf8'), sarif: join(tmp, 'lint.sarif')}
  }

  it('the action\'s lint script writes SARIF, a job summary and annotations, and records the exit code', () => {
    const {res, output, summary, sarif} = lintStep('fixtures/lint/scenario', '--config fixtures/lint/scenario.ackctl.yaml --today 2026-06-01')
    assert.equal(output, 'exit-code=2\n') // the scenario holds a document that does not parse
    assert.equal(JSON.parse(readFileSync(sarif, 'utf8')).version, '2.1.0')
    assert.match(summary, /^## ackctl lint\n\n\*\*INVALID INPUT\*\*: 7 errors/)
    assert.match(res.stdout, /^::error file=fixtures\/lint\/scenario\/40-resources.yaml,line=7,col=1,title=ackctl selector-conflict::/m)
  })

  it('the action does not upload a SARIF log that code scanning would refuse (more than 25,000 results), and says so', () => {
    const input = join(tmp, 'large.json')
    writeFileSync(input, JSON.stringify({apiVersion: 'v1', kind: 'List', items: syntheticObjects({namespaces: 4000, selectors: 400, resources: 40_000, kinds: 20})}))
    const {res, output, sarif} = lintStep(input, '')
    const results = (JSON.parse(readFileSync(sarif, 'utf8')) as {runs: Array<{results: unknown[]}>}).runs[0].results.length
    assert.ok(results > 25_000, `${results} results`)
    assert.equal(output, 'exit-code=1\nsarif-upload=skip\n')
    assert.match(res.stdout, new RegExp(`^::warning title=ackctl::The SARIF log holds ${results} results \\(\\d+ bytes gzipped\\); code scanning accepts at most 25,000 results`, 'm'))
    const upload = action.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))!
    assert.match(upload.if ?? '', /steps\.lint\.outputs\.sarif-upload != 'skip'/)
  })

  it('the pre-commit hook passes a commit of ordinary files (workflow, Helm values, compose, package.json)', () => {
    const [hook] = parse(readFileSync(join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Array<{entry: string}>
    const dir = join(tmp, 'ordinary')
    mkdirSync(dir)
    const files: Record<string, string> = {
      'ci.yml': 'on: push\njobs:\n  test: {runs-on: ubuntu-latest, steps: [{run: npm test}]}\n',
      'values.yaml': 'replicaCount: 2\n', 'docker-compose.yml': 'services:\n  web: {image: nginx}\n', 'package.json': '{"name": "app"}\n',
    }
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
    const [, ...entryArgs] = hook.entry.split(' ')
    const res = ackctl([...entryArgs, ...Object.keys(files).map((f) => join(dir, f))])
    assert.equal(res.status, 0, res.stdout + res.stderr)
    assert.match(res.stderr, /ackctl: 4 documents read: 0 used, 4 skipped/)
  })

  it('.pre-commit-hooks.yaml runs `ackctl lint <args> <files...>` once over all changed files', () => {
    const [hook] = parse(readFileSync(join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Array<{id: string; entry: string; require_serial: boolean}>
    assert.equal(hook.id, 'ackctl-lint')
    assert.equal(hook.entry, 'ackctl lint --allow-empty-input')
    assert.equal(hook.require_serial, true)
    // What pre-commit runs: the entry, the hook's args, then the file names. The conflict needs both files at once.
    const dir = join(tmp, 'commit')
    mkdirSync(dir)
    const selector = (name: string) => `apiVersion: services.k8s.aws/v1alpha1\nkind: IAMRoleSelector\nmetadata: {name: ${name}}\nspec: {arn: "arn:aws:iam::111111111111:role/${name}"}\n`
    writeFileSync(join(dir, 'a.yaml'), selector('a'))
    writeFileSync(join(dir, 'b.yaml'), selector('b') + '---\napiVersion: s3.services.k8s.aws/v1alpha1\nkind: Bucket\nmetadata: {name: x, namespace: team}\n')
    const res = ackctl(['lint', '--feature-gates', 'IAMRoleSelector=true', '--enable-carm=false', '--format', 'json', join(dir, 'a.yaml'), join(dir, 'b.yaml')])
    assert.equal(res.status, 1, res.stderr)
    const conflict = JSON.parse(res.stdout).findings.find((f: {rule: string}) => f.rule === 'selector-conflict')
    assert.match(conflict.message, /Bucket team\/x is matched by 2 IAMRoleSelectors \(a, b\)/)
  })
})
