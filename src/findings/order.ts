import {compareStrings} from '../core/values.js'
import type {Finding, Severity} from '../core/types.js'

/** Most severe first: the one severity order of every report, list and exit decision. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = {error: 0, warning: 1, info: 2}

/** Severity, then file and line (document findings), then the object, rule and message: one stable order. */
export function sortFindings<F extends Finding>(findings: F[]): F[] {
  const objectKey = (f: Finding) => (f.object ? `${f.object.kind}/${f.object.namespace ?? ''}/${f.object.name}` : '')
  return [...findings].sort((a, b) =>
    (SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]) ||
    compareStrings(a.file ?? '', b.file ?? '') || ((a.line ?? 0) - (b.line ?? 0)) ||
    compareStrings(objectKey(a), objectKey(b)) || compareStrings(a.rule, b.rule) || compareStrings(a.message, b.message))
}
