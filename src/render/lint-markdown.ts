import type {LintFinding, LintReport} from '../findings/verdict.js'
import {objectName, fileLocation, summaryCounts, verdict, type LintFormatter, type LintRenderOptions} from './lint-common.js'
import {linePieces, markdownTableLines, type Column} from './table.js'

/** The findings that are (or are not) suppressed, in order, without copying the list. */
function* only(findings: LintFinding[], suppressed: boolean): Generator<LintFinding> {
  for (const f of findings) if ((f.suppressed !== undefined) === suppressed) yield f
}

const code = (s: string) => (s === '' ? '' : `\`${s.replace(/`/g, "'")}\``)

/**
 * Markdown for a pull-request comment or job summary: the verdict, a table of active findings
 * (severity, rule, object, location, message), and the suppressed ones with their reasons.
 */
export const lintMarkdown: LintFormatter = (report, options) => linePieces(markdownLines(report, options))

function* markdownLines(report: LintReport, {docsUrl}: LintRenderOptions): Generator<string> {
  const rule = (f: LintFinding) => (docsUrl ? `[${f.rule}](${docsUrl}#${f.rule})` : code(f.rule))
  yield* ['## ackctl lint', '', `**${verdict(report.summary)}**: ${summaryCounts(report.summary)}`]
  if (report.findings.some((f) => !f.suppressed)) {
    const columns: Column<LintFinding>[] = [
      {header: 'Severity', value: (f) => f.severity},
      {header: 'Rule', value: rule},
      {header: 'Object', value: (f) => code(objectName(f.object))},
      {header: 'Location', value: (f) => code(fileLocation(f))},
      {header: 'Message', value: (f) => f.message},
    ]
    yield ''
    yield* markdownTableLines(columns, only(report.findings, false))
  }
  const suppressedCount = report.findings.reduce((n, f) => (f.suppressed ? n + 1 : n), 0)
  if (suppressedCount > 0) {
    const columns: Column<LintFinding>[] = [
      {header: 'Rule', value: rule},
      {header: 'Object', value: (f) => code(objectName(f.object))},
      {header: 'Location', value: (f) => code(fileLocation(f))},
      {header: 'Reason', value: (f) => f.suppressed!.reason},
      {header: 'Suppressed by', value: (f) => (f.suppressed!.kind === 'annotation' ? 'annotation' : `${code(f.suppressed!.source)}${f.suppressed!.expires ? ` until ${f.suppressed!.expires}` : ''}`)},
    ]
    yield* ['', `<details><summary>${suppressedCount} suppressed</summary>`, '']
    yield* markdownTableLines(columns, only(report.findings, true))
    yield* ['', '</details>']
  }
}
