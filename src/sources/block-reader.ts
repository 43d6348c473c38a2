/**
 * A reader for the YAML that kubectl, Helm and most tools write: block mappings and sequences, plain
 * and quoted scalars (on one line, or folded over several as kubectl writes long strings), literal
 * block scalars, flow collections on one line (`{name: a}`, `[a, b]`), comments and document
 * markers, with LF or CRLF line ends. It gives what js-yaml gives with the YAML 1.2 core schema
 * (fast-yaml.ts), about twice as fast on a large dump (and, where js-yaml departs from YAML and the
 * yaml package, what the yaml package gives: an empty `-` entry is null, not a reason to read the
 * next entries into it); anything else (folded `>` or kept `|+` blocks, a tab that indents, keys
 * that are not strings, duplicate keys, empty documents, a carriage return alone, characters YAML
 * forbids) makes it give up, and the caller parses the text with js-yaml instead. It never reports
 * an error of its own: the slower parsers do, with their positions.
 */

// YAML 1.2 core schema integers and floats, as the yaml package resolves plain scalars (js-yaml's own
// also read 0b binary, signed hex and underscores, which YAML 1.2 keeps as strings).
export const INT = /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/
export const FLOAT = /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/
export const NULL = /^(?:~|null|Null|NULL)$/
export const BOOL = /^(?:true|True|TRUE|false|False|FALSE)$/

export function constructInt(data: string): number {
  return data.startsWith('0o') ? parseInt(data.slice(2), 8) : data.startsWith('0x') ? parseInt(data.slice(2), 16) : Number(data)
}

export function constructFloat(data: string): number {
  const lower = data.toLowerCase()
  if (lower.endsWith('.inf')) return data.startsWith('-') ? -Infinity : Infinity
  if (lower === '.nan') return NaN
  return Number(data)
}

const KEY_CACHE_SIZE = 1024

/**
 * Collections nested deeper than this are left to the other parsers (which refuse or report them):
 * Kubernetes objects stay far below it, and the reader recurses once per level.
 */
const MAX_DEPTH = 256

/**
 * A character YAML does not allow in a stream (js-yaml's own test): such a text is an error, which
 * js-yaml reports.
 */
const NON_PRINTABLE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/

/** A carriage return that is not part of a CRLF line break: a line break to a YAML parser, not to the line scans. */
export const LONE_CR = /\r(?!\n)/

/** YAML's one-character escapes in double quotes, and what they stand for (`\x`, `\u`, `\U` take digits). */
const ESCAPES = new Map(Object.entries({
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ', '"': '"', '/': '/',
  '\\': '\\', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029',
}))

/** Thrown to give up; caught once, by readBlockYaml. */
class GiveUp {}
const GIVE_UP = new GiveUp()

const SPACE = 0x20
const CR = 0x0d
const TAB = 0x09
const HASH = 0x23
const DASH = 0x2d
const DOT = 0x2e
const COLON = 0x3a
const DQUOTE = 0x22
const SQUOTE = 0x27
const BACKSLASH = 0x5c
const PIPE = 0x7c
const COMMA = 0x2c
const LBRACKET = 0x5b
const RBRACKET = 0x5d
const LBRACE = 0x7b
const RBRACE = 0x7d

/** Flow indicators: `,[]{}`. */
const FLOW = new Uint8Array(128)
for (const c of ',[]{}') FLOW[c.charCodeAt(0)] = 1

/**
 * Characters that start something other than a plain scalar in block context, or a plain scalar this
 * reader leaves to js-yaml: `-?:,[]{}#&*!|>'"%@` and the backquote (flow collections and quoted
 * scalars are read where a value may start).
 */
const INDICATOR = new Uint8Array(128)
for (const c of '-?:,[]{}#&*!|>\'"%@`') INDICATOR[c.charCodeAt(0)] = 1

/**
 * The documents of `text`, or undefined when this reader gives up on it.
 */
export function readBlockYaml(text: string): unknown[] | undefined {
  if ((text.includes('\r') && LONE_CR.test(text)) || text.charCodeAt(0) === 0xfeff || NON_PRINTABLE.test(text)) return undefined
  try {
    return new Reader(text).documents()
  } catch (error) {
    // A stack too small for the text's nesting (the depth bound makes it unlikely): js-yaml and the
    // yaml package then say what they make of it.
    if (error === GIVE_UP || error instanceof RangeError) return undefined
    throw error
  }
}

const isBlank = (c: number) => c === SPACE || c === TAB

/** A scalar resolved by the core schema, from a plain scalar's text. */
function plainValue(s: string): unknown {
  const c = s.charCodeAt(0)
  // Only a digit, a sign, a dot, `~`, n, N, t, T, f or F can start a scalar that is not a string.
  if ((c >= 0x30 && c <= 0x39) || c === 0x2b || c === DASH || c === DOT) {
    if (INT.test(s)) return constructInt(s)
    if (FLOAT.test(s)) return constructFloat(s)
    return s
  }
  if (c === 0x7e || c === 0x6e || c === 0x4e) return NULL.test(s) ? null : s
  if (c === 0x74 || c === 0x54 || c === 0x66 || c === 0x46) return BOOL.test(s) ? c === 0x74 || c === 0x54 : s
  return s
}

class Reader {
  private readonly text: string
  private readonly length: number
  /** Offset of the current line's first character. */
  private pos = 0
  /** The current line's end (its `\n` or `\r\n`, or the text's end). */
  private end = 0
  /** The current line's `\n` (or the text's end). */
  private newline = 0
  /** Spaces before the current line's content. */
  private indent = 0
  /** Collections open around the current one (see MAX_DEPTH). */
  private depth = 0
  /** Keys met, by a hash of their first and last characters and length (see key). */
  private readonly keys: (string | undefined)[] = new Array(KEY_CACHE_SIZE).fill(undefined)

  constructor(text: string) {
    this.text = text
    this.length = text.length
  }

  documents(): unknown[] {
    const out: unknown[] = []
    this.line(0)
    for (;;) {
      this.skipEmpty()
      let explicit = false
      if (this.atMarker(DASH)) {
        explicit = true
        this.next()
        this.skipEmpty()
      }
      if (this.pos >= this.length) {
        // An empty document, or a text of comments alone: null documents to js-yaml, which the
        // caller refuses anyway.
        if (explicit || (out.length === 0 && this.length > 0)) throw GIVE_UP
        return out
      }
      if (this.atMarker(DASH) || this.atMarker(DOT)) throw GIVE_UP
      out.push(this.node(this.indent))
      this.skipEmpty()
      if (this.atMarker(DOT)) {
        this.next()
        this.skipEmpty()
        if (this.pos < this.length && !this.atMarker(DASH)) throw GIVE_UP
      } else if (this.pos < this.length && !this.atMarker(DASH)) {
        throw GIVE_UP
      }
    }
  }

  /** Makes the line starting at `pos` the current one. */
  private line(pos: number): void {
    const {text} = this
    this.pos = pos
    const newline = text.indexOf('\n', pos)
    this.newline = newline < 0 ? this.length : newline
    // A CRLF line ends before its carriage return.
    this.end = this.newline > pos && text.charCodeAt(this.newline - 1) === CR ? this.newline - 1 : this.newline
    let i = pos
    while (text.charCodeAt(i) === SPACE) i++
    this.indent = i - pos
  }

  private next(): void {
    this.line(this.newline + 1)
  }

  /**
   * Moves past blank and comment-only lines (a tab among the blanks of such a line is allowed; a tab
   * before content is not).
   */
  private skipEmpty(): void {
    const {text} = this
    while (this.pos < this.length) {
      let i = this.pos + this.indent
      let c = text.charCodeAt(i)
      if (c === TAB) {
        while (c === TAB || c === SPACE) c = text.charCodeAt(++i)
        if (i < this.end && c !== HASH) throw GIVE_UP
      }
      if (i < this.end && c !== HASH) return
      this.next()
    }
  }

  /** `---` or `...` at the start of the line, alone or followed by a blank or a comment. */
  private atMarker(c: number): boolean {
    const {text, pos} = this
    if (this.indent !== 0 || text.charCodeAt(pos) !== c || text.charCodeAt(pos + 1) !== c || text.charCodeAt(pos + 2) !== c) return false
    if (pos + 3 >= this.end) return true
    const after = text.charCodeAt(pos + 3)
    if (after === SPACE || after === TAB) {
      // Content after `---` on its line: the caller's check sends such a text elsewhere; be sure.
      let i = pos + 4
      while (text.charCodeAt(i) === SPACE || text.charCodeAt(i) === TAB) i++
      if (i < this.end && text.charCodeAt(i) !== HASH) throw GIVE_UP
      return true
    }
    return false
  }

  /** `-` followed by a blank or the line's end, at offset i. */
  private isEntry(i: number): boolean {
    if (this.text.charCodeAt(i) !== DASH) return false
    const after = this.text.charCodeAt(i + 1)
    return i + 1 >= this.end || after === SPACE
  }

  /** The block node whose content starts on the current line, at column `indent`. */
  private node(indent: number): unknown {
    if (++this.depth > MAX_DEPTH) throw GIVE_UP
    const start = this.pos + indent
    const value = this.isEntry(start) ? this.sequence(indent) : this.mapping(indent, start)
    this.depth--
    return value
  }

  /**
   * A block sequence whose entries start at column `indent`, the first on the current line.
   */
  private sequence(indent: number): unknown[] {
    const out: unknown[] = []
    const {text} = this
    for (;;) {
      // After the `-`: blanks, then the entry's content (or nothing on this line).
      let i = this.pos + indent + 1
      while (text.charCodeAt(i) === SPACE) i++
      if (text.charCodeAt(i) === TAB) throw GIVE_UP
      if (i >= this.end || text.charCodeAt(i) === HASH) {
        this.next()
        out.push(this.blockValue(indent, false))
      } else if (this.isEntry(i)) {
        throw GIVE_UP // `- - x`: a sequence in a sequence on one line
      } else if (text.charCodeAt(i) !== LBRACKET && text.charCodeAt(i) !== LBRACE && this.keyEnd(i) >= 0) {
        out.push(this.mapping(i - this.pos, i))
      } else {
        out.push(this.inlineValue(i, indent))
      }
      this.skipEmpty()
      if (this.pos >= this.length || this.indent < indent || this.atMarker(DASH) || this.atMarker(DOT)) return out
      if (this.indent > indent) throw GIVE_UP
      if (!this.isEntry(this.pos + indent)) return out
    }
  }

  /**
   * A block mapping whose keys start at column `indent`, the first at offset `start` of the current
   * line.
   */
  private mapping(indent: number, start: number): Record<string, unknown> {
    const out: Record<string, unknown> = {}
    const {text} = this
    let at = start
    for (;;) {
      const colon = this.keyEnd(at)
      if (colon < 0) throw GIVE_UP // a scalar where a key was due: multi-line or not YAML
      const key = this.key(at, colon)
      if (Object.hasOwn(out, key)) throw GIVE_UP
      let i = colon + 1
      while (text.charCodeAt(i) === SPACE) i++
      if (text.charCodeAt(i) === TAB) throw GIVE_UP
      if (i >= this.end || text.charCodeAt(i) === HASH) {
        this.next()
        out[key] = this.blockValue(indent, true)
      } else {
        out[key] = this.inlineValue(i, indent)
      }
      this.skipEmpty()
      if (this.pos >= this.length || this.indent < indent || this.atMarker(DASH) || this.atMarker(DOT)) return out
      if (this.indent > indent) throw GIVE_UP
      at = this.pos + indent
      if (this.isEntry(at)) throw GIVE_UP
    }
  }

  /**
   * The value of a key or entry with nothing after it on its line, read from the next lines: a node
   * indented more than `parent`, a sequence at the same column for a mapping's value, else null.
   */
  private blockValue(parent: number, ofKey: boolean): unknown {
    this.skipEmpty()
    if (this.pos >= this.length || this.atMarker(DASH) || this.atMarker(DOT)) return null
    if (this.indent > parent) return this.node(this.indent)
    if (ofKey && this.indent === parent && this.isEntry(this.pos + parent)) return this.sequence(parent)
    return null
  }

  /**
   * Offset of the `:` that ends the implicit key starting at `i` (a `:` followed by a space or the
   * line's end), or -1 when the line holds no key there. Gives up on a key that is not a plain
   * scalar of one line or a quoted one.
   */
  private keyEnd(i: number): number {
    const {text, end} = this
    const c = text.charCodeAt(i)
    if (c === DQUOTE || c === SQUOTE) {
      const close = this.quotedEnd(i, end)
      if (close < 0 || text.charCodeAt(close + 1) !== COLON) {
        // A quoted scalar alone (or one that goes on to the next lines) is a value; anything else
        // after it is left to js-yaml.
        return -1
      }
      const after = text.charCodeAt(close + 2)
      if (close + 2 < end && after !== SPACE) throw GIVE_UP
      return close + 1
    }
    if (c < 128 && INDICATOR[c] === 1) {
      // `-x`, `:x`, `?x` may start a plain scalar; leave them, and every other indicator, to js-yaml
      // where a key may be.
      if (this.plainHasKey(i)) throw GIVE_UP
      return -1
    }
    let tab = false
    for (let j = i; j < end; j++) {
      const d = text.charCodeAt(j)
      if (d === COLON) {
        const after = text.charCodeAt(j + 1)
        if (j + 1 >= end || after === SPACE) {
          if (tab) throw GIVE_UP // a tab in a key
          return j
        }
        if (after === TAB) throw GIVE_UP
      } else if (d === HASH && isBlank(text.charCodeAt(j - 1))) {
        return -1
      } else if (d === TAB) {
        tab = true
      }
    }
    return -1
  }

  /** Whether the line from `i` holds `: ` or ends with `:` before any comment. */
  private plainHasKey(i: number): boolean {
    const {text, end} = this
    for (let j = i; j < end; j++) {
      const d = text.charCodeAt(j)
      if (d === COLON && (j + 1 >= end || text.charCodeAt(j + 1) === SPACE || text.charCodeAt(j + 1) === TAB)) return true
      if (d === HASH && j > i && isBlank(text.charCodeAt(j - 1))) return false
    }
    return false
  }

  /** The key from offset `i` to its `:` at `colon`: a string, as js-yaml makes it. */
  private key(i: number, colon: number): string {
    const {text} = this
    const c = text.charCodeAt(i)
    if (c === DQUOTE || c === SQUOTE) {
      const key = this.quoted(i, colon - 1)
      if (key === '__proto__') throw GIVE_UP
      return key
    }
    let last = colon
    while (text.charCodeAt(last - 1) === SPACE) last--
    // A dump repeats a few dozen keys a million times: a key seen before is taken from a small cache
    // (compared in place) rather than cut from the text again.
    const slot = (c * 31 + text.charCodeAt(last - 1) * 7 + (last - i)) & (KEY_CACHE_SIZE - 1)
    const cached = this.keys[slot]
    if (cached !== undefined && cached.length === last - i && text.startsWith(cached, i)) return cached
    const key = text.slice(i, last)
    // A key the core schema reads as null, a boolean or a number is made a string by js-yaml in its
    // own way (0x10 is "16"); a key that changes an object's prototype is not for this reader.
    if (plainValue(key) !== key || key === '__proto__' || key.length > 1024) throw GIVE_UP
    for (let j = i; j < last; j++) {
      const d = text.charCodeAt(j)
      // Flow indicators in a key: valid YAML in block context, but rare; not this reader's business.
      if (d === 0x5b || d === 0x5d || d === 0x7b || d === 0x7d || d === 0x2c) throw GIVE_UP
    }
    this.keys[slot] = key
    return key
  }

  /**
   * The value that starts at offset `i` of the current line (after a key's `:` or an entry's `-`),
   * in a node at column `parent`. Leaves the current line at the value's last line.
   */
  private inlineValue(i: number, parent: number): unknown {
    const {text} = this
    const c = text.charCodeAt(i)
    if (c === DQUOTE || c === SQUOTE) {
      const close = this.quotedEnd(i, this.length)
      if (close < 0) throw GIVE_UP
      let value: string
      if (close < this.end) {
        value = this.quoted(i, close)
      } else {
        value = this.foldedQuoted(i, close, parent)
        this.line(text.lastIndexOf('\n', close) + 1)
      }
      this.restIsEmpty(close + 1)
      this.next()
      return value
    }
    if (c === PIPE) return this.literal(i, parent)
    if (c === LBRACKET || c === LBRACE) {
      const value = this.flow(i)
      this.restIsEmpty(this.flowEnd)
      this.next()
      return value
    }
    if (c < 128 && INDICATOR[c] === 1 && !((c === DASH || c === 0x3f || c === COLON) && this.safeAfter(i + 1))) throw GIVE_UP
    // A plain scalar: to the line's end or a comment, without its trailing blanks.
    const last = this.plainEnd(i)
    const first = text.slice(i, last)
    this.next()
    if (this.commented || !this.continues(parent)) return plainValue(first)
    // Lines indented more than the node go on with the scalar, each line break read as a space
    // (kubectl folds long strings at 80 columns).
    const parts = [first]
    do {
      const start = this.pos + this.indent
      // Any character but `#` may start a continuation line (`- x` there is text, as to js-yaml).
      if (text.charCodeAt(start) === TAB) throw GIVE_UP
      const end = this.plainEnd(start)
      if (this.commented) throw GIVE_UP // a comment after a continuation line
      parts.push(text.slice(start, end))
      this.next()
    } while (this.continues(parent))
    return plainValue(parts.join(' '))
  }

  /** Whether the line plainEnd read last ends with a comment. */
  private commented = false

  /**
   * The end of the plain scalar's text that starts at offset `i` of the current line: before a
   * comment or the line's end, without trailing blanks; sets `commented`.
   */
  private plainEnd(i: number): number {
    const {text, end} = this
    let last = end
    for (let j = i; j < end; j++) {
      const d = text.charCodeAt(j)
      if (d === COLON) {
        const after = text.charCodeAt(j + 1)
        if (j + 1 >= end || after === SPACE || after === TAB) throw GIVE_UP // `a: b: c`
      } else if (d === HASH && isBlank(text.charCodeAt(j - 1))) {
        last = j
        break
      }
    }
    this.commented = last !== end
    while (isBlank(text.charCodeAt(last - 1))) last--
    return last
  }

  /** Whether the current line holds content (not a comment) indented more than `parent`. */
  private continues(parent: number): boolean {
    const start = this.pos + this.indent
    return this.pos < this.length && start < this.end && this.indent > parent && this.text.charCodeAt(start) !== HASH
  }

  /** Where the flow collection or scalar flow read last ends (the offset after it). */
  private flowEnd = 0

  /**
   * The flow collection (`[a, b]`, `{a: b, c: [d]}`) that starts at offset `i` and ends on the same
   * line; sets flowEnd. Gives up on one that goes on to the next line, an entry with no value, a
   * trailing comma, a pair in a sequence, and anything but spaces between the entries.
   */
  private flow(i: number): unknown[] | Record<string, unknown> {
    if (++this.depth > MAX_DEPTH) throw GIVE_UP
    const {text} = this
    const isMap = text.charCodeAt(i) === LBRACE
    const close = isMap ? RBRACE : RBRACKET
    const list: unknown[] = []
    const map: Record<string, unknown> = {}
    let j = this.spaces(i + 1)
    if (text.charCodeAt(j) === close) {
      this.flowEnd = j + 1
      this.depth--
      return isMap ? map : list
    }
    for (;;) {
      if (isMap) {
        const key = this.flowKey(j)
        if (Object.hasOwn(map, key)) throw GIVE_UP
        map[key] = this.flowValue(this.spaces(this.flowEnd))
      } else {
        list.push(this.flowValue(j))
      }
      j = this.spaces(this.flowEnd)
      const c = text.charCodeAt(j)
      if (c === close) {
        this.flowEnd = j + 1
        this.depth--
        return isMap ? map : list
      }
      if (c !== COMMA) throw GIVE_UP
      j = this.spaces(j + 1)
      if (text.charCodeAt(j) === close) throw GIVE_UP // a trailing comma
    }
  }

  /** The first offset from `i` that is not a space; gives up at a tab or the line's end. */
  private spaces(i: number): number {
    const {text} = this
    while (text.charCodeAt(i) === SPACE) i++
    if (i >= this.end || text.charCodeAt(i) === TAB) throw GIVE_UP
    return i
  }

  /** A flow mapping's key at offset `i`, up to its `: `; sets flowEnd after the `:`. */
  private flowKey(i: number): string {
    const {text} = this
    const c = text.charCodeAt(i)
    let key: string
    let colon: number
    if (c === DQUOTE || c === SQUOTE) {
      const closeQuote = this.quotedEnd(i, this.end)
      if (closeQuote < 0) throw GIVE_UP
      key = this.quoted(i, closeQuote)
      colon = closeQuote + 1
      if (text.charCodeAt(colon) !== COLON) throw GIVE_UP
    } else {
      const last = this.flowPlainEnd(i)
      colon = last
      while (text.charCodeAt(colon) === SPACE) colon++
      if (text.charCodeAt(colon) !== COLON) throw GIVE_UP // a key without a value
      key = text.slice(i, last)
      if (plainValue(key) !== key || key.includes(':')) throw GIVE_UP
    }
    if (key === '__proto__' || text.charCodeAt(colon + 1) !== SPACE) throw GIVE_UP
    this.flowEnd = colon + 1
    return key
  }

  /** A value in a flow collection at offset `i`: a collection, a quoted or a plain scalar; sets flowEnd. */
  private flowValue(i: number): unknown {
    const {text} = this
    const c = text.charCodeAt(i)
    if (c === LBRACKET || c === LBRACE) return this.flow(i)
    if (c === DQUOTE || c === SQUOTE) {
      const close = this.quotedEnd(i, this.end)
      if (close < 0) throw GIVE_UP
      this.flowEnd = close + 1
      return this.quoted(i, close)
    }
    const last = this.flowPlainEnd(i)
    // `[a: b]` (a pair in a sequence) or `{a: b: c}`.
    let k = last
    while (text.charCodeAt(k) === SPACE) k++
    if (text.charCodeAt(k) === COLON) throw GIVE_UP
    this.flowEnd = last
    return plainValue(text.slice(i, last))
  }

  /**
   * The end of a plain scalar in a flow collection that starts at offset `i`: before a flow
   * indicator, a `:` followed by a space or a flow indicator, or a comment; without trailing spaces.
   */
  private flowPlainEnd(i: number): number {
    const {text, end} = this
    const c = text.charCodeAt(i)
    if (c < 128 && INDICATOR[c] === 1 && !((c === DASH || c === 0x3f || c === COLON) && this.safeAfter(i + 1) && !FLOW[text.charCodeAt(i + 1)])) throw GIVE_UP
    let j = i
    for (; j < end; j++) {
      const d = text.charCodeAt(j)
      if (d < 128 && FLOW[d] === 1) break
      if (d === COLON) {
        const after = text.charCodeAt(j + 1)
        if (after === SPACE || (after < 128 && FLOW[after] === 1) || j + 1 >= end) break
      } else if (d === TAB || (d === HASH && text.charCodeAt(j - 1) === SPACE)) {
        throw GIVE_UP
      }
    }
    let last = j
    while (text.charCodeAt(last - 1) === SPACE) last--
    if (last === i) throw GIVE_UP // an entry with no value
    return last
  }

  /** A plain scalar may start with `-`, `?` or `:` when a character other than a blank follows. */
  private safeAfter(i: number): boolean {
    const c = this.text.charCodeAt(i)
    return i < this.end && c !== SPACE && c !== TAB && !(c < 128 && INDICATOR[c] === 1 && c !== DASH)
  }

  /** Nothing but blanks and a comment from offset `i` to the line's end. */
  private restIsEmpty(i: number): void {
    const {text, end} = this
    if (i >= end) return
    if (text.charCodeAt(i) !== SPACE) throw GIVE_UP
    while (text.charCodeAt(i) === SPACE) i++
    if (i < end && text.charCodeAt(i) !== HASH) throw GIVE_UP
  }

  /**
   * Offset of the quote that closes the quoted scalar opened at `i` (a `"` not escaped by a `\`, or a
   * `'` not doubled), before `limit`, or -1.
   */
  private quotedEnd(i: number, limit: number): number {
    const {text} = this
    if (text.charCodeAt(i) === DQUOTE) {
      for (let j = i + 1; j < limit; j++) {
        const d = text.charCodeAt(j)
        if (d === DQUOTE) return j
        if (d === BACKSLASH) j++
      }
      return -1
    }
    for (let j = text.indexOf("'", i + 1); j >= 0 && j < limit; j = text.indexOf("'", j + 2)) {
      if (text.charCodeAt(j + 1) !== SQUOTE) return j
    }
    return -1
  }

  /** The quoted scalar opened at `open` and closed at `close` on the same line. */
  private quoted(open: number, close: number): string {
    return this.unquote(this.text.slice(open + 1, close), this.text.charCodeAt(open) === DQUOTE)
  }

  /** A quoted scalar's body with its escapes read: `\…` in double quotes, `''` in single quotes. */
  private unquote(body: string, double: boolean): string {
    if (double) return this.unescape(body)
    return body.includes("'") ? body.replaceAll("''", "'") : body
  }

  /**
   * A quoted scalar over several lines, opened at `open` and closed at `close`, in a node at column
   * `parent`: each line break is read as a space, the blanks around it dropped (in double quotes, a
   * `\` that ends a line joins the lines as they are). Gives up on an empty line, a line not
   * indented more than the node, and a tab that indents.
   */
  private foldedQuoted(open: number, close: number, parent: number): string {
    const {text} = this
    const double = text.charCodeAt(open) === DQUOTE
    let raw = ''
    let from = open + 1
    for (;;) {
      const newline = text.indexOf('\n', from)
      const last = newline < 0 || newline > close
      const lineEnd = !last && text.charCodeAt(newline - 1) === CR ? newline - 1 : newline
      let a = from
      let b = last ? close : lineEnd
      if (from !== open + 1) {
        while (text.charCodeAt(a) === SPACE) a++
        // The last line may hold nothing but the closing quote.
        if (a - from <= parent || (a === b && !last) || text.charCodeAt(a) === TAB) throw GIVE_UP
      }
      if (last) return this.unquote(raw + text.slice(a, b), double)
      // How many backslashes end the line: an odd count escapes the line break.
      let slashes = 0
      while (double && text.charCodeAt(b - 1 - slashes) === BACKSLASH) slashes++
      if (slashes % 2 === 1) {
        raw += text.slice(a, b - 1)
      } else {
        while (b > a && isBlank(text.charCodeAt(b - 1))) b--
        if (b === a) throw GIVE_UP
        // A blank kept by an escape (`\ ` at the line's end): left to js-yaml.
        let kept = 0
        while (double && text.charCodeAt(b - 1 - kept) === BACKSLASH) kept++
        if (kept % 2 === 1 && b < lineEnd) throw GIVE_UP
        raw += `${text.slice(a, b)} `
      }
      from = newline + 1
    }
  }

  /** The text of a double-quoted scalar's body, its escapes read. */
  private unescape(body: string): string {
    if (!body.includes('\\')) return body
    let out = ''
    let from = 0
    for (let j = body.indexOf('\\'); j >= 0; j = body.indexOf('\\', from)) {
      out += body.slice(from, j)
      const e = body[j + 1]
      const simple = ESCAPES.get(e)
      let consumed = 2
      if (simple !== undefined) {
        out += simple
      } else {
        const digits = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0
        const hex = body.slice(j + 2, j + 2 + digits)
        if (digits === 0 || hex.length !== digits || !/^[0-9a-fA-F]+$/.test(hex)) throw GIVE_UP
        const code = parseInt(hex, 16)
        if (code > 0x10ffff) throw GIVE_UP
        out += String.fromCodePoint(code)
        consumed += digits
      }
      from = j + consumed
    }
    return out + body.slice(from)
  }

  /**
   * A literal block scalar (`|` or `|-`) whose header is at offset `i`, of a node at column `parent`:
   * its lines are those indented more than `parent`, at the first one's indentation.
   */
  private literal(i: number, parent: number): string {
    const {text} = this
    let chomp = 0 // clip
    if (text.charCodeAt(i + 1) === DASH) chomp = -1
    else if (i + 1 < this.end && text.charCodeAt(i + 1) !== SPACE) throw GIVE_UP // `|+`, `|2` and the like
    this.restIsEmpty(i + (chomp === 0 ? 1 : 2))
    this.next()
    // Leading blank lines, then the first line with content sets the indentation.
    let leading = 0
    let widest = 0
    while (this.pos < this.length && this.pos + this.indent >= this.end) {
      widest = Math.max(widest, this.indent)
      leading++
      this.next()
    }
    if (text.charCodeAt(this.pos + this.indent) === TAB) throw GIVE_UP
    const indent = this.indent
    if (this.pos >= this.length || indent <= parent || widest > indent) throw GIVE_UP // empty, or not plain
    const lines: string[] = []
    for (let k = 0; k < leading; k++) lines.push('')
    let trailing = 0
    for (;;) {
      if (this.pos + this.indent >= this.end) {
        // A blank line: its spaces beyond the indentation are content.
        if (this.indent > indent) {
          for (; trailing > 0; trailing--) lines.push('')
          lines.push(text.slice(this.pos + indent, this.end))
        } else {
          trailing++
        }
      } else if (this.indent >= indent) {
        for (; trailing > 0; trailing--) lines.push('')
        lines.push(text.slice(this.pos + indent, this.end))
      } else {
        break
      }
      if (this.newline >= this.length) {
        this.line(this.length)
        break
      }
      this.next()
    }
    const body = lines.join('\n')
    return chomp === 0 ? `${body}\n` : body
  }
}
