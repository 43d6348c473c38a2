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

/** kubectl-style plain columns: upper-case headers, no borders, three spaces between columns. */
export function plainTable<T>(columns: Column<T>[], rows: T[], paintHeader: (s: string) => string = (s) => s): string {
  const table = new Table({chars: PLAIN, style: {head: [], border: [], 'padding-left': 0, 'padding-right': 0}})
  table.push(columns.map((c) => paintHeader(c.header)))
  for (const row of rows) table.push(columns.map((c) => c.value(row)))
  return table.toString().split('\n').map((l) => l.replace(/\s+$/, '')).join('\n')
}

/** GitHub-flavoured Markdown table; `|` in cells is escaped. */
export function markdownTable<T>(columns: Column<T>[], rows: T[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ')
  const lines = [`| ${columns.map((c) => esc(c.header)).join(' | ')} |`, `|${columns.map(() => '---').join('|')}|`]
  for (const row of rows) lines.push(`| ${columns.map((c) => esc(c.value(row))).join(' | ')} |`)
  return lines.join('\n')
}
