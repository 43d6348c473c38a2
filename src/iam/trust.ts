import type {RequestContext} from './context.js'
import {evaluatePolicies} from './evaluate.js'
import {explainEvaluation} from './explain.js'
import {parsePolicyDocument, type PolicyDocument} from './policy-document.js'
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
 * With `tagSession` (the EKS Capability tags its sessions) the policy must allow `sts:TagSession`
 * too: STS refuses the whole call otherwise. Ref: IAM User Guide, "Passing session tags in AWS STS".
 */
export function evaluateTrust(trustPolicy: unknown, caller: Caller, context: RequestContext, targetArn: string, opts: {tagSession?: boolean} = {}): TrustSide {
  const parsed = parsePolicyDocument(trustPolicy)
  if (!parsed.ok) return {status: 'unknown', reasons: [`the trust policy of ${targetArn} cannot be read: ${parsed.error}`], incomplete: true}
  const assume = evaluateAction(parsed.document, caller, context, targetArn, 'sts:AssumeRole')
  if (!opts.tagSession || assume.status === 'denied') return assume
  const tag = evaluateAction(parsed.document, caller, context, targetArn, 'sts:TagSession')
  if (tag.status === 'denied') {
    const who = caller.service ?? caller.role.arn
    return {status: 'denied', reasons: [
      `trust: the trust policy allows sts:AssumeRole${assume.status === 'unknown' ? ' (perhaps)' : ''} but not sts:TagSession for ${who}: the EKS Capability tags its sessions, so STS refuses the call; add "sts:TagSession" to the Action of the statement that allows sts:AssumeRole`,
      ...tag.reasons], incomplete: false}
  }
  const status: Side = assume.status === 'unknown' || tag.status === 'unknown' ? 'unknown' : 'allowed'
  // Both calls must be granted: the weaker grant decides whether the caller's own policies must allow too.
  const grant = [assume.grant, tag.grant].every((g) => g !== undefined) ? [assume.grant!, tag.grant!].sort((a, b) => RANK[a] - RANK[b])[0] : undefined
  return {status, ...(grant ? {grant} : {}), reasons: [...new Set([...assume.reasons, ...tag.reasons])], incomplete: false}
}

function evaluateAction(document: PolicyDocument, caller: Caller, context: RequestContext, targetArn: string, action: string): TrustSide {
  const result = evaluatePolicies([{name: 'trust policy', document}], {action, resource: targetArn, caller, context}, 'resource')
  const reasons = explainEvaluation(result, `${action} by ${caller.service ?? caller.role.arn}`, `no statement of the trust policy allows ${action}`)
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
