import type {LintFinding} from '../findings/verdict.js'
import {objectName, fileLocation, summaryCounts, verdict, type LintFormatter} from './lint-common.js'
import {markdownTable, type Column} from './table.js'

const code = (s: string) => (s === '' ? '' : `\`${s.replace(/`/g, "'")}\``)

/**
 * Markdown for a pull-request comment or job summary: the verdict, a table of active findings
 * (severity, rule, object, location, message), and the suppressed ones with their reasons.
 */
export const lintMarkdown: LintFormatter = (report, {docsUrl}) => {
  const rule = (f: LintFinding) => (docsUrl ? `[${f.rule}](${docsUrl}#${f.rule})` : code(f.rule))
  const active = report.findings.filter((f) => !f.suppressed)
  const suppressed = report.findings.filter((f) => f.suppressed)
  const out = ['## ackctl lint', '', `**${verdict(report.summary)}**: ${summaryCounts(report.summary)}`, '']
  if (active.length > 0) {
    const columns: Column<LintFinding>[] = [
      {header: 'Severity', value: (f) => f.severity},
      {header: 'Rule', value: rule},
      {header: 'Object', value: (f) => code(objectName(f.object))},
      {header: 'Location', value: (f) => code(fileLocation(f))},
      {header: 'Message', value: (f) => f.message},
    ]
    out.push(markdownTable(columns, active), '')
  }
  if (suppressed.length > 0) {
    const columns: Column<LintFinding>[] = [
      {header: 'Rule', value: rule},
      {header: 'Object', value: (f) => code(objectName(f.object))},
      {header: 'Location', value: (f) => code(fileLocation(f))},
      {header: 'Reason', value: (f) => f.suppressed!.reason},
      {header: 'Suppressed by', value: (f) => (f.suppressed!.kind === 'annotation' ? 'annotation' : `${code(f.suppressed!.source)}${f.suppressed!.expires ? ` until ${f.suppressed!.expires}` : ''}`)},
    ]
    out.push(`<details><summary>${suppressed.length} suppressed</summary>`, '', markdownTable(columns, suppressed), '', '</details>', '')
  }
  return out.join('\n')
}
