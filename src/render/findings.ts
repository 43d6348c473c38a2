import type {Finding} from '../core/types.js'
import type {LintFinding} from '../findings/verdict.js'
import {markdownTableLines, plainTableLines, type Column} from './table.js'

/** `file:line`, else `Kind/namespace/name`: where a finding points, for tables. */
export function findingWhere(f: Finding): string {
  if (f.file) return `${f.file}${f.line ? `:${f.line}` : ''}`
  return f.object ? `${f.object.kind}/${f.object.namespace ? `${f.object.namespace}/` : ''}${f.object.name}` : ''
}

const columns: Column<LintFinding>[] = [
  {header: 'SEVERITY', value: (f) => (f.suppressed ? `${f.severity} (suppressed)` : f.severity)},
  {header: 'RULE', value: (f) => f.rule},
  {header: 'WHERE', value: findingWhere},
  {header: 'MESSAGE', value: (f) => f.message},
]

/** The findings of the one catalog as a plain table: every command that shows findings to people uses it. */
export function findingsTable(findings: LintFinding[], width?: number): string {
  return [...findingsTableLines(findings, width)].join('\n')
}

/** findingsTable's lines, one at a time. */
export function findingsTableLines(findings: LintFinding[], width?: number): Iterable<string> {
  // On a terminal the MESSAGE column is folded to fit (-o wide and pipes keep each message on one line).
  return plainTableLines(columns, findings, undefined, width ? {width, shrink: [[3, 30]], fold: [3]} : undefined)
}

/** The same findings as a Markdown table, a line at a time. */
export function findingsMarkdownLines(findings: LintFinding[]): Iterable<string> {
  return markdownTableLines(columns, findings)
}
