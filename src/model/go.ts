/** Small, exact reproductions of Go standard-library behaviour the controller's texts depend on. */

const PRINTABLE_ESCAPES: Record<string, string> = {
  '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '\\': '\\\\', '"': '\\"',
}

/** Go's `%q` / `strconv.Quote` for a string (printable Unicode kept, control characters escaped). */
export function goQuote(value: string): string {
  let out = '"'
  for (const ch of value) {
    const esc = PRINTABLE_ESCAPES[ch]
    if (esc) {
      out += esc
      continue
    }
    const cp = ch.codePointAt(0) ?? 0
    if (cp < 0x20 || cp === 0x7f) out += '\\x' + cp.toString(16).padStart(2, '0')
    else if (cp >= 0x80 && cp < 0xa0) out += '\\u' + cp.toString(16).padStart(4, '0')
    else out += ch
  }
  return out + '"'
}

const TRUE_VALUES = new Set(['1', 't', 'T', 'TRUE', 'true', 'True'])
const FALSE_VALUES = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False'])

/** `strconv.ParseBool`: `undefined` when the text is not one of the accepted spellings. */
export function goParseBool(value: string): boolean | undefined {
  if (TRUE_VALUES.has(value)) return true
  if (FALSE_VALUES.has(value)) return false
  return undefined
}

/** `strings.TrimSpace` (ASCII and Unicode white space). */
export function goTrimSpace(value: string): string {
  return value.replace(/^[\s\u0085]+|[\s\u0085]+$/gu, '')
}

/** Locale-free, stable string comparison for deterministic output. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
