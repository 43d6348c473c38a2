import Table from 'cli-table3'

/** A column is a header and a function of the row (pluto's shape): formats are column lists over one row type. */
export interface Column<T> {
  header: string
  value: (row: T) => string
}

const PLAIN = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '   ',
}

/** Above this many rows the table is laid out linearly: cli-table3's layout grows quadratically with rows. */
export const CLI_TABLE_MAX_ROWS = 1000

/**
 * kubectl-style plain columns: upper-case headers, no borders, three spaces between columns.
 * Small tables go through cli-table3; large ones (a 200k-resource cluster) are padded in one pass
 * with the same result for single-line cells (`linearTable`, checked against cli-table3 in a test).
 */
export function plainTable<T>(columns: Column<T>[], rows: T[], paintHeader: (s: string) => string = (s) => s): string {
  const header = columns.map((c) => paintHeader(c.header))
  const cells = rows.map((row) => columns.map((c) => c.value(row)))
  if (cells.length > CLI_TABLE_MAX_ROWS && !cells.some((r) => r.some((v) => v.includes('\n')))) return linearTable([header, ...cells])
  const table = new Table({chars: PLAIN, style: {head: [], border: [], 'padding-left': 0, 'padding-right': 0}})
  table.push(header)
  for (const row of cells) table.push(row)
  return table.toString().split('\n').map((l) => l.replace(/\s+$/, '')).join('\n')
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g
const visible = (s: string) => [...s.replace(ANSI, '')].length

/** Single-line cells padded to each column's widest cell, three spaces apart, trailing spaces trimmed: O(cells). */
export function linearTable(lines: string[][]): string {
  const widths: number[] = []
  for (const line of lines) line.forEach((v, i) => { widths[i] = Math.max(widths[i] ?? 0, visible(v)) })
  const out: string[] = []
  for (const line of lines) {
    let text = ''
    line.forEach((v, i) => {
      text += i === 0 ? v : `   ${v}`
      if (i < line.length - 1) text += ' '.repeat(widths[i] - visible(v))
    })
    out.push(text.replace(/\s+$/, ''))
  }
  return out.join('\n')
}

/** GitHub-flavoured Markdown table; `|` in cells is escaped. */
export function markdownTable<T>(columns: Column<T>[], rows: T[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ')
  const lines = [`| ${columns.map((c) => esc(c.header)).join(' | ')} |`, `|${columns.map(() => '---').join('|')}|`]
  for (const row of rows) lines.push(`| ${columns.map((c) => esc(c.value(row))).join(' | ')} |`)
  return lines.join('\n')
}
