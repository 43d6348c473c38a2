import {strict as assert} from 'node:assert'
import {execFile} from 'node:child_process'
import {join} from 'node:path'

import {analyse} from '../../src/findings/analyse.js'
import {resolveTable} from '../../src/render/resolve.js'
import {foldText} from '../../src/render/table.js'
import {loadSnapshot} from '../../src/sources/index.js'
import {TEST_TODAY} from '../findings/support.js'
import {ackctl} from '../support/cli.js'
import {REPO_ROOT} from '../support/vectors.js'

const width = (line: string) => [...line].length

async function demoReport() {
  const snapshot = await loadSnapshot({filenames: [join(REPO_ROOT, 'fixtures', 'demo')], recursive: true})
  return analyse(snapshot, {overrides: {}, today: TEST_TODAY}).report
}

describe('resolve table on a terminal', function () {
  this.timeout(60_000)

  it('fits the terminal\'s width: compact outcomes and roles, cut errors, folded messages; nothing is dropped', async () => {
    const report = await demoReport()
    for (const columns of [100, 120, 160]) {
      const text = resolveTable(report, {width: columns})
      const long = text.split('\n').filter((l) => width(l) > columns)
      assert.deepEqual(long, [], `${columns} columns`)
      // Every resource still has its row, and every finding its rule.
      for (const r of report.resources) assert.ok(text.includes(` ${r.name} `), r.name)
      for (const f of report.findings) assert.ok(text.includes(f.rule), f.rule)
    }
    assert.match(resolveTable(report, {width: 100}), /^payments {4}Table {4}ledger {8}ASSUME_ROLE {3}ack-payments \(111111111111\) /m)
  })

  it('on a narrow terminal (80 columns) each finding is a block: severity, rule and object, then the message folded under it', async () => {
    const report = await demoReport()
    assert.deepEqual(resolveTable(report, {width: 80}).split('\n').filter((l) => width(l) > 80), [], 'the whole report at 80 columns')
    for (const columns of [60, 80]) {
      const text = resolveTable(report, {width: columns})
      const findings = text.slice(text.indexOf('FINDINGS'))
      assert.deepEqual(findings.split('\n').filter((l) => width(l) > columns), [], `the findings at ${columns} columns`)
      assert.ok(!findings.includes('SEVERITY'), 'no table header')
      assert.match(findings, /^error account-drift Bucket\/analytics\/clickstream\n {2}Bucket analytics\/clickstream: the controller fails every/m)
      for (const f of report.findings) assert.ok(findings.includes(`${f.severity} ${f.rule} `), f.rule)
    }
    // With room for the message, the table stays.
    assert.match(resolveTable(report, {width: 160}), /^SEVERITY {3}RULE/m)
  })

  it('keeps every cell whole without a width (pipes, files, -o wide)', async () => {
    const report = await demoReport()
    const text = resolveTable(report)
    assert.ok(!text.includes('\u2026'))
    assert.ok(text.includes('arn:aws:iam::111111111111:role/ack-payments'))
  })

  it('folds text at spaces, and hard inside a word longer than the width', () => {
    assert.equal(foldText('the controller fails every reconcile', 15), 'the controller\nfails every\nreconcile')
    assert.equal(foldText('arn:aws:iam::111111111111:role/x', 12), 'arn:aws:iam:\n:11111111111\n1:role/x')
  })

  it('the real command on a pseudo-terminal of 100 columns prints no line wider than that', async () => {
    const out = await onTerminal('resolve -f fixtures/demo')
    const lines = out.split('\n')
    assert.ok(lines.some((l) => l.startsWith('NAMESPACE')), out)
    assert.deepEqual(lines.filter((l) => width(l) > 100), [])
    assert.ok(out.includes('\u2026'), 'something had to be cut at 100 columns')
  })

  it('--json on a terminal (oclif\'s JSON) is the document written to a pipe, for resolve and lint', async () => {
    for (const command of ['resolve', 'lint']) {
      const piped = ackctl([command, '-f', 'fixtures/demo', '--json'])
      assert.equal(piped.status, 1, piped.stderr)
      const document = JSON.parse(piped.stdout) as Record<string, unknown[]>
      assert.ok(document.findings.length > 0, command)
      if (command === 'resolve') assert.ok(document.resources.length > 0)
      assert.deepEqual(JSON.parse(await onTerminal(`${command} -f fixtures/demo --json`)), document, command)
    }
  })
})

/** What a command prints on a pseudo-terminal of 100 columns (`script`), without colour, with \n line ends. */
function onTerminal(args: string): Promise<string> {
  const command = `stty cols 100 rows 50; exec node --import tsx bin/run.js ${args}`
  return new Promise<string>((resolve, reject) => {
    execFile('script', ['-qec', command, '/dev/null'], {cwd: REPO_ROOT, env: {...process.env, NODE_ENV: 'test', NO_COLOR: '1'}, maxBuffer: 64 * 1024 * 1024}, (error, stdout) => {
      // resolve and lint exit 1 on the demo (predicted failures): that is not an error here.
      if (error && typeof error.code !== 'number') reject(error)
      else resolve(stdout.replace(/\r/g, ''))
    })
  })
}
