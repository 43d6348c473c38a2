import type {LintFinding, LintReport} from '../findings/verdict.js'
import {fileLocation, objectName, summaryCounts, verdict, type LintFormatter, type LintRenderOptions} from './lint-common.js'
import {linePieces} from './table.js'

/**
 * Human output: one block per active finding (location, severity, rule, object, message, and the
 * rule's remediation), then the suppressed findings with their reasons, then one summary line.
 */
export const lintText: LintFormatter = (report, options) => linePieces(textLines(report, options))

function* textLines(report: LintReport, {paint}: LintRenderOptions): Generator<string> {
  const remediation = new Map(report.rules.map((r) => [r.id, r.remediation]))
  const sev = (f: LintFinding) => (f.severity === 'error' ? paint.bad : f.severity === 'warning' ? paint.warn : paint.dim)(f.severity)
  let any = false
  let suppressed = 0
  for (const f of report.findings) {
    if (f.suppressed) {
      suppressed++
      continue
    }
    any = true
    const head = [fileLocation(f), sev(f), paint.bold(f.rule)].filter((p) => p !== '').join(' ')
    const obj = objectName(f.object)
    yield `${head}${obj ? ` ${obj}` : ''}`
    yield `  ${f.message}`
    const fix = remediation.get(f.rule)
    if (fix) yield paint.dim(`  fix: ${fix}`)
  }
  if (suppressed > 0) {
    if (any) yield ''
    any = true
    yield paint.dim(`Suppressed (${suppressed}):`)
    for (const f of report.findings) {
      const s = f.suppressed
      if (!s) continue
      const place = [fileLocation(f), objectName(f.object)].filter((p) => p !== '').join(' ')
      yield paint.dim(`  ${f.severity} ${f.rule}${place ? ` ${place}` : ''}: ${JSON.stringify(s.reason)} (${s.kind === 'annotation' ? 'annotation' : `config ${s.source}`}${s.expires ? `, expires ${s.expires}` : ''})`)
    }
  }
  if (any) yield ''
  const v = verdict(report.summary)
  const painted = v === 'PASS' ? paint.ok(v) : paint.bad(v)
  yield `${summaryCounts(report.summary)}: ${painted}${report.summary.complete ? '' : ' (the input could not be read completely)'}`
}
