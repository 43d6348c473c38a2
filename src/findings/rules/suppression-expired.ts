import type {LintRule} from '../types.js'

/** A config-file suppression past its `expires` date: it no longer applies. */
export const suppressionExpired: LintRule = {
  id: 'suppression-expired',
  severity: 'warning',
  summary: 'A `.ackctl.yaml` suppression past its `expires` date: the finding it silenced is reported again.',
  description:
    'A suppression with `expires: YYYY-MM-DD` applies through that day (UTC). After it, the suppressed finding is ' +
    'active again and this warning points at the stale entry, so temporary exceptions do not become permanent.',
  remediation: 'Fix the underlying finding, or renew the suppression with a new date and a current reason.',
  check(ctx) {
    return ctx.suppressions
      .filter((s) => s.expires !== undefined && s.problems.length === 0 && s.expires < ctx.today)
      .map((s) => ({
        message: `suppression of ${s.rule ?? '(no rule)'}${s.object ? ` for ${s.object}` : ''} expired on ${s.expires}: it no longer applies`,
        ...(s.location ? {location: s.location} : {}),
      }))
  },
}
