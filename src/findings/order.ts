import {compareStrings} from '../core/values.js'
import type {Finding, Severity} from '../core/types.js'

/** Most severe first: the one severity order of every report, list and exit decision. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = {error: 0, warning: 1, info: 2}

/**
 * Severity, then file and line (document findings), then the object, rule and message: one stable order.
 * Each finding's object key is made once, not once per comparison (a 200k-resource run sorts 200k
 * findings: 3.5 million comparisons).
 */
export function sortFindings<F extends Finding>(findings: F[]): F[] {
  const keys = findings.map((f) => (f.object ? `${f.object.kind}/${f.object.namespace ?? ''}/${f.object.name}` : ''))
  const order = findings.map((_, i) => i)
  // Array sort is stable and the indices start in input order: ties keep their order, as before.
  order.sort((i, j) => {
    const a = findings[i]
    const b = findings[j]
    return (SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]) ||
      compareStrings(a.file ?? '', b.file ?? '') || ((a.line ?? 0) - (b.line ?? 0)) ||
      compareStrings(keys[i], keys[j]) || compareStrings(a.rule, b.rule) || compareStrings(a.message, b.message)
  })
  return order.map((i) => findings[i])
}
