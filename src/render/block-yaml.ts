/**
 * Plain data (the JSON reports) as block YAML, exactly as the yaml package's `stringify(value,
 * {lineWidth: 0})` writes it, at a fraction of its cost: the yaml package builds a document of nodes
 * for every value and took 45 to 90 s for a 200k-resource report. This writer covers what those
 * reports hold (records, arrays, single-line strings, safe integers, booleans, null) and returns
 * undefined for anything else (a multi-line or control-character string, another number, undefined,
 * an object seen twice, which yaml writes with an anchor, an unusual key), so that the caller uses
 * the yaml package for that value. Which plain texts need quotes comes from the yaml package's own
 * schema (`writerForSchema`). test/render/block-yaml.test.ts compares the two on every fixture's
 * report and object and on generated strings.
 */

/** Not plain: yaml's own test for a plain scalar that would read back differently or not parse. */
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/
/** Line breaks, control characters and lone surrogates: yaml double-quotes and escapes those. */
const UNUSUAL = /[\n\r\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]/
/** Keys written plain without a second thought: no quoting, no explicit-key form. */
const SIMPLE_KEY = /^[A-Za-z_][A-Za-z0-9_./-]*(?::[A-Za-z0-9_./-]+)*$/

/**
 * Short strings recur (keys, outcomes, regions, sources): their text is kept, up to a bound. Only
 * what the writer covers is kept; anything else is looked at again and left to yaml each time.
 */
const SHORT = 64
const KEPT = 50_000

/** How one YAML schema writes single-line strings and keys; `tagged` says whether plain text would read as another type. */
class Scalars {
  private readonly kept = new Map<string, string>()
  private readonly keys = new Set<string>()

  constructor(private readonly tagged: (s: string) => boolean) {}

  /** A scalar as yaml writes it in block context, or undefined when this writer leaves it to yaml. */
  scalar(value: unknown): string | undefined {
    if (value === null) return 'null'
    switch (typeof value) {
      case 'string': return this.string(value)
      case 'boolean': return value ? 'true' : 'false'
      case 'number': return Number.isSafeInteger(value) && !Object.is(value, -0) ? String(value) : undefined
      default: return undefined
    }
  }

  /** A key this writer writes plain. */
  simpleKey(key: string): boolean {
    if (this.keys.has(key)) return true
    if (!SIMPLE_KEY.test(key) || this.tagged(key) || key.length > 1000) return false
    if (this.keys.size < KEPT) this.keys.add(key)
    return true
  }

  /** A single-line string: plain, 'single' or "double" quoted. */
  private string(s: string): string | undefined {
    const kept = this.kept.get(s)
    if (kept !== undefined) return kept
    const text = this.quoted(s)
    if (text !== undefined && s.length <= SHORT && this.kept.size < KEPT) this.kept.set(s, text)
    return text
  }

  private quoted(s: string): string | undefined {
    // A document marker at the start of a line may turn into a block scalar in yaml.
    if (UNUSUAL.test(s) || s.startsWith('---') || s.startsWith('...')) return undefined
    if (!NOT_PLAIN.test(s) && !this.tagged(s)) return s
    if (s.includes('"') && !s.includes("'")) return `'${s}'`
    return JSON.stringify(s)
  }
}

/** Whether plain text matches one of `tests`, joined into one expression (it matches where one of them does). */
function taggedBy(tests: readonly RegExp[]): (s: string) => boolean {
  const any = new RegExp(tests.map((re) => `(?:${re.source})`).join('|'))
  return (s) => any.test(s)
}

const isRecord = (v: object): v is Record<string, unknown> => {
  const proto = Object.getPrototypeOf(v)
  return (proto === Object.prototype || proto === null) && typeof (v as {toJSON?: unknown}).toJSON !== 'function'
}

/** Thrown inside the walk when a value is outside what this writer covers. */
const UNCOVERED = Symbol('uncovered')

class Writer {
  private readonly seen = new Set<object>()

  constructor(private readonly scalars: Scalars) {}

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
      if (!this.scalars.simpleKey(key)) throw UNCOVERED
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
    const text = this.scalars.scalar(value)
    if (text === undefined) throw UNCOVERED
    return text
  }
}

/** Writes a record or an array as `stringify(value, {lineWidth: 0})` would, every line indented by `indent`, or returns undefined. */
export type BlockYaml = (value: unknown, indent?: string) => string | undefined

/** A tag of a yaml package schema, as far as its string writer looks at it. */
interface SchemaTag {
  default?: boolean | string
  tag: string
  test?: RegExp
}

/**
 * The writer for one schema of the yaml package (`new Document(null, {version}).schema`): a plain text
 * is quoted where a default tag other than `str` would read it, as the yaml package's own string
 * writer decides (`yes`, `0777` and dates under YAML 1.1; `true`, `12`, `~` under 1.2). The merge key
 * `<<` is no such case: yaml writes it plain. Undefined, so that the yaml package writes everything,
 * if a tag's test carries flags or back-references that one combined expression would lose.
 */
export function writerForSchema(schema: {tags: readonly SchemaTag[]; compat?: readonly SchemaTag[] | null}): BlockYaml | undefined {
  const tests = [...schema.tags, ...(schema.compat ?? [])]
    .filter((t) => t.default && t.tag !== 'tag:yaml.org,2002:str' && t.tag !== 'tag:yaml.org,2002:merge' && t.test)
    .map((t) => t.test!)
  if (!tests.every((re) => re.flags === '' && !/\\[1-9]/.test(re.source))) return undefined
  const scalars = new Scalars(taggedBy(tests))
  return (value, indent = '') => {
    if (value === null || typeof value !== 'object') return undefined
    try {
      const text = new Writer(scalars).collection(value, indent)
      return text === '[]' || text === '{}' ? `${indent}${text}\n` : `${text}\n`
    } catch (error) {
      if (error === UNCOVERED) return undefined
      throw error
    }
  }
}
