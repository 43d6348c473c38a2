import {FAILSAFE_SCHEMA, Type, loadAll} from 'js-yaml'

import {BOOL, FLOAT, INT, LONE_CR, NULL, readBlockYaml, constructFloat, constructInt} from './block-reader.js'
import type {RawDocument} from './decode.js'

/**
 * Anchors, aliases, tags and merge keys: js-yaml and the yaml package may differ on them (and the
 * yaml package bounds alias expansion), so a text with any of them takes the exact path.
 */
const SPECIAL = /(^|[\s[{,])[&*!]|<<\s*:|^%|^---[ \t]*[^\s#]|\{\{|^[ \t]*\?[ \t]|[\]}][ \t]*:([ \t]|$)/m
/** A character that every match of SPECIAL contains (`<<` and `---` stand for themselves). */
const SPECIAL_TRIGGER = /[&*!%?{}\]]|<<|---/g

/**
 * `SPECIAL.test(text)`, tested only on the lines that hold one of its characters instead of at every
 * position of a large text (a third of a second on a 46 MB dump). Every alternative of SPECIAL lies
 * within one line except `<<\s*:` (the blank may be a line break): a `<<` anywhere counts, which can
 * only send a text to the exact path more often.
 */
function hasSpecial(text: string): boolean {
  SPECIAL_TRIGGER.lastIndex = 0
  for (let m = SPECIAL_TRIGGER.exec(text); m !== null; m = SPECIAL_TRIGGER.exec(text)) {
    const start = text.lastIndexOf('\n', m.index) + 1
    const newline = text.indexOf('\n', m.index)
    const end = newline < 0 ? text.length : newline
    const line = text.slice(start, end)
    if (SPECIAL.test(line) || line.includes('<<')) return true
    SPECIAL_TRIGGER.lastIndex = end
  }
  return false
}

const core12Int = new Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && INT.test(data),
  construct: constructInt,
})
const core12Float = new Type('tag:yaml.org,2002:float', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && FLOAT.test(data) && !INT.test(data),
  construct: constructFloat,
})
const core12Null = new Type('tag:yaml.org,2002:null', {
  kind: 'scalar',
  resolve: (data: string | null) => data === null || NULL.test(data),
  construct: () => null,
})
const core12Bool = new Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && BOOL.test(data),
  construct: (data: string) => data.toLowerCase() === 'true',
})
export const CORE_12 = FAILSAFE_SCHEMA.extend({implicit: [core12Null, core12Bool, core12Int, core12Float]})

/**
 * Multi-document YAML parsed by ackctl's own reader (block-reader.ts: dumps and most hand-written
 * manifests, about twice as fast as js-yaml) or else by js-yaml (YAML 1.2 core schema, as the yaml
 * package parses it), about 20 times faster and leaner than the yaml package on a large dump; the
 * line and column of each document and of each item of a `List` come from a scan of the lines. Returns undefined, so that the caller uses the yaml
 * package, whenever the text is not plain or the scan and the parse do not agree: a document that
 * does not parse, an empty document, a duplicate key, items the scan cannot place.
 */
export function fastYaml(text: string, file: string): RawDocument[] | undefined {
  if (hasSpecial(text)) return undefined
  // The reader gives up on a carriage return alone itself, so the text is searched for one only
  // on the way to js-yaml (most dumps hold no carriage return at all: one indexOf then).
  let values = readBlockYaml(text)
  if (values === undefined) {
    if (text.includes('\r') && LONE_CR.test(text)) return undefined
    try {
      values = loadAll(text, undefined, {schema: CORE_12, filename: file})
    } catch {
      return undefined
    }
  }
  const starts = documentStarts(text)
  if (starts.length !== values.length || values.some((v) => v === null || v === undefined)) return undefined
  const out: RawDocument[] = []
  for (const [i, object] of values.entries()) {
    const start = starts[i]
    const kind = typeof object === 'object' ? (object as {kind?: unknown}).kind : undefined
    const items = typeof object === 'object' ? (object as {items?: unknown}).items : undefined
    if (Array.isArray(items) && typeof kind === 'string' && kind.endsWith('List')) {
      const at = itemStarts(text, start, starts[i + 1]?.offset ?? text.length + 1)
      if (at === undefined || at.length !== items.length) return undefined
      items.forEach((item, j) => out.push({object: item, location: {file, line: at[j].line, column: at[j].column}}))
      continue
    }
    out.push({object, location: {file, line: start.line, column: start.column}})
  }
  return out
}

interface Position {
  /** Offset of the line's first character; 1-based line and column. */
  offset: number
  line: number
  column: number
}

/*
 * The scans walk the text line by line by offsets (a line ends before its `\n`; a `\r` before it is
 * left in the line and read as blank) rather than splitting it: a 200k-resource dump has two million
 * lines, and a string for each cost more than the scan.
 */

const SPACE = 0x20
const TAB = 0x09
const CR = 0x0d
const HASH = 0x23
const DASH = 0x2d

const lineEnd = (text: string, start: number) => {
  const newline = text.indexOf('\n', start)
  return newline < 0 ? text.length : newline
}

/** The first offset of [start, end) that is not a space, a tab or a carriage return (end if none). */
function skipBlank(text: string, start: number, end: number): number {
  let i = start
  for (let c = text.charCodeAt(i); i < end && (c === SPACE || c === TAB || c === CR); c = text.charCodeAt(++i));
  return i
}

/** Blank, or a comment after blanks. */
function isEmpty(text: string, start: number, end: number): boolean {
  const i = skipBlank(text, start, end)
  return i === end || text.charCodeAt(i) === HASH
}

/** `---` or `...` alone, or followed by a blank or a comment. */
function isMarker(text: string, start: number, end: number, marker: '---' | '...'): boolean {
  if (!text.startsWith(marker, start)) return false
  if (end - start === 3) return true
  const c = text.charCodeAt(start + 3)
  return c === SPACE || c === TAB || c === HASH || c === CR
}

const BOM = 0xfeff

/**
 * 1-based column of the first character of [start, end) that is not a space, a tab (YAML's white
 * space) or a byte order mark, as the yaml package places content: a no-break space is content.
 * Found in place: two million lines of a dump are not sliced and trimmed.
 */
const columnOf = (text: string, start: number, end: number) => {
  let i = start
  for (let c = text.charCodeAt(i); i < end && (c === SPACE || c === TAB || c === BOM); c = text.charCodeAt(++i));
  return i - start + 1
}

/** Where each document's content starts: its first line that is not blank, a comment or a marker. */
function documentStarts(text: string): Position[] {
  const starts: Position[] = []
  let open = true
  for (let start = 0, line = 1; start <= text.length; line++) {
    const end = lineEnd(text, start)
    if (isMarker(text, start, end, '---')) open = true
    else if (isMarker(text, start, end, '...')) open = false
    else if (open && !isEmpty(text, start, end)) {
      starts.push({offset: start, line, column: columnOf(text, start, end)})
      open = false
    }
    start = end + 1
  }
  return starts
}

/**
 * The content of each entry of the document's top-level `items:` block sequence (where the yaml
 * package places a List item), or undefined when the scan is not sure. The document starts at
 * `document` and ends before the offset `to`.
 */
function itemStarts(text: string, document: Position, to: number): Position[] | undefined {
  const key = ' '.repeat(document.column - 1) + 'items:'
  let start = document.offset
  let line = document.line
  // The `items:` line.
  for (;; line++) {
    if (start >= to) return undefined
    const end = lineEnd(text, start)
    const found = text.startsWith(key, start) && isEmpty(text, start + key.length, end)
    start = end + 1
    if (found) break
  }
  const out: Position[] = []
  let indent = -1
  for (line++; start < to; line++) {
    const end = lineEnd(text, start)
    const here = start
    start = end + 1
    if (isEmpty(text, here, end)) continue
    const lead = columnOf(text, here, end) - 1
    // `-` then a blank, or `-` ending the line.
    const after = text.charCodeAt(here + lead + 1)
    const entry = text.charCodeAt(here + lead) === DASH && (here + lead + 1 === end || after === SPACE || after === TAB)
    if (indent < 0) {
      if (!entry || lead < document.column - 1) return undefined
      indent = lead
    }
    if (lead < indent || (lead === indent && !entry)) break
    if (lead !== indent) continue
    if (isEmpty(text, here + lead + 1, end)) return undefined
    // The entry's content: after the `-` and the blanks that follow it.
    out.push({offset: here, line, column: lead + 1 + columnOf(text, here + lead + 1, end)})
  }
  return out
}
