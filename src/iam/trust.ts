import type {RequestContext} from './context.js'
import {evaluatePolicies} from './evaluate.js'
import {explainEvaluation} from './explain.js'
import {parsePolicyDocument} from './policy-document.js'
import type {Caller, GrantKind} from './principal.js'

export type Side = 'allowed' | 'denied' | 'unknown'

export interface TrustSide {
  status: Side
  /** How the caller was granted (or might be): decides whether its own policies must allow it too. */
  grant?: GrantKind
  reasons: string[]
  /** True when the status is unknown because data could not be read (not because of a condition). */
  incomplete: boolean
}

const RANK: Record<GrantKind, number> = {direct: 3, anyone: 2, account: 1}

/**
 * Evaluates the target role's trust policy for `sts:AssumeRole` by the controller's role session.
 * AWS's policy simulator ignores trust policies for this action, so ackctl evaluates them itself.
 */
export function evaluateTrust(trustPolicy: unknown, caller: Caller, context: RequestContext, targetArn: string): TrustSide {
  const parsed = parsePolicyDocument(trustPolicy)
  if (!parsed.ok) return {status: 'unknown', reasons: [`the trust policy of ${targetArn} cannot be read: ${parsed.error}`], incomplete: true}
  const result = evaluatePolicies([{name: 'trust policy', document: parsed.document}],
    {action: 'sts:AssumeRole', resource: targetArn, caller, context}, 'resource')
  const reasons = explainEvaluation(result, `sts:AssumeRole by ${caller.role.arn}`,
    'no statement of the trust policy allows sts:AssumeRole')
  reasons.push(...result.problems.map((p) => `ignored: ${p}`))
  // The grant comes from the Allow statements that apply, also when a Deny may apply (then the status
  // is unknown, and the grant still decides whether the controller's own policies must allow too);
  // from the undecided ones only when none applies for sure (never a surer grant than the policy gives).
  const allows = (applies: string) => result.statements.filter((s) => s.effect === 'Allow' && s.applies === applies && s.kind)
  const granted = allows('true').length > 0 ? allows('true') : allows('unknown')
  const grant = granted.map((s) => s.kind as GrantKind).sort((a, b) => RANK[b] - RANK[a])[0]
  const status: Side = result.decision === 'allow' ? 'allowed' : result.decision === 'unknown' ? 'unknown' : 'denied'
  return {status, ...(grant && status !== 'denied' ? {grant} : {}), reasons: reasons.map((r) => `trust: ${r}`), incomplete: false}
}
