import {isMap, isSeq, LineCounter, parseDocument, type Node} from 'yaml'

import {isDate} from './dates.js'
import type {ConfigSuppression} from './types.js'

/** What `.ackctl.yaml` configures for lint. */
export interface LintConfig {
  suppressions: ConfigSuppression[]
}

export type LintConfigParse = {ok: true; config: LintConfig} | {ok: false; error: string}

const ENTRY_KEYS = new Set(['rule', 'object', 'reason', 'expires'])
const LINT_KEYS = new Set(['suppressions'])

/**
 * Parses `.ackctl.yaml`:
 * ```yaml
 * lint:
 *   suppressions:
 *     - rule: selector-overlap
 *       object: IAMRoleSelector/sandbox      # Kind/name or Kind/namespace/name, * wildcards; absent = every object
 *       reason: sandbox accounts share one role until TICKET-12
 *       expires: 2026-12-31                  # optional, YYYY-MM-DD (UTC), inclusive
 * ```
 * A file that is not YAML or not of this shape is refused (exit 2); a malformed entry is kept
 * with its problems so that lint reports it as `suppression-invalid` with its line.
 */
export function parseLintConfig(text: string, file: string): LintConfigParse {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, {lineCounter, prettyErrors: false})
  if (doc.errors.length > 0) {
    const e = doc.errors[0]
    return {ok: false, error: `${file}:${lineCounter.linePos(e.pos[0]).line}: YAML does not parse: ${e.message.split('\n')[0]}`}
  }
  if (doc.contents === null) return {ok: true, config: {suppressions: []}}
  if (!isMap(doc.contents)) return {ok: false, error: `${file}: expected a mapping with a "lint" key`}
  const lint = doc.contents.get('lint', true)
  if (lint === undefined || lint === null) return {ok: true, config: {suppressions: []}}
  if (!isMap(lint)) return {ok: false, error: `${file}:${line(lint as Node)}: "lint" must be a mapping with a "suppressions" list`}
  for (const pair of lint.items) {
    const key = String((pair.key as {value?: unknown})?.value ?? pair.key)
    if (!LINT_KEYS.has(key)) return {ok: false, error: `${file}:${line(pair.key as Node)}: unknown key lint.${key} (expected: suppressions)`}
  }
  const list = lint.get('suppressions', true)
  if (list === undefined || list === null) return {ok: true, config: {suppressions: []}}
  if (!isSeq(list)) return {ok: false, error: `${file}:${line(list as Node)}: lint.suppressions must be a list of {rule, object, reason, expires}`}
  const suppressions = list.items.map((node) => entry(node as Node, file, line(node as Node)))
  return {ok: true, config: {suppressions}}

  function line(node: Node | null | undefined): number {
    return node?.range ? lineCounter.linePos(node.range[0]).line : 1
  }
}

function entry(node: Node, file: string, line: number): ConfigSuppression {
  const location = {file, line}
  if (!isMap(node)) return {problems: ['an entry must be a mapping with rule, object, reason and expires'], location}
  const out: ConfigSuppression = {problems: [], location}
  const value = node.toJSON() as Record<string, unknown>
  for (const key of Object.keys(value)) {
    if (!ENTRY_KEYS.has(key)) out.problems.push(`unknown key ${key} (expected rule, object, reason, expires)`)
  }
  for (const key of ['rule', 'object', 'reason'] as const) {
    const v = value[key]
    if (v === undefined || v === null) continue
    if (typeof v !== 'string') out.problems.push(`${key} must be a string`)
    else out[key] = v
  }
  const expires = value.expires
  if (expires !== undefined && expires !== null) {
    const text = expires instanceof Date ? expires.toISOString().slice(0, 10) : String(expires)
    if (!isDate(text)) out.problems.push(`expires ${JSON.stringify(text)} is not a date (YYYY-MM-DD)`)
    else out.expires = text
  }
  return out
}
