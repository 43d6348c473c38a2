// Synchronous on purpose: a command reads its input before anything else can run, and each
// asynchronous call waits a turn of the thread pool (a few milliseconds of start-up over a demo's files).
import {readdirSync, readFileSync, statSync} from 'node:fs'
import {extname, join} from 'node:path'

import type * as YamlModule from 'yaml'

import {fastYaml} from './fast-yaml.js'

import {INCOMPLETE_ANNOTATION} from '../core/annotations.js'
import {compareStrings} from '../core/values.js'
import type {Finding} from '../core/types.js'
import type {RawDocument} from './decode.js'

/** A problem that stops the command: unreadable path, refused input. Exit code 2. */
export class InputError extends Error {}

/**
 * No cluster answers at all: the command stops with this one line (exit 3) instead of a report of
 * empty tables. The message names the server, the context, the cause and what to check next.
 */
export class ClusterUnreachableError extends Error {
  override name = 'ClusterUnreachableError'
}

/** Larger inputs are refused with a message rather than risking an out-of-memory crash. */
export const MAX_INPUT_BYTES = 512 * 1024 * 1024
/** YAML aliases per document; alias bombs ("billion laughs") exceed it at once. */
export const MAX_ALIASES = 1000
/**
 * Bracket nesting a file may reach. Kubernetes objects stay far below it; deeper input overflows
 * the parsers' stacks (or, in the YAML lexer, exhausts memory) and is refused with a finding instead.
 */
export const MAX_NESTING = 512
const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json'])
/**
 * Directories that `-R` does not descend into: installed packages and version-control data, which
 * a CI job's checkout often holds and which hold no manifests of the repository (their YAML and JSON
 * test files can be anything, even invalid on purpose). Named with `-f`, they are read.
 */
export const SKIPPED_DIRECTORIES: ReadonlySet<string> = new Set(['node_modules', '.git', '.hg', '.svn'])

export interface FileInput {
  filenames: string[]
  recursive: boolean
  /** Reads standard input when `-` is given. */
  readStdin: () => Promise<string>
}

/** What reading the -f arguments gave: documents with file and line, load findings, and what was skipped. */
export interface LoadedFiles {
  docs: RawDocument[]
  findings: Finding[]
  /** Files skipped whole (Helm/Go templates that are not YAML until rendered). */
  skipped: number
  /** False when an `ackctl snapshot` file says its read was incomplete. */
  complete: boolean
}

/** The yaml package, loaded on demand; a CommonJS module whose named exports some loaders put under `default`. */
export async function loadYaml(): Promise<typeof YamlModule> {
  const mod = (await import('yaml')) as typeof YamlModule & {default?: typeof YamlModule}
  return typeof mod.LineCounter === 'function' ? mod : mod.default!
}

/** Reads every -f argument (files, directories, `-`) into documents with file and line. */
export async function loadFiles(input: FileInput): Promise<LoadedFiles> {
  const loaded: LoadedFiles = {docs: [], findings: [], skipped: 0, complete: true}
  const {docs, findings} = loaded
  let yamlModule: typeof YamlModule | undefined
  const take = async (text: string, file: string) => {
    let result = parseManifests(text, file, docs, findings, {yaml: yamlModule})
    if (result.needsYaml) {
      // The yaml package (exact errors and positions for what the fast path declines) is loaded only when needed.
      yamlModule = await loadYaml()
      result = parseManifests(text, file, docs, findings, {yaml: yamlModule, fast: false})
    }
    if (result.template) loaded.skipped++
    for (const message of result.incomplete) {
      loaded.complete = false
      findings.push({rule: 'cluster-unreadable', severity: 'error', message: `${message} (carried over from the snapshot file)`, file, line: 1})
    }
  }
  for (const name of input.filenames) {
    if (name === '-') {
      await take(await input.readStdin(), '-')
      continue
    }
    for (const file of expand(name, input.recursive, true)) {
      let text: string
      try {
        const info = statSync(file)
        if (info.size > MAX_INPUT_BYTES) throw new InputError(`${file}: ${info.size} bytes is larger than the ${MAX_INPUT_BYTES} bytes ackctl reads; split the input`)
        text = readFileSync(file, 'utf8')
      } catch (error) {
        if (error instanceof InputError) throw error
        throw new InputError(`cannot read ${file}: ${describe(error)}`)
      }
      await take(text, file)
    }
  }
  return loaded
}

/**
 * Whether reading a named directory (`-f DIR`, with `-R` or not) reads the file at `relative`, a
 * path below it with `/` separators: the rule `expand` follows, for file lists that come from
 * elsewhere (`ackctl diff --base REV` lists a revision's files with git).
 */
export function readsFileIn(relative: string, recursive: boolean): boolean {
  const parts = relative.split('/')
  if (parts.length > 1 && (!recursive || parts.slice(0, -1).some((p) => SKIPPED_DIRECTORIES.has(p)))) return false
  return MANIFEST_EXTENSIONS.has(extname(relative).toLowerCase())
}

function expand(path: string, recursive: boolean, explicit: boolean): string[] {
  let info
  try {
    info = statSync(path)
  } catch (error) {
    throw new InputError(`cannot read ${path}: ${describe(error)}`)
  }
  if (!info.isDirectory()) return [path]
  if (!explicit && !recursive) return []
  let entries
  try {
    entries = readdirSync(path, {withFileTypes: true})
  } catch (error) {
    throw new InputError(`cannot read directory ${path}: ${describe(error)}`)
  }
  const out: string[] = []
  for (const e of entries.sort((a, b) => compareStrings(a.name, b.name))) {
    const full = join(path, e.name)
    if (e.isDirectory()) {
      if (recursive && !SKIPPED_DIRECTORIES.has(e.name)) for (const file of expand(full, recursive, false)) out.push(file)
    } else if (MANIFEST_EXTENSIONS.has(extname(e.name).toLowerCase())) out.push(full)
  }
  return out
}

/** `ackctl snapshot` marks an incomplete read in its header comment (YAML) or a List annotation (JSON). */
const INCOMPLETE_COMMENT = /^# INCOMPLETE: (.*)$/

/** A Go template (Helm chart source): `{{ ... }}` outside quotes makes it YAML only once rendered. */
const GO_TEMPLATE = /\{\{-?\s*[.$a-zA-Z(/"-]/

/** Incomplete-read messages from the leading comment lines of a snapshot file. */
function incompleteHeader(text: string): string[] {
  const out: string[] = []
  for (const line of text.split('\n', 200)) {
    if (!line.startsWith('#')) break
    const m = INCOMPLETE_COMMENT.exec(line)
    if (m) out.push(m[1])
  }
  return out
}

/**
 * Parses multi-document YAML or JSON. A document that does not parse becomes an `input-invalid`
 * finding with file and line; the other documents are still used. Items of a `List` get their own line.
 * A file that does not parse because it is a Go template (`{{ .Values.x }}`) is skipped whole
 * (`template: true`): lint what `helm template` renders instead.
 */
export function parseManifests(
  text: string, file: string, docs: RawDocument[], findings: Finding[], opts: {fast?: boolean; yaml?: typeof YamlModule} = {},
): {template: boolean; incomplete: string[]; needsYaml?: boolean} {
  if (Buffer.byteLength(text) > MAX_INPUT_BYTES) throw new InputError(`${file}: input larger than ${MAX_INPUT_BYTES} bytes; split it`)
  const result = {template: false, incomplete: incompleteHeader(text)}
  // JSON first: the scan for element lines then also bounds the nesting, in the same pass. V8's
  // JSON.parse does not recurse, so a deep text is parsed before it is refused.
  const trimmed = text.trimStart()
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let value: unknown
    let parsed = false
    try {
      value = JSON.parse(text)
      parsed = true
    } catch {
      // Not plain JSON (e.g. YAML flow style or JSON with errors): the YAML parser reports it with a line.
    }
    if (parsed) {
      const scan = jsonScan(text, MAX_NESTING)
      if (scan.tooDeep !== undefined) {
        findings.push(tooDeepFinding(file, scan.tooDeep))
        return result
      }
      // `kubectl get -o json` gives a List: its items (or a top-level array's elements) keep their own line.
      const note = isJsonList(value) ? (value as {metadata?: {annotations?: Record<string, unknown>}}).metadata?.annotations?.[INCOMPLETE_ANNOTATION] : undefined
      if (typeof note === 'string') result.incomplete.push(...note.split('\n').filter(Boolean))
      const elements = Array.isArray(value) ? value : isJsonList(value) ? value.items : undefined
      if (elements && scan.lines.length === elements.length) elements.forEach((object, i) => docs.push({object, location: {file, line: scan.lines[i]}}))
      else docs.push({object: value, location: {file, line: 1}})
      return result
    }
  }
  const tooDeep = nestingBeyond(text, MAX_NESTING)
  if (tooDeep !== undefined) {
    findings.push(tooDeepFinding(file, tooDeep))
    return result
  }
  // Plain YAML (a kubectl dump, manifests): the fast parser, with positions from a line scan. Anything
  // else, and any document that does not parse, goes through the yaml package for exact errors and lines.
  const fast = opts.fast === false ? undefined : fastYaml(text, file)
  if (fast) {
    for (const doc of fast) docs.push(doc)
    return result
  }
  // The caller loads the yaml package and calls again (start-up: most input never needs it).
  if (!opts.yaml) return {...result, needsYaml: true}
  const {isMap, isSeq, LineCounter, parseAllDocuments} = opts.yaml
  const lineCounter = new LineCounter()
  // Unique keys, as YAML requires and kubectl, Helm and kustomize enforce: a repeated key is refused,
  // not silently replaced by its last value (two files joined without `---` lose a whole object so).
  const parsed = parseAllDocuments(text, {lineCounter, prettyErrors: false})
  const documents = Array.isArray(parsed) ? parsed : [parsed]
  if (documents.some((d) => d.errors.length > 0) && GO_TEMPLATE.test(text)) {
    result.template = true
    return result
  }
  for (const doc of documents) {
    const start = doc.contents?.range?.[0] ?? doc.range[0]
    const {line, col: column} = lineCounter.linePos(start)
    if (doc.errors.length > 0) {
      const err = doc.errors[0]
      // An error found at the end of input (an unclosed bracket) is reported on the document's last line.
      const docEnd = text.slice(0, doc.range[2]).trimEnd().length
      const pos = lineCounter.linePos(Math.min(err.pos[0], Math.max(docEnd - 1, 0)))
      const why = err.code === 'DUPLICATE_KEY' ? duplicateKey(text, err.pos[0], pos.col) : err.message.split('\n')[0]
      findings.push({rule: 'input-invalid', severity: 'error', message: `YAML does not parse: ${why}`, file, line: pos.line, column: pos.col})
      continue
    }
    let object: unknown
    try {
      object = doc.toJS({maxAliasCount: MAX_ALIASES})
    } catch (error) {
      const bomb = error instanceof ReferenceError && /alias/i.test(error.message)
      const why = bomb ? `its YAML aliases (*anchor references) expand beyond the limit of ${MAX_ALIASES} (an alias bomb?); write the values out instead of using anchors` : describe(error)
      findings.push({rule: 'input-invalid', severity: 'error', message: `document refused: ${why}`, file, line})
      continue
    }
    const items = isMap(doc.contents) ? doc.contents.get('items', true) : undefined
    const kind = typeof object === 'object' && object !== null ? (object as {kind?: unknown}).kind : undefined
    if (isSeq(items) && typeof kind === 'string' && kind.endsWith('List')) {
      items.items.forEach((node, i) => {
        const itemStart = (node as {range?: [number, number, number]}).range?.[0] ?? start
        const pos = lineCounter.linePos(itemStart)
        docs.push({object: ((object as {items: unknown[]}).items)[i], location: {file, line: pos.line, column: pos.col}})
      })
      continue
    }
    docs.push({object, location: {file, line, column}})
  }
  return result
}

const isJsonList = (v: unknown): v is {items: unknown[]} =>
  typeof v === 'object' && v !== null && typeof (v as {kind?: unknown}).kind === 'string' &&
  ((v as {kind: string}).kind.endsWith('List')) && Array.isArray((v as {items?: unknown}).items)

/**
 * The 1-based line where nesting first exceeds `max` (`[`/`{` opened and not yet closed), or undefined.
 * A regular expression finds the brackets (a YAML dump has few: 345k in 46 MB) and lines are counted
 * only for the answer: a third of the time of a loop over every character.
 */
function nestingBeyond(text: string, max: number): number | undefined {
  const brackets = /[[\]{}]/g
  let depth = 0
  while (brackets.test(text)) {
    const at = brackets.lastIndex - 1
    const c = text.charCodeAt(at)
    if (c === 91 || c === 123) {
      if (++depth > max) return lineAt(text, at)
    } else if (depth > 0) depth--
  }
  return undefined
}

/** The 1-based line of an offset. */
function lineAt(text: string, offset: number): number {
  let line = 1
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++
  return line
}

const tooDeepFinding = (file: string, line: number): Finding =>
  ({rule: 'input-invalid', severity: 'error', message: `file refused: brackets nested more than ${MAX_NESTING} levels deep; this is not a Kubernetes manifest`, file, line})

/**
 * One pass over a JSON text that parsed: the lines of the elements of its top-level array, or of the
 * `items` array of its top-level object (JSON.parse keeps no positions), and the line where the
 * nesting first exceeds `max`, if it does. Strings are skipped with indexOf (they are most of a
 * dump, and a valid JSON string holds no line break).
 */
function jsonScan(text: string, max: number): {lines: number[]; tooDeep?: number} {
  // Character codes, not one-character strings, and no copy of any string token: a 200k-object
  // `kubectl get -o json` dump has millions of them (only whether a depth-1 key is "items" matters).
  let lines: number[] = []
  let line = 1
  let depth = 0
  let target = -1
  let pending = false
  let lastIsItems = false
  let afterItemsKey = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 10) {
      line++
      continue
    }
    if (c === 32 || c === 9 || c === 13) continue
    if (pending) {
      if (c !== 93) lines.push(line)
      pending = false
    }
    if (c === 34) {
      const start = i + 1
      i = stringEnd(text, start)
      lastIsItems = i - start === 5 && text.startsWith('items', start)
      continue
    }
    if (c === 58 && depth === 1) afterItemsKey = lastIsItems
    else if (c === 91 || c === 123) {
      if (++depth > max) return {lines, tooDeep: line}
      if (c === 91 && (depth === 1 || (depth === 2 && afterItemsKey))) {
        target = depth
        lines = []
        pending = true
      }
      afterItemsKey = false
    } else if (c === 93 || c === 125) {
      if (depth === target) target = -1
      depth--
    } else if (c === 44 && depth === target) pending = true
    else afterItemsKey = false
  }
  return {lines}
}

/** The offset of the quote that closes the JSON string whose content starts at `start`. */
function stringEnd(text: string, start: number): number {
  for (let quote = text.indexOf('"', start); ; quote = text.indexOf('"', quote + 1)) {
    if (quote < 0) return text.length
    let backslashes = 0
    while (text.charCodeAt(quote - 1 - backslashes) === 92) backslashes++
    if (backslashes % 2 === 0) return quote
  }
}

/**
 * A repeated key, named: `the key "apiVersion" appears twice in one mapping`. At the start of a line,
 * `apiVersion` or `kind` usually means two documents without the `---` line between them.
 */
function duplicateKey(text: string, offset: number, column: number): string {
  const key = /^(?:"((?:[^"\\\n]|\\.)*)"|'((?:[^'\n]|'')*)'|([^\n]*?))[ \t]*:(?=[ \t\r\n]|$)/.exec(text.slice(offset, offset + 300))
  const name = key ? (key[1] ?? key[2]?.replace(/''/g, "'") ?? key[3]) : undefined
  const what = name === undefined || name === '' ? 'a key appears twice in one mapping' : `the key ${JSON.stringify(name)} appears twice in one mapping`
  const joined = column === 1 && (name === 'apiVersion' || name === 'kind') ? ': is a `---` line missing between two documents (files joined without one)?' : ''
  return `${what} (kubectl and Helm refuse such a document)${joined}`
}

function describe(error: unknown): string {
  const e = error as NodeJS.ErrnoException
  if (e?.code === 'ENOENT') return 'no such file or directory'
  if (e?.code === 'EACCES') return 'permission denied'
  if (e?.code === 'EISDIR') return 'is a directory'
  return e instanceof Error ? e.message : String(error)
}
