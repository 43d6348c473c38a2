import type {Finding} from '../core/types.js'
import type {LintFinding} from '../findings/verdict.js'
import {columnWidths, foldText, markdownTableLines, plainTableLines, type Column} from './table.js'

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

/** Narrower than this, MESSAGE would read a few words a line: a terminal gets each finding as a block instead. */
const NARROWEST_MESSAGE = 40

/** findingsTable's lines, one at a time. */
export function findingsTableLines(findings: LintFinding[], width?: number): Iterable<string> {
  if (width !== undefined && messageRoom(findings, width) < NARROWEST_MESSAGE) return findingBlocks(findings, width)
  // On a terminal the MESSAGE column is folded to fit (-o wide and pipes keep each message on one line).
  return plainTableLines(columns, findings, undefined, width ? {width, shrink: [[3, 30]], fold: [3]} : undefined)
}

/** The columns left for MESSAGE once SEVERITY, RULE and WHERE have their widest cells (and the space before MESSAGE). */
const messageRoom = (findings: LintFinding[], width: number): number => width - columnWidths(columns.slice(0, -1), findings).total - 3

/**
 * A narrow terminal's findings: `severity rule where` on one line, the message folded under it
 * (lint's text format without the fix), so that a message keeps most of the width.
 */
function* findingBlocks(findings: LintFinding[], width: number): Generator<string> {
  for (const f of findings) {
    yield foldText(columns.slice(0, -1).map((c) => c.value(f)).filter((v) => v !== '').join(' '), width)
    for (const line of foldText(f.message, Math.max(width - 2, 20)).split('\n')) yield `  ${line}`
  }
}

/** The same findings as a Markdown table, a line at a time. */
export function findingsMarkdownLines(findings: LintFinding[]): Iterable<string> {
  return markdownTableLines(columns, findings)
}
