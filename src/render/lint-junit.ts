import {failsOn, type LintFinding, type LintReport} from '../findings/verdict.js'
import {fileLocation, objectName, summaryCounts, verdict, type LintFormatter} from './lint-common.js'
import {linePieces} from './table.js'

/** XML 1.0 text/attribute escaping; characters XML cannot carry are dropped. */
function xml(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;')
}

/** Attribute values keep their line breaks as character references (a raw newline becomes a space). */
function attr(s: string): string {
  return xml(s).replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;')
}

/**
 * JUnit XML for CI test reports (GitLab `artifacts:reports:junit`, Jenkins): one testsuite per
 * rule, one testcase per finding. Findings at or above --fail-on are failures, suppressed ones are
 * skipped (with the reason), others pass with the message as output; a rule without findings is
 * one passing testcase. The counts come first in XML, so they are counted before any case is written.
 */
export const lintJunit: LintFormatter = (report) => linePieces(junitLines(report))

interface Suite {
  findings: LintFinding[]
  failures: number
  skipped: number
}

function* junitLines(report: LintReport): Generator<string> {
  const failOn = report.summary.failOn
  const fails = (f: LintFinding) => !f.suppressed && failsOn(f.severity, failOn)
  const suites = new Map<string, Suite>()
  const suiteOf = (rule: string): Suite => {
    let suite = suites.get(rule)
    if (!suite) suites.set(rule, suite = {findings: [], failures: 0, skipped: 0})
    return suite
  }
  for (const r of report.rules) suiteOf(r.id)
  let tests = 0
  let failures = 0
  let skipped = 0
  for (const f of report.findings) {
    const suite = suiteOf(f.rule)
    suite.findings.push(f)
    if (f.suppressed) suite.skipped++
    else if (fails(f)) suite.failures++
  }
  for (const suite of suites.values()) {
    tests += Math.max(suite.findings.length, 1)
    failures += suite.failures
    skipped += suite.skipped
  }
  const remediation = new Map(report.rules.map((r) => [r.id, r.remediation]))
  const name = xml(`ackctl lint: ${summaryCounts(report.summary)}: ${verdict(report.summary)}`)
  yield '<?xml version="1.0" encoding="UTF-8"?>'
  yield `<testsuites name="${name}" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}">`
  for (const [rule, suite] of suites) {
    yield `  <testsuite name="${xml(rule)}" tests="${Math.max(suite.findings.length, 1)}" failures="${suite.failures}" errors="0" skipped="${suite.skipped}">`
    if (suite.findings.length === 0) yield `    <testcase classname="ackctl.lint.${xml(rule)}" name="${xml(rule)}"/>`
    for (const f of suite.findings) {
      const caseName = [objectName(f.object), fileLocation(f)].filter((p) => p !== '').join(' ') || rule
      const file = f.file !== undefined ? ` file="${xml(f.file)}"` : ''
      const open = `    <testcase classname="ackctl.lint.${xml(rule)}" name="${xml(caseName)}"${file}>`
      if (f.suppressed) {
        yield `${open}<skipped message="${attr(`suppressed: ${f.suppressed.reason}`)}"/></testcase>`
      } else if (fails(f)) {
        const body = `${f.message}${remediation.has(rule) ? `\nfix: ${remediation.get(rule)}` : ''}`
        yield `${open}<failure type="${f.severity}" message="${attr(f.message)}">${xml(body)}</failure></testcase>`
      } else {
        yield `${open}<system-out>${xml(`${f.severity}: ${f.message}`)}</system-out></testcase>`
      }
    }
    yield '  </testsuite>'
  }
  yield '</testsuites>'
}
