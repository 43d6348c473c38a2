import type {RequestContext} from './context.js'
import {evaluatePolicies, type Decision, type NamedPolicy} from './evaluate.js'
import {explainEvaluation} from './explain.js'
import {parsePolicyDocument} from './policy-document.js'
import type {Caller} from './principal.js'
import type {IdentityFacts, IdentityLookup, Lookup, RolePolicies} from './records.js'

/**
 * The controller role's own side of sts:AssumeRole, decided by ackctl's evaluator from its inline,
 * attached and permissions-boundary policies (offline, or online when the simulator is unavailable).
 * An attached policy that cannot be read makes the whole side unavailable, never a pass.
 */
export function evaluateIdentity(
  policies: RolePolicies,
  managed: ReadonlyMap<string, Lookup<unknown>>,
  caller: Caller,
  context: RequestContext,
  targetArn: string,
  opts: {tagSession?: boolean} = {},
): IdentityLookup {
  const named: NamedPolicy[] = []
  for (const p of policies.inline) {
    const parsed = parsePolicyDocument(p.document)
    if (!parsed.ok) return {status: 'unavailable', detail: `inline policy "${p.name}" of ${caller.role.arn} cannot be read: ${parsed.error}`}
    named.push({name: `inline policy "${p.name}"`, document: parsed.document})
  }
  for (const arn of policies.attachedArns) {
    const doc = managedDocument(arn, managed)
    if ('status' in doc) return doc
    named.push({name: `managed policy ${arn}`, document: doc})
  }
  const facts = evaluateActions(named, policies.permissionsBoundaryArn, managed, caller, context, targetArn, 'sts:AssumeRole')
  if ('status' in facts) return facts
  if (!opts.tagSession) return {status: 'found', value: facts}
  const tag = evaluateActions(named, policies.permissionsBoundaryArn, managed, caller, context, targetArn, 'sts:TagSession')
  if ('status' in tag) return tag
  return {status: 'found', value: combineFacts(facts, tag, targetArn)}
}

function evaluateActions(
  named: NamedPolicy[], boundaryArn: string | null | undefined, managed: ReadonlyMap<string, Lookup<unknown>>, caller: Caller, context: RequestContext,
  targetArn: string, action: string,
): IdentityFacts | Extract<IdentityLookup, {status: 'unavailable'}> {
  const request = {action, resource: targetArn, caller, context}
  const subject = `${action} on ${targetArn}`
  const identity = evaluatePolicies(named, request, 'identity')
  const facts: IdentityFacts = {
    via: 'evaluator',
    identity: {
      decision: identity.decision, reasons: explainEvaluation(identity, subject, `no policy of ${caller.role.arn} allows ${subject}`),
      mayDeny: identity.mayDeny.map((s) => `${s.label} may deny ${subject}: ${s.why}`),
    },
  }
  if (boundaryArn) {
    const doc = managedDocument(boundaryArn, managed)
    if ('status' in doc) return doc
    const boundary = evaluatePolicies([{name: `permissions boundary ${boundaryArn}`, document: doc}], request, 'identity')
    facts.boundary = {
      decision: boundary.decision,
      reasons: explainEvaluation(boundary, subject, `the permissions boundary ${boundaryArn} does not allow ${subject}`),
    }
  }
  return facts
}

const DECISION_RANK: Record<Decision, number> = {'explicit-deny': 3, 'implicit-deny': 2, unknown: 1, allow: 0}
const worse = (a: Decision, b: Decision): Decision => (DECISION_RANK[a] >= DECISION_RANK[b] ? a : b)

/** sts:AssumeRole and sts:TagSession must both be allowed: the worse decision of the two, with both explanations. */
function combineFacts(assume: IdentityFacts, tag: IdentityFacts, targetArn: string): IdentityFacts {
  const decision = worse(assume.identity.decision, tag.identity.decision)
  const missing = tag.identity.decision === 'implicit-deny' && assume.identity.decision !== 'implicit-deny'
    ? [`the capability role's policies allow sts:AssumeRole on ${targetArn} but not sts:TagSession, which the EKS Capability needs: add "sts:TagSession" to the Action of that statement`]
    : []
  const facts: IdentityFacts = {
    via: 'evaluator',
    identity: {
      decision,
      reasons: [...missing, ...assume.identity.reasons, ...tag.identity.reasons],
      mayDeny: [...(assume.identity.mayDeny ?? []), ...(tag.identity.mayDeny ?? [])],
    },
  }
  if (assume.boundary || tag.boundary) {
    const a = assume.boundary ?? {decision: 'allow' as Decision, reasons: []}
    const b = tag.boundary ?? {decision: 'allow' as Decision, reasons: []}
    facts.boundary = {decision: worse(a.decision, b.decision), reasons: [...a.reasons, ...b.reasons]}
  }
  return facts
}

function managedDocument(arn: string, managed: ReadonlyMap<string, Lookup<unknown>>) {
  const hit = managed.get(arn)
  if (!hit || hit.status === 'missing') {
    return {status: 'unavailable' as const, detail: `the managed policy ${arn} is attached but its document is not in the IAM data${hit ? ` (${hit.detail})` : ''}`, needs: `iam:GetPolicy and iam:GetPolicyVersion on ${arn}`}
  }
  if (hit.status === 'unavailable') return hit
  const parsed = parsePolicyDocument(hit.value)
  if (!parsed.ok) return {status: 'unavailable' as const, detail: `the managed policy ${arn} cannot be read: ${parsed.error}`}
  return parsed.document
}
