import {strict as assert} from 'node:assert'
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {syntheticObjects} from '../../bench/synthetic.js'
import {ackctl} from '../support/cli.js'
import {REPO_ROOT} from '../support/vectors.js'

/** oclif wraps long error messages over several `›` lines: join them back for matching. */
const oneLine = (stderr: string) => stderr.replace(/\s*\n\s*›\s*/g, ' ').replace(/\s+/g, ' ')

const GOLDEN = join(REPO_ROOT, 'fixtures', 'lint', 'golden')
const SCENARIO = ['-f', 'fixtures/lint/scenario', '-R', '--config', 'fixtures/lint/scenario.ackctl.yaml', '--today', '2026-06-01']
const FORMATS: Array<[string, string]> = [
  ['json', 'scenario.json'], ['sarif', 'scenario.sarif'], ['github', 'scenario.github.txt'], ['junit', 'scenario.junit.xml'], ['markdown', 'scenario.md'],
]

function checkGolden(name: string, actual: string): void {
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(join(GOLDEN, name), actual)
  assert.equal(actual, readFileSync(join(GOLDEN, name), 'utf8'), `output differs from fixtures/lint/golden/${name} (UPDATE_GOLDEN=1 rewrites it; review the diff)`)
}

describe('ackctl lint (command)', function () {
  this.timeout(60_000)
  let tmp: string
  before(() => {
    // Inside the (git-ignored) tmp/ of the checkout: `node --import tsx` resolves tsx from the working directory.
    mkdirSync(join(REPO_ROOT, 'tmp'), {recursive: true})
    tmp = mkdtempSync(join(REPO_ROOT, 'tmp', 'lint-'))
  })
  after(() => rmSync(tmp, {recursive: true, force: true}))

  it('cuts -o markdown to 1 MiB when it is written to $GITHUB_STEP_SUMMARY (GitHub drops a larger summary whole), and to --limit-bytes', () => {
    const input = join(tmp, 'large.json')
    writeFileSync(input, JSON.stringify({apiVersion: 'v1', kind: 'List', items: syntheticObjects({namespaces: 800, selectors: 80, resources: 8000, kinds: 20})}))
    const summary = join(tmp, 'summary.md')
    const res = ackctl(['lint', '-f', input, '-o', 'markdown', '--output-file', summary, '-o', 'markdown', '--output-file', join(tmp, 'whole.md')], {env: {GITHUB_STEP_SUMMARY: summary}})
    assert.equal(res.status, 1, res.stderr)
    const whole = readFileSync(join(tmp, 'whole.md'), 'utf8')
    const cut = readFileSync(summary, 'utf8')
    assert.ok(Buffer.byteLength(whole) > 1024 * 1024, `${Buffer.byteLength(whole)} bytes: the input must give more than the summary holds`)
    assert.ok(Buffer.byteLength(cut) <= 1024 * 1024)
    const all = (JSON.parse(ackctl(['lint', '-f', input, '-o', 'json']).stdout) as {findings: Array<{severity: string}>}).findings
    const findings = all.length
    const rows = cut.split('\n').filter((l) => /^\| (error|warning|info) \|/.test(l)).length
    assert.ok(cut.endsWith(`\n_${findings - rows} of ${findings} findings are not shown (the text is cut at 1048576 bytes); \`ackctl lint -o json\` and the SARIF log have them all._\n`))
    // Errors first: they are the findings to keep; each row is one of the whole text's.
    const severities = cut.split('\n').flatMap((l) => /^\| (error|warning|info) \|/.exec(l)?.[1] ?? [])
    const errors = all.filter((f) => f.severity === 'error').length
    assert.deepEqual(severities.slice(0, Math.min(errors, severities.length)), Array(Math.min(errors, severities.length)).fill('error'))
    const wholeRows = new Set(whole.split('\n'))
    assert.ok(cut.split('\n').filter((l) => l.startsWith('| ')).every((l) => wholeRows.has(l)))
    const limited = ackctl(['lint', '-f', input, '-o', 'markdown', '--limit-bytes', '20000'])
    assert.ok(Buffer.byteLength(limited.stdout) <= 20000 && limited.stdout.includes('(the text is cut at 20000 bytes)'))
  })

  it('writes every format in one run, each --output-file paired with its -o, text on stdout; all match the golden files', () => {
    const args = ['lint', ...SCENARIO]
    for (const [format, file] of FORMATS) args.push('-o', format, '--output-file', join(tmp, file))
    args.push('-o', 'text')
    const res = ackctl(args)
    assert.equal(res.status, 2, res.stderr) // the scenario holds a document that does not parse
    assert.equal(res.stderr, '')
    checkGolden('scenario.txt', res.stdout)
    for (const [, file] of FORMATS) checkGolden(file, readFileSync(join(tmp, file), 'utf8'))
  })

  it('--json prints the same document as -o json (and the older --format json)', () => {
    const a = ackctl(['lint', ...SCENARIO, '--json'])
    const b = ackctl(['lint', ...SCENARIO, '--format', 'json'])
    assert.equal(a.status, 2)
    assert.deepEqual(JSON.parse(a.stdout), JSON.parse(b.stdout))
    const json = JSON.parse(a.stdout)
    assert.deepEqual(Object.keys(json.findings[0]), ['rule', 'severity', 'message', 'object', 'file', 'line', 'column', 'suppressed', 'suppression'])
    assert.equal(json.summary.suppressed, json.findings.filter((f: {suppressed: boolean}) => f.suppressed).length)
  })

  describe('exit codes', () => {
    const clean = 'fixtures/lint/rules/selector-ignored/near-miss.yaml'
    const warningsOnly = 'fixtures/lint/rules/selector-version-pinned/trigger.yaml'
    const gate = ['--feature-gates', 'IAMRoleSelector=true', '--enable-carm=false']
    const cases: Array<{name: string; args: string[]; status: number; stderr?: RegExp}> = [
      {name: '0 when nothing is found', args: ['-f', clean, ...gate], status: 0},
      {name: '0 for warnings with the default --fail-on error', args: ['-f', warningsOnly, ...gate], status: 0},
      {name: '1 for warnings with --fail-on warning', args: ['-f', warningsOnly, ...gate, '--fail-on', 'warning'], status: 1},
      {name: '1 for errors', args: ['-f', 'fixtures/demo'], status: 1},
      {name: '0 for errors with --fail-on none', args: ['-f', 'fixtures/demo', '--fail-on', 'none'], status: 0},
      {name: '2 for a document that does not parse, whatever --fail-on says (as in every command)', args: [...SCENARIO, '--fail-on', 'none'], status: 2},
      {name: '2 for more --output-file than formats', args: ['-f', clean, '-o', 'sarif', '--output-file', 'a.sarif', '--output-file', 'b.sarif'], status: 2, stderr: /2 --output-file given for 1 -o\/--output format/},
      {name: '2 for an --output-file placed before its format', args: ['-f', clean, '-o', 'text', '-o', 'sarif', '--output-file', 'x.sarif'], status: 2, stderr: /--output-file x.sarif would receive the format text/},
      {name: '2 for --limit-bytes without -o markdown (it would cut nothing)', args: ['-f', clean, '-o', 'sarif', '--output-file', 'x.sarif', '-o', 'text', '--limit-bytes', '60000'], status: 2, stderr: /--limit-bytes cuts -o markdown only, and no -o markdown is asked for \(-o sarif, -o text\): add -o markdown, or leave --limit-bytes out/},
      {name: '2 for an unknown format', args: ['-f', clean, '-o', 'xml'], status: 2, stderr: /Expected --output=xml to be one of: text, json, sarif, github, junit, markdown/},
      {name: '2 for an unreadable input path', args: ['-f', 'fixtures/lint/no-such-dir'], status: 2, stderr: /cannot read fixtures\/lint\/no-such-dir: no such file or directory/},
      {name: '2 for a missing --config', args: ['-f', clean, '--config', 'no-such.ackctl.yaml'], status: 2, stderr: /cannot read config file no-such.ackctl.yaml/},
      {name: '2 for a bad --today', args: ['-f', clean, '--today', '2026-02-30'], status: 2, stderr: /--today "2026-02-30" is not a date/},
    ]
    for (const c of cases) {
      it(c.name, () => {
        const res = ackctl(['lint', ...c.args])
        assert.equal(res.status, c.status, `stdout:\n${res.stdout}\nstderr:\n${res.stderr}`)
        if (c.stderr) assert.match(oneLine(res.stderr), c.stderr)
        if (c.status === 2) assert.doesNotMatch(res.stderr, /\n\s+at /, 'no stack trace')
      })
    }

    it('2 for labels written as a list, naming the file, the line and the object (the API server would reject it)', () => {
      const input = join(tmp, 'list-labels.yaml')
      writeFileSync(input, 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: payments\n  labels:\n    - team: payments\n')
      const res = ackctl(['lint', '-f', input])
      assert.equal(res.status, 2, res.stdout + res.stderr)
      assert.match(res.stdout, /list-labels\.yaml:6 error input-invalid Namespace\/payments\n {2}Namespace payments: metadata\.labels is a list, not a map of strings/)
    })

    it('2 for a malformed config file, naming its line', () => {
      const config = join(tmp, 'bad.ackctl.yaml')
      writeFileSync(config, 'lint:\n  supressions: []\n')
      const res = ackctl(['lint', '-f', clean, '--config', config])
      assert.equal(res.status, 2)
      assert.match(oneLine(res.stderr), /bad\.ackctl\.yaml:2: unknown key lint\.supressions \(expected: suppressions\)/)
    })
  })

  describe('suppressions', () => {
    const manifest = (annotations: string) => `apiVersion: services.k8s.aws/v1alpha1
kind: IAMRoleSelector
metadata:
  name: team-a
  annotations: {${annotations}}
spec:
  arn: arn:aws:iam::111111111111:role/team-a
  resourceTypeSelector: [{group: s3, version: "", kind: Bucket}]
`
    const gate = ['--feature-gates', 'IAMRoleSelector=true', '--enable-carm=false', '--format', 'json']

    it('an annotation with a reason suppresses the finding, which stays listed and counted', () => {
      const res = ackctl(['lint', '-f', '-', ...gate], {input: manifest('ignore-check.ackctl.io/selector-short-group: "kept for the old controller"')})
      assert.equal(res.status, 0, res.stdout)
      const json = JSON.parse(res.stdout)
      assert.equal(json.summary.suppressed, 1)
      assert.equal(json.summary.errors, 0)
      const [finding] = json.findings
      assert.equal(finding.rule, 'selector-short-group')
      assert.equal(finding.suppressed, true)
      assert.deepEqual(finding.suppression, {kind: 'annotation', reason: 'kept for the old controller', source: 'ignore-check.ackctl.io/selector-short-group'})
    })

    it('an annotation without a reason suppresses nothing and is itself a finding', () => {
      const res = ackctl(['lint', '-f', '-', ...gate], {input: manifest('ignore-check.ackctl.io/selector-short-group: ""')})
      assert.equal(res.status, 1)
      const rules = JSON.parse(res.stdout).findings
        .filter((f: {severity: string}) => f.severity !== 'info')
        .map((f: {rule: string; suppressed: boolean}) => `${f.rule}:${f.suppressed}`)
      assert.deepEqual(rules.sort(), ['selector-short-group:false', 'suppression-invalid:false'])
    })

    it('finds .ackctl.yaml from the working directory upward; an expired entry no longer applies', () => {
      const repo = join(tmp, 'repo')
      mkdirSync(join(repo, 'deploy', 'manifests'), {recursive: true})
      writeFileSync(join(repo, 'deploy', 'manifests', 'selectors.yaml'), manifest(''))
      const entry = (expires: string) => `lint:\n  suppressions:\n    - rule: selector-short-group\n      object: IAMRoleSelector/team-*\n      reason: old controller\n      expires: ${expires}\n`
      writeFileSync(join(repo, '.ackctl.yaml'), entry('2026-06-01'))
      const cwd = join(repo, 'deploy')
      const ok = ackctl(['lint', '-f', 'manifests', ...gate, '--today', '2026-06-01'], {cwd})
      assert.equal(ok.status, 0, ok.stdout)
      const suppressed = JSON.parse(ok.stdout).findings[0]
      assert.deepEqual(suppressed.suppression, {kind: 'config', reason: 'old controller', source: '../.ackctl.yaml:3', expires: '2026-06-01'})

      const late = ackctl(['lint', '-f', 'manifests', ...gate, '--today', '2026-06-02'], {cwd})
      assert.equal(late.status, 1)
      const findings = JSON.parse(late.stdout).findings.filter((f: {severity: string}) => f.severity !== 'info').map((f: {rule: string; suppressed: boolean; file: string}) => [f.rule, f.suppressed, f.file])
      assert.deepEqual(findings, [['selector-short-group', false, 'manifests/selectors.yaml'], ['suppression-expired', false, '../.ackctl.yaml']])
    })
  })

  it('reads manifests from stdin (helm template | ackctl lint -f -) and prints GitHub workflow commands', () => {
    const res = ackctl(['lint', '-f', '-', '--format', 'github'], {input: readFileSync(join(REPO_ROOT, 'fixtures/lint/rules/gate-carm-conflict/trigger.yaml'), 'utf8')})
    assert.equal(res.status, 1)
    // Standard input has no file to annotate: the object names the place instead.
    assert.equal(res.stdout, [
      "::error title=ackctl gate-carm-conflict::Deployment/ack-system/ack-s3-controller: the s3 controller (Deployment ack-system/ack-s3-controller) will not start: cannot enable feature gate 'IAMRoleSelector' when flag 'enable-carm' is set to true",
      'ackctl lint: 1 error, 0 warnings, 0 infos, 0 suppressed (fail-on: error): FAIL',
      '',
    ].join('\n'))
  })

  describe('--list-rules', () => {
    it('prints the catalog as a table', () => {
      const res = ackctl(['lint', '--list-rules'])
      assert.equal(res.status, 0)
      assert.match(res.stdout, /^RULE\s+SEVERITY\s+SUMMARY$/m)
      for (const id of ['selector-conflict', 'carm-missing-entry', 'input-invalid']) assert.match(res.stdout, new RegExp(`^${id}\\s`, 'm'))
    })

    it('--format markdown prints docs/rules.md exactly', () => {
      const res = ackctl(['lint', '--list-rules', '--format', 'markdown'])
      assert.equal(res.stdout, readFileSync(join(REPO_ROOT, 'docs', 'rules.md'), 'utf8'))
    })

    it('--json returns the catalog', () => {
      const res = ackctl(['lint', '--list-rules', '--json'])
      const rules = JSON.parse(res.stdout)
      assert.ok(rules.length >= 18)
      assert.deepEqual(Object.keys(rules[0]), ['id', 'severity', 'summary', 'description', 'remediation'])
    })
  })
})
