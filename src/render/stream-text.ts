/**
 * Large reports as a sequence of text pieces instead of one string: JSON.stringify and the yaml
 * package build the whole text at once, which fails past V8's string limit (about 512 MiB, some
 * 350k resources with their explanations) and holds it all in memory. The pieces join to exactly
 * the text `JSON.stringify(value, null, 2)` (or `stringify(value, {lineWidth: 0})` of yaml) gives.
 * An iterable that is not an array (a generator) is written as an array, one element at a time.
 */

const isWalkable = (v: unknown): v is object =>
  v !== null && typeof v === 'object' && typeof (v as {toJSON?: unknown}).toJSON !== 'function'

const isSequence = (v: object): v is Iterable<unknown> => Array.isArray(v) || (Symbol.iterator in v && typeof v !== 'string')

/** JSON.stringify skips these object members. */
const skipped = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol'

/** Elements stringified together per piece: large enough to amortise the call, small enough to stay a few hundred KiB. */
const BATCH = 128

/**
 * `elements` as `JSON.stringify(…, null, 2)` writes them inside an array `level` levels deep (every
 * line after the first indented by 2 x level spaces), joined by `,` and a new line: the array
 * stringified inside `level - 1` more arrays and cut out, which is faster than indenting the text
 * afterwards. The wrappers add `level² + level` characters of `[` lines before the first element
 * (plus its own `2 x level` spaces) and as many of `]` lines after the last. JSON.stringify writes
 * undefined, functions and symbols in an array as null.
 */
export function indentedElements(elements: unknown[], level: number): string {
  let wrapped: unknown = elements
  for (let i = 1; i < level; i++) wrapped = [wrapped]
  const text = JSON.stringify(wrapped, null, 2)
  return text.slice(level * level + 3 * level, text.length - (level * level + level))
}

/** One value as `JSON.stringify(value, null, 2)` writes it `level` levels deep. */
const indented = (value: unknown, level: number): string =>
  level === 0 ? JSON.stringify(value, null, 2) ?? 'null' : indentedElements([value], level)

/**
 * A lazy sequence that writes its own elements' JSON: `[JSON_ELEMENTS](level)` gives each element's
 * text as `JSON.stringify(…, null, 2)` writes it inside an array `level` levels deep (see
 * indentedElements). For a list whose elements share most of their text, which a writer of its own
 * can reuse instead of stringifying it again for every element.
 */
export const JSON_ELEMENTS = Symbol('ackctl.jsonElements')
export interface WritesJsonElements {
  [JSON_ELEMENTS](level: number): Iterable<string>
}

const writesOwnElements = (v: object): v is WritesJsonElements => JSON_ELEMENTS in v

/** `JSON.stringify(value, null, 2)` in pieces; the first `depth` levels of arrays and objects are walked. */
export function* jsonPieces(value: unknown, depth = 2, indent = ''): Generator<string> {
  if (depth === 0 || !isWalkable(value)) {
    yield indented(value, indent.length / 2)
    return
  }
  const inner = `${indent}  `
  if (depth === 1 && writesOwnElements(value)) {
    let first = true
    for (const text of value[JSON_ELEMENTS](inner.length / 2)) {
      yield `${first ? '[\n' : ',\n'}${inner}${text}`
      first = false
    }
    yield first ? '[]' : `\n${indent}]`
    return
  }
  if (isSequence(value) && depth === 1) {
    // Leaves: stringified BATCH at a time (one native call per batch instead of per element).
    let first = true
    let batch: unknown[] = []
    const flush = () => {
      const text = `${first ? '[\n' : ',\n'}${inner}${indentedElements(batch, inner.length / 2)}`
      first = false
      batch = []
      return text
    }
    for (const element of value) {
      batch.push(element)
      if (batch.length === BATCH) yield flush()
    }
    if (batch.length > 0) yield flush()
    yield first ? '[]' : `\n${indent}]`
    return
  }
  if (isSequence(value)) {
    let first = true
    for (const element of value) {
      yield first ? `[\n${inner}` : `,\n${inner}`
      first = false
      yield* jsonPieces(skipped(element) ? null : element, depth - 1, inner)
    }
    yield first ? '[]' : `\n${indent}]`
    return
  }
  let first = true
  for (const [key, member] of Object.entries(value)) {
    if (skipped(member)) continue
    yield `${first ? '{\n' : ',\n'}${inner}${JSON.stringify(key)}: `
    first = false
    yield* jsonPieces(member, depth - 1, inner)
  }
  yield first ? '{}' : `\n${indent}}`
}

/**
 * `JSON.stringify(value, null, 2)` and a newline, as `this.log` would print it; `depth`: how many
 * levels of arrays and objects are walked before the leaves are stringified (the large list's level).
 */
export function* jsonDocument(value: unknown, depth = 2): Generator<string> {
  yield* jsonPieces(value, depth)
  yield '\n'
}

/**
 * `stringify(record, {lineWidth: 0})` of the yaml package for a top-level record whose large
 * members are sequences: each element is rendered on its own (`yamlOf([element])`, then indented
 * as yaml indents a block sequence under a key). `yamlOf` is the yaml package's stringify, passed
 * in so that this module stays free of it; `fast`, when given, writes the same text as `yamlOf`
 * with every line indented (block-yaml.ts), or returns undefined to leave a value to `yamlOf`.
 */
export function* yamlPieces(
  record: Record<string, unknown>, yamlOf: (value: unknown) => string, fast?: (value: unknown, indent: string) => string | undefined,
): Generator<string> {
  const text = (value: unknown) => fast?.(value, '') ?? yamlOf(value)
  for (const [key, member] of Object.entries(record)) {
    if (skipped(member)) continue
    if (member === null || typeof member !== 'object' || !isSequence(member)) {
      yield text({[key]: member})
      continue
    }
    let any = false
    for (const element of member) {
      // `key:` as yaml writes it, then each element as yaml indents a block sequence under a key.
      if (!any) yield text({[key]: []}).replace(/ \[\]\n$/, '\n')
      any = true
      yield fast?.([element], '  ') ?? yamlOf([element]).replace(/^(?=.)/gm, '  ')
    }
    if (!any) yield text({[key]: []})
  }
}
