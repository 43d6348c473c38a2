import {failsOn, type LintFinding} from '../findings/verdict.js'
import {fileLocation, objectName, summaryCounts, verdict, type LintFormatter} from './lint-common.js'

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
 * one passing testcase.
 */
export const lintJunit: LintFormatter = (report) => {
  const failOn = report.summary.failOn
  const byRule = new Map<string, LintFinding[]>()
  for (const r of report.rules) byRule.set(r.id, [])
  for (const f of report.findings) byRule.set(f.rule, [...(byRule.get(f.rule) ?? []), f])
  const remediation = new Map(report.rules.map((r) => [r.id, r.remediation]))
  const suites: string[] = []
  let tests = 0
  let failures = 0
  let skipped = 0
  for (const [rule, findings] of byRule) {
    const cases: string[] = []
    let suiteFailures = 0
    let suiteSkipped = 0
    if (findings.length === 0) cases.push(`    <testcase classname="ackctl.lint.${xml(rule)}" name="${xml(rule)}"/>`)
    for (const f of findings) {
      const name = [objectName(f.object), fileLocation(f)].filter((p) => p !== '').join(' ') || rule
      const file = f.file !== undefined ? ` file="${xml(f.file)}"` : ''
      const open = `    <testcase classname="ackctl.lint.${xml(rule)}" name="${xml(name)}"${file}>`
      if (f.suppressed) {
        suiteSkipped++
        cases.push(`${open}<skipped message="${attr(`suppressed: ${f.suppressed.reason}`)}"/></testcase>`)
      } else if (failsOn(f.severity, failOn)) {
        suiteFailures++
        const body = `${f.message}${remediation.has(rule) ? `\nfix: ${remediation.get(rule)}` : ''}`
        cases.push(`${open}<failure type="${f.severity}" message="${attr(f.message)}">${xml(body)}</failure></testcase>`)
      } else {
        cases.push(`${open}<system-out>${xml(`${f.severity}: ${f.message}`)}</system-out></testcase>`)
      }
    }
    const count = Math.max(findings.length, 1)
    tests += count
    failures += suiteFailures
    skipped += suiteSkipped
    suites.push(`  <testsuite name="${xml(rule)}" tests="${count}" failures="${suiteFailures}" errors="0" skipped="${suiteSkipped}">`, ...cases, '  </testsuite>')
  }
  const name = xml(`ackctl lint: ${summaryCounts(report.summary)}: ${verdict(report.summary)}`)
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${name}" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n')
}
