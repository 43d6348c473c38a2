import {compareStrings} from '../../core/values.js'
import {SUPPRESSION_ANNOTATION_PREFIX, annotatedObjects, suppressionAnnotations} from './annotated.js'
import {objectId} from './refs.js'
import type {LintRule, RuleHit} from '../types.js'

/** Rules a suppression can never silence: the ones about suppressions themselves. */
export const UNSUPPRESSIBLE: ReadonlySet<string> = new Set(['suppression-invalid', 'suppression-expired'])

/**
 * A suppression that does not suppress: no reason, an unknown rule id, or a malformed config entry.
 * The finding it meant to silence stays active, so nothing disappears without a stated reason.
 */
export const suppressionInvalid: LintRule = {
  id: 'suppression-invalid',
  severity: 'error',
  summary: 'A suppression without a reason, for an unknown rule, or malformed: it suppresses nothing.',
  description:
    'Suppressions must say why: an `ignore-check.ackctl.io/<rule-id>` annotation needs a non-empty value, and a ' +
    '`.ackctl.yaml` entry needs `rule` and `reason` (and, if given, `expires` as `YYYY-MM-DD`). A suppression that ' +
    'breaks these rules is ignored, so the finding it was meant for is still reported, and this finding says why. ' +
    'Suppressions of `suppression-invalid` and `suppression-expired` themselves are not possible.',
  remediation: 'Give the reason, fix the rule id (see `ackctl lint --list-rules`), or remove the suppression.',
  check(ctx) {
    const hits: RuleHit[] = []
    for (const obj of annotatedObjects(ctx.snapshot).values()) {
      for (const [rule, reason] of suppressionAnnotations(obj.annotations).sort((a, b) => compareStrings(a[0], b[0]))) {
        const problem = !ctx.ruleIds.has(rule) ? `rule ${rule} does not exist`
          : UNSUPPRESSIBLE.has(rule) ? `rule ${rule} cannot be suppressed`
            : reason.trim() === '' ? 'it has no reason (the annotation value must say why)' : undefined
        if (!problem) continue
        hits.push({
          message: `annotation ${SUPPRESSION_ANNOTATION_PREFIX}${rule} on ${objectId(obj.ref)} suppresses nothing: ${problem}`,
          object: obj.ref, ...(obj.location ? {location: obj.location} : {}),
        })
      }
    }
    for (const s of ctx.suppressions) {
      const problems = [...s.problems]
      if (s.rule === undefined) problems.push('it has no rule')
      else if (!ctx.ruleIds.has(s.rule)) problems.push(`rule ${s.rule} does not exist`)
      else if (UNSUPPRESSIBLE.has(s.rule)) problems.push(`rule ${s.rule} cannot be suppressed`)
      if (s.reason === undefined || s.reason.trim() === '') problems.push('it has no reason')
      if (problems.length === 0) continue
      hits.push({
        message: `suppression${s.rule ? ` of ${s.rule}` : ''}${s.object ? ` for ${s.object}` : ''} suppresses nothing: ${problems.join('; ')}`,
        ...(s.location ? {location: s.location} : {}),
      })
    }
    return hits
  },
}
