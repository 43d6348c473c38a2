/**
 * Plain data (the JSON reports) as block YAML, exactly as the yaml package's `stringify(value,
 * {lineWidth: 0})` writes it, at a fraction of its cost: the yaml package builds a document of nodes
 * for every value and takes about 45 s for a 200k-resource report. This writer covers what those
 * reports hold (records, arrays, single-line strings, safe integers, booleans, null) and returns
 * undefined for anything else (a multi-line or control-character string, another number, undefined,
 * an object seen twice, which yaml writes with an anchor, an unusual key), so that the caller uses
 * the yaml package for that value. test/render/block-yaml.test.ts compares the two on every fixture's
 * report and on generated strings.
 */

/** Not plain: yaml's own test for a plain scalar that would read back differently or not parse. */
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/
/** Plain text that the YAML 1.2 core schema reads as null, a boolean, an integer or a float. */
const CORE_TAGGED = [
  /^(?:~|[Nn]ull|NULL)?$/,
  /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
  /^0o[0-7]+$/,
  /^[-+]?[0-9]+$/,
  /^0x[0-9a-fA-F]+$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
]
/** Line breaks, control characters and lone surrogates: yaml double-quotes and escapes those. */
const UNUSUAL = /[\n\r\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]/
/** The first characters of the texts CORE_TAGGED matches (besides the empty one). */
const TAG_START = /^[~nNtTfF0-9+\-.]/
/** Keys written plain without a second thought: no quoting, no explicit-key form. */
const SIMPLE_KEY = /^[A-Za-z_][A-Za-z0-9_./-]*(?::[A-Za-z0-9_./-]+)*$/

/** CORE_TAGGED in one expression (each alternative is anchored at both ends). */
const ANY_TAGGED = new RegExp(CORE_TAGGED.map((re) => `(?:${re.source})`).join('|'))
const tagged = (s: string) => s === '' || (TAG_START.test(s) && ANY_TAGGED.test(s))

/**
 * Short strings recur (keys, outcomes, regions, sources): their text is kept, up to a bound. Only
 * what the writer covers is kept; anything else is looked at again and left to yaml each time.
 */
const SHORT = 64
const KEPT = 50_000
const keptScalars = new Map<string, string>()
const keptKeys = new Set<string>()

/** A single-line string as yaml writes it in block context: plain, 'single' or "double" quoted. */
function scalarString(s: string): string | undefined {
  const kept = keptScalars.get(s)
  if (kept !== undefined) return kept
  const text = quoted(s)
  if (text !== undefined && s.length <= SHORT && keptScalars.size < KEPT) keptScalars.set(s, text)
  return text
}

/** A key this writer writes plain. */
function simpleKey(key: string): boolean {
  if (keptKeys.has(key)) return true
  if (!SIMPLE_KEY.test(key) || tagged(key) || key.length > 1000) return false
  if (keptKeys.size < KEPT) keptKeys.add(key)
  return true
}

function quoted(s: string): string | undefined {
  // A document marker at the start of a line may turn into a block scalar in yaml.
  if (UNUSUAL.test(s) || s.startsWith('---') || s.startsWith('...')) return undefined
  if (!NOT_PLAIN.test(s) && !tagged(s)) return s
  const hasDouble = s.includes('"')
  if (hasDouble && !s.includes("'")) return `'${s}'`
  return JSON.stringify(s)
}

function scalar(value: unknown): string | undefined {
  if (value === null) return 'null'
  switch (typeof value) {
    case 'string': return scalarString(value)
    case 'boolean': return value ? 'true' : 'false'
    case 'number': return Number.isSafeInteger(value) && !Object.is(value, -0) ? String(value) : undefined
    default: return undefined
  }
}

const isRecord = (v: object): v is Record<string, unknown> => {
  const proto = Object.getPrototypeOf(v)
  return (proto === Object.prototype || proto === null) && typeof (v as {toJSON?: unknown}).toJSON !== 'function'
}

/** Thrown inside the walk when a value is outside what this writer covers. */
const UNCOVERED = Symbol('uncovered')

class Writer {
  private readonly seen = new Set<object>()

  /** An object or array as yaml writes it, its first line indented too; [] and {} for empty ones. */
  collection(value: object, indent: string): string {
    if (this.seen.has(value)) throw UNCOVERED
    this.seen.add(value)
    if (Array.isArray(value)) return value.length === 0 ? '[]' : this.sequence(value, indent)
    if (!isRecord(value)) throw UNCOVERED
    const keys = Object.keys(value)
    return keys.length === 0 ? '{}' : this.mapping(value, keys, indent)
  }

  private sequence(items: unknown[], indent: string): string {
    let out = ''
    for (let i = 0; i < items.length; i++) {
      const item = items[i]
      out += `${i === 0 ? '' : '\n'}${indent}- ${this.nested(item, `${indent}  `)}`
    }
    return out
  }

  private mapping(record: Record<string, unknown>, keys: string[], indent: string): string {
    let out = ''
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]
      if (!simpleKey(key)) throw UNCOVERED
      const value = record[key]
      out += `${i === 0 ? '' : '\n'}${indent}${key}:`
      if (value !== null && typeof value === 'object') {
        const inner = this.collection(value, `${indent}  `)
        out += inner === '[]' || inner === '{}' ? ` ${inner}` : `\n${inner}`
      } else out += ` ${this.scalarOrThrow(value)}`
    }
    return out
  }

  /** A sequence item after its `- `: a scalar, or a collection whose first line follows the dash. */
  private nested(value: unknown, indent: string): string {
    if (value === null || typeof value !== 'object') return this.scalarOrThrow(value)
    const inner = this.collection(value, indent)
    return inner === '[]' || inner === '{}' ? inner : inner.slice(indent.length)
  }

  private scalarOrThrow(value: unknown): string {
    const text = scalar(value)
    if (text === undefined) throw UNCOVERED
    return text
  }
}

/**
 * `stringify(value, {lineWidth: 0})` of the yaml package for a record or an array, every line
 * indented by `indent` (as yaml writes the value nested that deep), or undefined when unsure.
 */
export function blockYaml(value: unknown, indent = ''): string | undefined {
  if (value === null || typeof value !== 'object') return undefined
  try {
    const text = new Writer().collection(value, indent)
    return text === '[]' || text === '{}' ? `${indent}${text}\n` : `${text}\n`
  } catch (error) {
    if (error === UNCOVERED) return undefined
    throw error
  }
}
