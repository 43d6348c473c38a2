import type {Snapshot} from '../core/types.js'
import {SUPPRESSION_ANNOTATION_PREFIX, annotatedObjects} from './rules/annotated.js'
import {objectId} from './rules/refs.js'
import {UNSUPPRESSIBLE} from './rules/suppression-invalid.js'
import type {ConfigSuppression, LintContext} from './types.js'
import type {LintFinding} from './verdict.js'

/** `*` matches any run of characters (slashes included); everything else is literal. */
export function objectPatternMatches(pattern: string, id: string): boolean {
  let re = PATTERNS.get(pattern)
  if (!re) {
    re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`)
    if (PATTERNS.size < 1000) PATTERNS.set(pattern, re)
  }
  return re.test(id)
}

/** Compiled object patterns: each entry of .ackctl.yaml is tried against every finding of its rule. */
const PATTERNS = new Map<string, RegExp>()

/** A config entry that may suppress: known rule, a reason, no shape problems, not expired. */
function usable(s: ConfigSuppression, ctx: LintContext): boolean {
  return s.rule !== undefined && ctx.ruleIds.has(s.rule) && !UNSUPPRESSIBLE.has(s.rule) &&
    s.reason !== undefined && s.reason.trim() !== '' && s.problems.length === 0 &&
    (s.expires === undefined || s.expires >= ctx.today)
}

/**
 * Marks findings silenced by an `ignore-check.ackctl.io/<rule>` annotation on their object (first)
 * or by a `.ackctl.yaml` entry. Suppressed findings are kept and marked, never dropped. Suppressions
 * without a reason, for unknown rules, or expired do not apply (rules `suppression-invalid` and
 * `suppression-expired` report them).
 */
export function applySuppressions(findings: LintFinding[], snapshot: Snapshot, ctx: LintContext): LintFinding[] {
  const annotated = annotatedObjects(snapshot)
  const entries = ctx.suppressions.filter((s) => usable(s, ctx))
  if (annotated.size === 0 && entries.length === 0) return findings.slice()
  return findings.map((f) => {
    if (UNSUPPRESSIBLE.has(f.rule)) return f
    const id = f.object ? objectId(f.object) : undefined
    const key = `${SUPPRESSION_ANNOTATION_PREFIX}${f.rule}`
    const reason = id === undefined ? undefined : annotated.get(id)?.annotations[key]
    if (reason !== undefined && reason.trim() !== '') {
      return {...f, suppressed: {kind: 'annotation', reason, source: key}}
    }
    const entry = entries.find((s) => s.rule === f.rule && (s.object === undefined || (id !== undefined && objectPatternMatches(s.object, id))))
    if (!entry) return f
    const source = entry.location ? `${entry.location.file}:${entry.location.line ?? 1}` : 'config'
    return {...f, suppressed: {kind: 'config', reason: entry.reason!, source, ...(entry.expires ? {expires: entry.expires} : {})}}
  })
}
