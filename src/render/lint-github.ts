import type {LintFinding, LintReport} from '../findings/verdict.js'
import {objectName, summaryCounts, verdict, type LintFormatter} from './lint-common.js'
import {linePieces} from './table.js'

/** Workflow-command data escaping (GitHub Actions toolkit `escapeData`). */
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

/** Workflow-command property escaping (`escapeProperty`): also `:` and `,`. */
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

function command(f: LintFinding): string {
  const kind = f.suppressed ? 'notice' : f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'notice'
  const props: string[] = []
  if (f.file !== undefined && f.file !== '-') {
    props.push(`file=${escapeProperty(f.file)}`)
    if (f.line !== undefined) props.push(`line=${f.line}`)
    if (f.line !== undefined && f.column !== undefined) props.push(`col=${f.column}`)
  }
  props.push(`title=${escapeProperty(`ackctl ${f.rule}${f.suppressed ? ' (suppressed)' : ''}`)}`)
  // Messages name their object already; without a file, the object is the only place to show.
  const obj = props.some((p) => p.startsWith('file=')) ? '' : objectName(f.object)
  const text = `${obj ? `${obj}: ` : ''}${f.message}${f.suppressed ? `\nSuppressed: ${f.suppressed.reason}` : ''}`
  return `::${kind} ${props.join(',')}::${escapeData(text)}`
}

/**
 * GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=…::message`): each finding
 * becomes an annotation on the pull request. Suppressed findings stay visible as notices.
 */
export const lintGithub: LintFormatter = (report) => linePieces(githubLines(report))

function* githubLines(report: LintReport): Generator<string> {
  for (const f of report.findings) yield command(f)
  yield `ackctl lint: ${summaryCounts(report.summary)}: ${verdict(report.summary)}`
}
