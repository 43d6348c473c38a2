import type {LintFinding} from '../findings/verdict.js'
import {fileLocation, objectName, summaryCounts, verdict, type LintFormatter} from './lint-common.js'

/**
 * Human output: one block per active finding (location, severity, rule, object, message, and the
 * rule's remediation), then the suppressed findings with their reasons, then one summary line.
 */
export const lintText: LintFormatter = (report, {paint}) => {
  const remediation = new Map(report.rules.map((r) => [r.id, r.remediation]))
  const active = report.findings.filter((f) => !f.suppressed)
  const suppressed = report.findings.filter((f) => f.suppressed)
  const lines: string[] = []
  const sev = (f: LintFinding) => (f.severity === 'error' ? paint.bad : f.severity === 'warning' ? paint.warn : paint.dim)(f.severity)
  for (const f of active) {
    const head = [fileLocation(f), sev(f), paint.bold(f.rule)].filter((p) => p !== '').join(' ')
    const obj = objectName(f.object)
    lines.push(`${head}${obj ? ` ${obj}` : ''}`, `  ${f.message}`)
    const fix = remediation.get(f.rule)
    if (fix) lines.push(paint.dim(`  fix: ${fix}`))
  }
  if (suppressed.length > 0) {
    if (lines.length > 0) lines.push('')
    lines.push(paint.dim(`Suppressed (${suppressed.length}):`))
    for (const f of suppressed) {
      const s = f.suppressed!
      const place = [fileLocation(f), objectName(f.object)].filter((p) => p !== '').join(' ')
      lines.push(paint.dim(`  ${f.severity} ${f.rule}${place ? ` ${place}` : ''}: ${JSON.stringify(s.reason)} (${s.kind === 'annotation' ? 'annotation' : `config ${s.source}`}${s.expires ? `, expires ${s.expires}` : ''})`))
    }
  }
  if (lines.length > 0) lines.push('')
  const v = verdict(report.summary)
  const painted = v === 'PASS' ? paint.ok(v) : paint.bad(v)
  lines.push(`${summaryCounts(report.summary)}: ${painted}${report.summary.complete ? '' : ' (the input could not be read completely)'}`)
  return lines.join('\n') + '\n'
}
