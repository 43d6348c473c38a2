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

/** Above this many rows the table is laid out linearly even with wide characters: cli-table3's layout grows quadratically with rows. */
export const CLI_TABLE_MAX_ROWS = 1000

/**
 * kubectl-style plain columns: upper-case headers, no borders, three spaces between columns.
 * Single-line cells of characters one column wide (ASCII and the symbols ackctl prints) are padded in
 * one pass (`linearTable`), with exactly cli-table3's result (checked in a test): that is every table of
 * a usual run, and cli-table3's layout costs a tenth of a small command's start-up and grows
 * quadratically with rows. Other tables go through cli-table3 (it measures wide characters and lays
 * out multi-line cells), up to CLI_TABLE_MAX_ROWS rows.
 */
export function plainTable<T>(columns: Column<T>[], rows: T[], paintHeader: (s: string) => string = (s) => s, fit?: Fit): string {
  return [...plainTableLines(columns, rows, paintHeader, fit)].join('\n')
}

/** plainTable's lines one at a time: a large table is written as it is laid out, never as one string. */
export function plainTableLines<T>(columns: Column<T>[], rows: T[], paintHeader: (s: string) => string = (s) => s, fit?: Fit): Iterable<string> {
  const header = columns.map((c) => paintHeader(c.header))
  const cells = rows.map((row) => columns.map((c) => c.value(row)))
  if (fit) fitCells(cells, header, fit)
  const lines = [header, ...cells]
  if (lines.some((r) => r.some((v) => v.includes('\n')))) return cliTable3Layout(lines).split('\n')
  if (cells.length > CLI_TABLE_MAX_ROWS || lines.every((r) => r.every(isNarrow))) return linearLines(lines)
  return cliTable3Layout(lines).split('\n')
}

/** cli-table3's layout of the same plain columns (the reference `linearTable` is tested against). */
export function cliTable3Layout(lines: string[][]): string {
  const table = new Table({chars: PLAIN, style: {head: [], border: [], 'padding-left': 0, 'padding-right': 0}})
  for (const line of lines) table.push(line)
  return table.toString().split('\n').map((l) => l.trimEnd()).join('\n')
}

// Printable ASCII and the non-ASCII symbols ackctl prints in tables: each is one terminal column.
const NARROW = /^[\x20-\x7e\u2026\u2260\u2420\u00a7\u00b2]*$/
const isNarrow = (v: string) => NARROW.test(v.replace(ANSI, ''))

/**
 * Fit a table into a terminal: `width` columns of text; the columns in `shrink`, as [index, narrowest],
 * give way in that order (a column never gets narrower than its header).
 */
export interface Fit {
  width: number
  shrink: Array<[number, number]>
  /** Columns whose long cells are folded over several lines (at spaces) instead of cut. */
  fold?: number[]
}

/**
 * Cuts long single-line cells of the shrinkable columns (with `…`) until rows fit `fit.width`, as far as
 * MIN_SHRUNK allows; painted (ANSI) and multi-line cells are left whole. Mutates `cells`.
 */
function fitCells(cells: string[][], header: string[], fit: Fit): void {
  // A loop, not Math.max(...column): a spread of 200k cells overflows the call stack.
  const widths = header.map(visible)
  for (const row of cells) row.forEach((v, i) => { widths[i] = Math.max(widths[i], visible(v)) })
  let excess = widths.reduce((a, b) => a + b, 0) + 3 * (widths.length - 1) - fit.width
  for (const [i, narrowest] of fit.shrink) {
    if (excess <= 0) break
    const target = Math.max(narrowest, visible(header[i]), widths[i] - excess)
    if (target >= widths[i]) continue
    excess -= widths[i] - target
    widths[i] = target
    const fold = fit.fold?.includes(i) ?? false
    for (const row of cells) {
      const v = row[i]
      if (v.includes('\n') || v !== v.replace(ANSI, '') || visible(v) <= target) continue
      row[i] = fold ? foldText(v, target) : `${[...v].slice(0, target - 1).join('')}\u2026`
    }
  }
}

/** The width of each column as a plain table lays it out (its header or its widest cell), and the table's. */
export function columnWidths<T>(columns: Column<T>[], rows: T[]): {widths: number[]; total: number} {
  const widths = columns.map((c) => visible(c.header))
  for (const row of rows) columns.forEach((c, i) => { widths[i] = Math.max(widths[i], visible(c.value(row))) })
  return {widths, total: widths.reduce((a, b) => a + b, 0) + 3 * (widths.length - 1)}
}

/**
 * Text folded into lines of at most `width` characters, at spaces where it can, hard where a word is
 * longer. Linear: each word is measured once (200k findings are folded on a terminal).
 */
export function foldText(text: string, width: number): string {
  const lines: string[] = []
  let line = ''
  let used = 0
  for (const word of text.split(' ')) {
    let w = word
    let size = visible(word)
    if (size > width) {
      if (line !== '') {
        lines.push(line)
        line = ''
        used = 0
      }
      const chars = [...word]
      let at = 0
      for (; chars.length - at > width; at += width) lines.push(chars.slice(at, at + width).join(''))
      w = chars.slice(at).join('')
      size = chars.length - at
    }
    if (line === '') {
      line = w
      used = size
    } else if (used + 1 + size <= width) {
      line += ` ${w}`
      used += 1 + size
    } else {
      lines.push(line)
      line = w
      used = size
    }
  }
  if (line !== '') lines.push(line)
  return lines.join('\n')
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g

/** Characters as a terminal counts them (code points, ANSI colours left out), without splitting the text. */
function visible(s: string): number {
  const plain = s.includes('\u001b') ? s.replace(ANSI, '') : s
  let n = plain.length
  for (let i = 0; i < plain.length; i++) {
    const c = plain.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff) n-- // the first half of a surrogate pair: one code point for two units
  }
  return n
}

/** Single-line cells padded to each column's widest cell, three spaces apart, trailing spaces trimmed: O(cells). */
export function linearTable(lines: string[][]): string {
  return [...linearLines(lines)].join('\n')
}

function* linearLines(lines: string[][]): Generator<string> {
  const widths: number[] = []
  for (const line of lines) line.forEach((v, i) => { widths[i] = Math.max(widths[i] ?? 0, visible(v)) })
  for (const line of lines) {
    let text = ''
    line.forEach((v, i) => {
      text += i === 0 ? v : `   ${v}`
      if (i < line.length - 1) text += ' '.repeat(widths[i] - visible(v))
    })
    // trimEnd, not replace(/\s+$/): the regular expression retries every run of padding (quadratic in it).
    yield text.trimEnd()
  }
}

/** Lines as text pieces of `perPiece` lines, each line ended by a newline: what a stream writer is given. */
export function* linePieces(lines: Iterable<string>, perPiece = 512): Generator<string> {
  let batch: string[] = []
  for (const line of lines) {
    batch.push(line)
    if (batch.length === perPiece) {
      yield `${batch.join('\n')}\n`
      batch = []
    }
  }
  if (batch.length > 0) yield `${batch.join('\n')}\n`
}

/** GitHub-flavoured Markdown table; `|` in cells is escaped. */
export function markdownTable<T>(columns: Column<T>[], rows: Iterable<T>): string {
  return [...markdownTableLines(columns, rows)].join('\n')
}

/** The same table line by line. */
export function* markdownTableLines<T>(columns: Column<T>[], rows: Iterable<T>): Generator<string> {
  const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ')
  yield `| ${columns.map((c) => esc(c.header)).join(' | ')} |`
  yield `|${columns.map(() => '---').join('|')}|`
  for (const row of rows) yield `| ${columns.map((c) => esc(c.value(row))).join(' | ')} |`
}
