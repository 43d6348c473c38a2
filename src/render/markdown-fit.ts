/**
 * Markdown that GitHub must accept whole: a step's job summary is dropped entirely past 1 MiB
 * ("upload aborted, supports content up to a size of 1024k"), a pull-request comment is refused past
 * 65,536 characters. Cut texts keep their head and as many table rows as fit, and say what they leave out.
 */

/** What GitHub accepts as one step's job summary. */
export const STEP_SUMMARY_BYTES = 1024 * 1024

/** Room kept for the lines that close a cut text (a `</details>`, the note saying what is left out). */
const CLOSING = 400

const bytes = (lines: readonly string[]) => lines.reduce((n, line) => n + Buffer.byteLength(line) + 1, 0)

/** Whether lines (each with its newline) take at most `limit` bytes of UTF-8; stops counting past it. */
function fitsWithin(lines: Iterable<string>, limit: number): boolean {
  let used = 0
  for (const line of lines) {
    used += Buffer.byteLength(line) + 1
    if (used > limit) return false
  }
  return true
}

/** The budget a text is written under: none without a limit or when its whole lines fit (a text that fits is never cut). */
export function budgetFor(limit: number | undefined, whole: () => Iterable<string>): ByteBudget | undefined {
  return limit === undefined || fitsWithin(whole(), limit) ? undefined : new ByteBudget(limit)
}

/** A budget for a text that does not fit whole: the bytes (UTF-8, each line with its newline) it may still take. */
export class ByteBudget {
  private used = 0

  constructor(readonly limit: number) {}

  /** Counts lines that are written whatever the budget (a text's head). */
  spend(lines: readonly string[]): void {
    this.used += bytes(lines)
  }

  /** Counts the lines and says yes when they fit, with room left to close the text; else counts nothing. */
  take(lines: readonly string[]): boolean {
    const size = bytes(lines)
    if (this.used + size > this.limit - CLOSING) return false
    this.used += size
    return true
  }
}

/**
 * A titled Markdown table under a budget: the title and the table's two header lines come only with
 * the first row that fits, then rows while they fit. `shown` counts the rows written; returns false
 * when a row was left out (the caller stops there and says so).
 */
export function* fitTable(title: readonly string[], table: Iterable<string>, budget: ByteBudget | undefined, shown: {rows: number}): Generator<string, boolean> {
  const lines = table[Symbol.iterator]()
  const head = [...title, lines.next().value as string, lines.next().value as string]
  let first = true
  for (let next = lines.next(); !next.done; next = lines.next()) {
    const row = next.value
    if (budget && !budget.take(first ? [...head, row] : [row])) return false
    if (first) yield* head
    first = false
    yield row
    shown.rows++
  }
  return true
}
