import type {Suppression} from '../findings/verdict.js'
import type {LintFormatter} from './lint-common.js'
import {jsonDocument} from './stream-text.js'
import type {LintReport} from '../findings/verdict.js'

/** The documented JSON contract of `ackctl lint --format json` (and `--json`). Every key is always present. */
export interface LintJson {
  findings: Array<{
    rule: string
    severity: 'error' | 'warning' | 'info'
    message: string
    object: {apiVersion: string; kind: string; namespace: string | null; name: string} | null
    file: string | null
    line: number | null
    column: number | null
    suppressed: boolean
    suppression: Suppression | null
  }>
  summary: {errors: number; warnings: number; infos: number; suppressed: number; failOn: string; failed: boolean; complete: boolean}
}

export function lintJson(report: LintReport): LintJson {
  return {findings: report.findings.map(findingJson), summary: {...report.summary}}
}

/**
 * The same document with `findings` as a lazy sequence, for the streamed writers: each entry exists
 * only while it is written (a large cluster has a finding per resource).
 */
export function lintJsonStream(report: LintReport): Omit<LintJson, 'findings'> & {findings: Iterable<LintJson['findings'][number]>} {
  return {
    findings: {* [Symbol.iterator]() {
      for (const f of report.findings) yield findingJson(f)
    }},
    summary: {...report.summary},
  }
}

function findingJson(f: LintReport['findings'][number]): LintJson['findings'][number] {
  return {
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    object: f.object ? {apiVersion: f.object.apiVersion, kind: f.object.kind, namespace: f.object.namespace ?? null, name: f.object.name} : null,
    file: f.file ?? null,
    line: f.line ?? null,
    column: f.column ?? null,
    suppressed: f.suppressed !== undefined,
    suppression: f.suppressed ?? null,
  }
}

/** Streamed: the findings are written a batch at a time, each made as it is written. */
export const lintJsonPieces: LintFormatter = (report) => jsonDocument(lintJsonStream(report))
