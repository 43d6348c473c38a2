import {hitFromFinding} from './pass-through.js'
import type {LintRule, LintSeverity} from '../types.js'

const RESYNC =
  'The controller re-evaluates roles only on a spec change, an error requeue, a restart or the periodic resync ' +
  '(10 h by default), so a difference can last for hours.'

/**
 * Predicted versus observed: the resource's status (ACK.IAMRoleSelected, ACK.ResourceSynced "IAM Role
 * is not available", ownerAccountID) compared with the prediction, per resource (src/ack/observed.ts).
 * Ref: runtime pkg/condition/condition.go (swapped message/reason), spec §3.5-3.6.
 */
function observedRule(id: string, severity: LintSeverity, summary: string, description: string, remediation: string): LintRule {
  return {id, severity, summary, description: `${description} ${RESYNC}`, remediation, check: (ctx) => ctx.observed.filter((f) => f.rule === id).map(hitFromFinding)}
}

export const observedRules: readonly LintRule[] = [
  observedRule('observed-role-differs', 'warning',
    'The controller last used another role or selector than predicted, or reports "IAM Role is not available" where ackctl predicts success (or the reverse).',
    'A selector changed or was deleted, or a CARM map or annotation changed, and the controller has not reconciled since; or the controller runs with other settings than ackctl was given.',
    'Compare the controller\'s flags with ackctl\'s; to apply the prediction, trigger a reconcile (a spec change or a controller restart).'),
  observedRule('observed-not-picked-up', 'warning',
    'A selector matches, but the controller reconciled without it (it was created or changed after the last reconcile).',
    'The IAMRoleSelector cache is not awaited at start-up and selector changes do not requeue resources.',
    'Restart the controller or change the resource\'s spec to make it pick the selector up.'),
  observedRule('observed-stale-selector', 'info',
    'The controller selected the predicted selector, at an older resourceVersion (same role).',
    'The selector was edited after the last reconcile without changing its role.',
    'Nothing to do unless the edit matters; it applies at the next reconcile.'),
  observedRule('observed-stale-status', 'info',
    'The controller now fails with an error that writes no status (conflicting selectors, drift), so the status still shows an older selection.',
    'Conflicts and drift errors are returned to controller-runtime without a status patch: the last IAMRoleSelected condition stays.',
    'Fix the error the prediction names; the status then follows.'),
]
