import type {LintFinding, LintReport} from '../findings/verdict.js'
import {objectName, fileLocation, summaryCounts, verdict, type LintFormatter, type LintRenderOptions} from './lint-common.js'
import {budgetFor, fitTable, type ByteBudget} from './markdown-fit.js'
import {linePieces, markdownTableLines, type Column} from './table.js'

/** The findings that are (or are not) suppressed, in order, without copying the list. */
function* only(findings: LintFinding[], suppressed: boolean): Generator<LintFinding> {
  for (const f of findings) if ((f.suppressed !== undefined) === suppressed) yield f
}

const code = (s: string) => (s === '' ? '' : `\`${s.replace(/`/g, "'")}\``)

/**
 * Markdown for a pull-request comment or job summary: the verdict, a table of active findings
 * (severity, rule, object, location, message), and the suppressed ones with their reasons. With a
 * `limit` the text would pass, the verdict, then as many findings as fit (errors first), and how
 * many are not shown.
 */
export const lintMarkdown: LintFormatter = (report, options) =>
  linePieces(markdownLines(report, options, budgetFor(options.limit, () => markdownLines(report, options))))

/** The Markdown's lines; with a budget (the text does not fit whole), as many findings as fit. */
function* markdownLines(report: LintReport, {docsUrl}: LintRenderOptions, budget?: ByteBudget): Generator<string> {
  const rule = (f: LintFinding) => (docsUrl ? `[${f.rule}](${docsUrl}#${f.rule})` : code(f.rule))
  const head = ['## ackctl lint', '', `**${verdict(report.summary)}**: ${summaryCounts(report.summary)}`]
  budget?.spend(head)
  yield* head
  const shown = {rows: 0}
  let whole = true
  if (report.findings.some((f) => !f.suppressed)) {
    const columns: Column<LintFinding>[] = [
      {header: 'Severity', value: (f) => f.severity},
      {header: 'Rule', value: rule},
      {header: 'Object', value: (f) => code(objectName(f.object))},
      {header: 'Location', value: (f) => code(fileLocation(f))},
      {header: 'Message', value: (f) => f.message},
    ]
    // A report's findings are sorted most severe first (sortFindings): a cut text keeps the errors.
    whole = yield* fitTable([''], markdownTableLines(columns, only(report.findings, false)), budget, shown)
  }
  const suppressedCount = report.findings.reduce((n, f) => (f.suppressed ? n + 1 : n), 0)
  if (whole && suppressedCount > 0) {
    const columns: Column<LintFinding>[] = [
      {header: 'Rule', value: rule},
      {header: 'Object', value: (f) => code(objectName(f.object))},
      {header: 'Location', value: (f) => code(fileLocation(f))},
      {header: 'Reason', value: (f) => f.suppressed!.reason},
      {header: 'Suppressed by', value: (f) => (f.suppressed!.kind === 'annotation' ? 'annotation' : `${code(f.suppressed!.source)}${f.suppressed!.expires ? ` until ${f.suppressed!.expires}` : ''}`)},
    ]
    const before = shown.rows
    whole = yield* fitTable(['', `<details><summary>${suppressedCount} suppressed</summary>`, ''], markdownTableLines(columns, only(report.findings, true)), budget, shown)
    if (shown.rows > before) yield* ['', '</details>']
  }
  if (!whole) {
    const total = report.findings.length
    yield* ['', `_${total - shown.rows} of ${total} findings are not shown (the text is cut at ${budget!.limit} bytes); \`ackctl lint -o json\` and the SARIF log have them all._`]
  }
}
