import type {ContextEntry, EvaluationResult} from '@aws-sdk/client-iam'

import {lookupKey, type RequestContext} from '../iam/context.js'
import type {IdentityFacts} from '../iam/records.js'

const BOOLEAN_KEYS = new Set(['aws:securetransport', 'aws:principalisawsservice', 'aws:viaawsservice'])

/** The keys ackctl knows, as simulator context entries (absent and unknown keys are left out). */
export function contextEntries(context: RequestContext): ContextEntry[] {
  const out: ContextEntry[] = []
  for (const [key, value] of [...context.entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    if (value.state !== 'present') continue
    const type = BOOLEAN_KEYS.has(key) ? 'boolean' : value.values.length > 1 ? 'stringList' : 'string'
    out.push({ContextKeyName: key, ContextKeyValues: value.values, ContextKeyType: type})
  }
  return out
}

/**
 * iam:SimulatePrincipalPolicy's answer as identity facts. The simulator covers identity policies
 * and the permissions boundary (not trust policies). A non-allow answer that used a context key
 * ackctl cannot know is reported as undecided, never as a denial.
 */
export function simulationFacts(result: EvaluationResult, sourceArn: string, targetArn: string, context: RequestContext): IdentityFacts {
  const subject = `sts:AssumeRole on ${targetArn}`
  const statements = (result.MatchedStatements ?? []).map((s) =>
    `${s.SourcePolicyType ?? 'policy'} ${s.SourcePolicyId ?? '?'}${s.StartPosition?.Line ? ` (line ${s.StartPosition.Line})` : ''}`)
  const missing = (result.MissingContextValues ?? []).filter((k) => lookupKey(context, k).state === 'unknown')
  const boundaryAllowed = result.PermissionsBoundaryDecisionDetail?.AllowedByPermissionsBoundary
  const facts: IdentityFacts = {via: 'simulator', identity: {decision: 'implicit-deny', reasons: []}}
  switch (result.EvalDecision) {
    case 'allowed':
      facts.identity = {decision: 'allow', reasons: [`${statements.join(', ') || 'a policy'} allows ${subject}`]}
      break
    case 'explicitDeny':
      facts.identity = {decision: 'explicit-deny', reasons: [`${statements.join(', ') || 'a policy'} denies ${subject} (an explicit Deny wins)`]}
      break
    default:
      facts.identity = missing.length > 0
        ? {decision: 'unknown', reasons: [`the simulator denied ${subject}, but the policies use ${missing.join(', ')}, which ackctl cannot know`]}
        : {decision: 'implicit-deny', reasons: [`no policy of ${sourceArn} allows ${subject}`]}
  }
  if (boundaryAllowed === false) {
    facts.boundary = {decision: 'implicit-deny', reasons: [`the permissions boundary of ${sourceArn} does not allow ${subject}`]}
  }
  return facts
}
