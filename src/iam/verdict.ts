import {parseRoleArn, type RoleArn} from './arn.js'
import type {PlannedPair, TrustCheck, Verdict} from './check.js'
import type {IdentityFacts, IdentityLookup, Lookup, ProbeResult, RoleRecord} from './records.js'
import {assumeRoleRequest} from './request.js'
import {evaluateTrust, type Side, type TrustSide} from './trust.js'
import type {CapabilitySession} from './context.js'

/** What was read for one pair. Absent lookups were not needed (e.g. the ARN was malformed). */
export interface PairFacts {
  source?: Lookup<RoleRecord>
  target?: Lookup<RoleRecord>
  identity?: IdentityLookup
  probe?: ProbeResult
  /** The controller account's AWS Organizations id, when the user gave it. */
  orgId?: string
  /** EKS Capability: the session tags of this route (trust and identity must allow sts:TagSession too). */
  session?: CapabilitySession
}

/**
 * Judges one pair: (1) both ARNs are role ARNs in one partition, (2) the target exists and its
 * trust policy allows the source, (3) the source's own policies allow sts:AssumeRole on the
 * target, unless the target is in the same account and its trust names the role (or `*`): then
 * only an explicit Deny, or the source's permissions boundary, can stop it. Cross-account needs
 * both sides. A probe made with the source's own credentials overrides the prediction.
 * Ref: IAM User Guide, "Cross-account policy evaluation logic" and "Permissions boundaries".
 */
/**
 * Whether the controller's session may be EKS Pod Identity's: its role was given with
 * --source-role-arn (the ServiceAccount's IRSA annotation means IRSA, whose sessions carry no tags).
 */
export const podIdentityPossible = (pair: Pick<PlannedPair, 'sourceFrom' | 'capability'>): boolean =>
  pair.capability === undefined && pair.sourceFrom.includes('--source-role-arn')

export function judgePair(pair: PlannedPair, facts: PairFacts): TrustCheck {
  const base = {
    sourceRoleARN: pair.sourceRoleArn, roleARN: pair.roleArn, usedBy: pair.usedBy, unused: pair.unused, controllers: pair.controllers,
  }
  const done = (verdict: Verdict, trust: Side, identity: Side, reasons: string[], incomplete = false): TrustCheck =>
    withProbe({...base, verdict, trust, identity, reasons, incomplete: verdict === 'unknown' && incomplete}, facts.probe)

  const target = parseRoleArn(pair.roleArn)
  if (!target.ok) return done('fail', 'unknown', 'unknown', [`arn: ${pair.roleArn} is not a usable role ARN: ${target.reason}`])
  if (pair.sourceRoleArn === null) return done('unknown', 'unknown', 'unknown', [pair.sourceMissing ?? 'the controller\'s role is not known: pass --source-role-arn'], true)
  const source = parseRoleArn(pair.sourceRoleArn)
  if (!source.ok) return done('fail', 'unknown', 'unknown', [`arn: the controller's role ${pair.sourceRoleArn} (${pair.sourceFrom.join(', ')}) is not a usable role ARN: ${source.reason}`])
  if (source.role.partition !== target.role.partition) {
    return done('fail', 'denied', 'unknown', [`arn: ${pair.roleArn} is in partition ${target.role.partition}, the controller's role in ${source.role.partition}; STS cannot assume across partitions`])
  }

  const sourceRecord = facts.source?.status === 'found' ? facts.source.value : undefined
  const sourceNotes: string[] = []
  if (facts.source?.status === 'missing') {
    return done('fail', 'unknown', 'denied', [`source: the controller's role ${pair.sourceRoleArn} does not exist (${facts.source.detail})`])
  }
  const sameProblem = facts.source?.status === 'unavailable' && facts.target?.status === 'unavailable' && facts.source.detail === facts.target.detail
  if (facts.source?.status === 'unavailable' && !sameProblem) sourceNotes.push(`source: ${facts.source.detail}${facts.source.needs ? ` (needs ${facts.source.needs})` : ''}`)

  if (!facts.target || facts.target.status === 'unavailable') {
    const t = facts.target
    return done('unknown', 'unknown', 'unknown', [`trust: cannot read ${pair.roleArn}: ${t?.detail ?? 'not read'}${t?.needs ? ` (needs ${t.needs})` : ''}`, ...sourceNotes], true)
  }
  if (facts.target.status === 'missing') {
    return done('fail', 'denied', 'unknown', [`trust: the role ${pair.roleArn} does not exist in account ${target.role.accountId} (${facts.target.detail})`, ...sourceNotes])
  }
  const targetRecord = facts.target.value
  const {caller, context} = assumeRoleRequest(source.role, sourceRecord, target.role, targetRecord, facts.orgId, facts.session, podIdentityPossible(pair))
  const trust = evaluateTrust(targetRecord.trustPolicy, caller, context, targetRecord.arn, {tagSession: facts.session !== undefined})
  const notes = [...arnNotes(target.role, targetRecord.arn), ...(sourceRecord ? arnNotes(source.role, sourceRecord.arn, 'the controller\'s role') : []), ...sourceNotes]
  const identity = judgeIdentity(source.role, target.role, trust, facts.identity)

  const verdict: Verdict = trust.status === 'denied' || identity.status === 'denied' ? 'fail'
    : trust.status === 'unknown' || identity.status === 'unknown' ? 'unknown' : 'pass'
  const reasons = identity.status === 'denied' && trust.status !== 'denied'
    ? [...identity.reasons, ...trust.reasons]
    : [...trust.reasons, ...identity.reasons]
  const incomplete = (trust.status === 'unknown' && trust.incomplete) || (identity.status === 'unknown' && identity.incomplete)
  return done(verdict, trust.status, identity.status, [...reasons, ...notes], incomplete)
}

function judgeIdentity(source: RoleArn, target: RoleArn, trust: TrustSide, lookup: IdentityLookup | undefined): TrustSide {
  const direct = source.accountId === target.accountId && (trust.grant === 'direct' || trust.grant === 'anyone')
  if (!lookup || lookup.status === 'unavailable') {
    const why = lookup ? `${lookup.detail}${lookup.needs ? ` (needs ${lookup.needs})` : ''}` : 'not read'
    return {status: 'unknown', reasons: [`identity: cannot evaluate the policies of ${source.arn}: ${why}`], incomplete: true}
  }
  const facts: IdentityFacts = lookup.value
  const via = facts.via === 'simulator' ? ' (iam:SimulatePrincipalPolicy)' : ''
  const idReasons = facts.identity.reasons.map((r) => `identity${via}: ${r}`)
  const bReasons = (facts.boundary?.reasons ?? []).map((r) => `boundary: ${r}`)
  const boundary = facts.boundary?.decision ?? 'allow'
  const id = facts.identity.decision
  if (id === 'explicit-deny') return {status: 'denied', reasons: idReasons, incomplete: false}
  if (boundary === 'explicit-deny') return {status: 'denied', reasons: bReasons, incomplete: false}
  if (boundary === 'implicit-deny') {
    const extra = direct ? ['boundary: a trust policy that names the role does not lift an implicit deny in its permissions boundary'] : []
    return {status: 'denied', reasons: [...bReasons, ...extra], incomplete: false}
  }
  if (direct) {
    // No identity grant is needed, so an uncertain Allow does not matter; a Deny that may apply does.
    const mayDeny = facts.identity.mayDeny ?? []
    if (mayDeny.length > 0) return {status: 'unknown', reasons: mayDeny.map((r) => `identity${via}: ${r}`), incomplete: false}
    const note = `identity: not needed: ${target.arn} is in the controller's own account and its trust policy names the role${trust.grant === 'anyone' ? ' (Principal "*")' : ''}`
    return {status: boundary === 'unknown' ? 'unknown' : 'allowed', reasons: [note, ...(boundary === 'unknown' ? bReasons : [])], incomplete: false}
  }
  const why = source.accountId === target.accountId
    ? `the trust policy trusts the whole account ${target.accountId}, so the controller role's own policies must allow sts:AssumeRole on ${target.arn}, and none does`
    : `cross-account: the controller role's own policies must allow sts:AssumeRole on ${target.arn} too, and none does`
  if (id === 'implicit-deny') return {status: 'denied', reasons: [`identity: ${why}`, ...idReasons], incomplete: false}
  if (id === 'unknown' || boundary === 'unknown') return {status: 'unknown', reasons: [...idReasons, ...bReasons], incomplete: false}
  return {status: 'allowed', reasons: [...idReasons, ...bReasons], incomplete: false}
}

function arnNotes(asked: RoleArn, actual: string, what = 'this role'): string[] {
  if (actual === asked.arn) return []
  return [`arn: IAM reports ${what} as ${actual}; the configured ARN ${asked.arn} differs in path or case, use IAM's ARN`]
}

/**
 * A real sts:AssumeRole. It says whose credentials made it; made with other credentials than the
 * controller's role it proves nothing about the controller and changes nothing. Made as the
 * controller's role, a denial is a FAIL, but a success never turns a predicted FAIL into a PASS:
 * that contradiction is UNKNOWN until explained (session policies, SCPs or RCPs differ between the
 * probe's session and the controller's, or ackctl's data is stale).
 */
function withProbe(check: TrustCheck, probe: ProbeResult | undefined): TrustCheck {
  if (!probe) return check
  const who = probe.callerArn ?? 'the current credentials (unknown caller)'
  const line = `probe: sts:AssumeRole as ${who} ${probe.outcome}: ${probe.message}`
  if (!probe.asSource) {
    const note = probe.outcome === 'error' ? '' : `; these are not the controller's role ${check.sourceRoleARN ?? ''}, so the result proves nothing about the controller`
    return {...check, probe, reasons: [...check.reasons, `${line}${note}`]}
  }
  if (probe.outcome === 'error') return {...check, probe, reasons: [...check.reasons, line]}
  if (probe.outcome === 'denied') {
    const disagree = check.verdict === 'pass' ? [`probe: the real call contradicts ackctl's prediction (PASS); SCPs, RCPs or session policies may explain it`] : []
    return {...check, verdict: 'fail', incomplete: false, probe, reasons: [line, ...disagree, ...check.reasons]}
  }
  if (check.verdict === 'fail') {
    return {...check, verdict: 'unknown', incomplete: false, probe, reasons: [line, 'probe: the real call succeeded although ackctl predicts FAIL: a probe never turns a FAIL into a PASS; check the IAM data (is it current?) and the policies named below', ...check.reasons]}
  }
  return {...check, verdict: 'pass', incomplete: false, probe, reasons: [line, ...check.reasons]}
}
