import type {RequestContext} from './context.js'
import {evaluatePolicies, type NamedPolicy} from './evaluate.js'
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
  const request = {action: 'sts:AssumeRole', resource: targetArn, caller, context}
  const subject = `sts:AssumeRole on ${targetArn}`
  const identity = evaluatePolicies(named, request, 'identity')
  const facts: IdentityFacts = {
    via: 'evaluator',
    identity: {
      decision: identity.decision, reasons: explainEvaluation(identity, subject, `no policy of ${caller.role.arn} allows ${subject}`),
      mayDeny: identity.mayDeny.map((s) => `${s.label} may deny ${subject}: ${s.why}`),
    },
  }
  if (policies.permissionsBoundaryArn) {
    const doc = managedDocument(policies.permissionsBoundaryArn, managed)
    if ('status' in doc) return doc
    const boundary = evaluatePolicies([{name: `permissions boundary ${policies.permissionsBoundaryArn}`, document: doc}], request, 'identity')
    facts.boundary = {
      decision: boundary.decision,
      reasons: explainEvaluation(boundary, subject, `the permissions boundary ${policies.permissionsBoundaryArn} does not allow ${subject}`),
    }
  }
  return {status: 'found', value: facts}
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
