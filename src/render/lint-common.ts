import type {LintFinding, LintReport, LintSummary} from '../findings/verdict.js'
import type {ObjectRef} from '../core/types.js'
import type {Paint} from './paint.js'

/** What every lint formatter is given besides the report. Formatters are pure: same input, same bytes. */
export interface LintRenderOptions {
  paint: Paint
  /** ackctl's version, for SARIF `tool.driver.version`. */
  toolVersion: string
  /** Absolute URL of docs/rules.md (for SARIF helpUri and Markdown links); relative paths only when absent. */
  docsUrl?: string
  /** Markdown only: at most this many bytes (a GitHub job summary, a pull-request comment); rows that do not fit are counted, not shown. */
  limit?: number
}

/**
 * The one contract every lint output format implements: its text as pieces, which join to the
 * whole output. Large reports are written piece by piece (a million findings are more text than one
 * string may hold); `lintOutput` joins them for small ones.
 */
export type LintFormatter = (report: LintReport, options: LintRenderOptions) => Iterable<string>

/** A format's whole text. */
export function lintOutput(format: LintFormatter, report: LintReport, options: LintRenderOptions): string {
  let text = ''
  for (const piece of format(report, options)) text += piece
  return text
}

/** `Kind/namespace/name` (`Kind/name` when cluster-scoped): the logical location of a finding's object. */
export function objectName(ref: ObjectRef | undefined): string {
  if (!ref) return ''
  return ref.namespace === undefined ? `${ref.kind}/${ref.name}` : `${ref.kind}/${ref.namespace}/${ref.name}`
}

/** `file:line:column` as far as known; `''` without a file. */
export function fileLocation(f: LintFinding): string {
  if (f.file === undefined) return ''
  return [f.file, f.line, f.line !== undefined ? f.column : undefined].filter((p) => p !== undefined).join(':')
}

/** The best place to show for a finding: its file position, else its object, else `-`. */
export function where(f: LintFinding): string {
  return fileLocation(f) || objectName(f.object) || '-'
}

/** `3 errors, 1 warning, 0 infos, 2 suppressed (fail-on: error)`. */
export function summaryCounts(s: LintSummary): string {
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`
  return `${n(s.errors, 'error')}, ${n(s.warnings, 'warning')}, ${n(s.infos, 'info')}, ${s.suppressed} suppressed (fail-on: ${s.failOn})`
}

/** PASS / FAIL / INVALID INPUT / INCOMPLETE, as the exit code (0, 1, 2, 3) says it. */
export function verdict(s: LintSummary): 'PASS' | 'FAIL' | 'INVALID INPUT' | 'INCOMPLETE' {
  if (!s.complete) return 'INCOMPLETE'
  if (s.inputErrors) return 'INVALID INPUT'
  return s.failed ? 'FAIL' : 'PASS'
}

/** The docs link of a rule: absolute when a docs URL is known. */
export function ruleLink(id: string, docsUrl: string | undefined): string {
  return docsUrl ? `${docsUrl}#${id}` : `docs/rules.md#${id}`
}
