import {parseRoleArn, type RoleArn} from './arn.js'
import {CAPABILITY_SERVICE_PRINCIPAL} from '../ack/capability.js'
import type {EksCapability} from '../core/types.js'
import type {CapabilityRoleCheck, PlannedPair, Route, RouteCheck, TrustCheck, TrustReport, Verdict} from './check.js'
import {serviceAssumeContext, type CapabilitySession} from './context.js'
import {evaluateTrust} from './trust.js'
import {evaluateIdentity} from './identity.js'
import type {IdentityLookup, Lookup, ProbeResult, RoleRecord} from './records.js'
import {assumeRoleRequest} from './request.js'
import {judgePair, podIdentityPossible} from './verdict.js'
import type {IamSource} from './source.js'

export interface VerifyOptions {
  /** `--eks-capability-role-arn`: also check the capability role's own trust policy. */
  capability?: EksCapability
  /** The controller account's AWS Organizations id, when known. */
  orgId?: string
  /** Make a real sts:AssumeRole per pair (needs `source.probe`). */
  probe?: boolean
  /** Called after each pair is judged. */
  progress?: (done: number, total: number) => void
}

/**
 * Reads what each pair needs (each role, policy list and managed policy once, however many pairs
 * use it), then judges every pair. The source bounds and retries the calls themselves.
 */
export async function verifyPairs(pairs: PlannedPair[], source: IamSource, opts: VerifyOptions = {}): Promise<TrustReport> {
  const memo = new Map<string, Promise<unknown>>()
  const once = <T>(key: string, load: () => Promise<T>): Promise<T> => {
    if (!memo.has(key)) memo.set(key, load())
    return memo.get(key) as Promise<T>
  }
  const roleKey = (r: RoleArn) => `${r.partition}:${r.accountId}:${r.name.toLowerCase()}`
  const notes = new Set<string>()
  let done = 0

  const check = async (pair: PlannedPair): Promise<TrustCheck> => {
    const target = parseRoleArn(pair.roleArn)
    const src = pair.sourceRoleArn === null ? undefined : parseRoleArn(pair.sourceRoleArn)
    if (!target.ok || !src?.ok || src.role.partition !== target.role.partition) return judgePair(pair, {orgId: opts.orgId})
    const [targetRole, sourceRole] = await Promise.all([
      once(`role ${roleKey(target.role)}`, () => source.role(target.role)),
      once(`role ${roleKey(src.role)}`, () => source.role(src.role)),
    ])
    if (pair.capability) {
      // One judgement per route: the session tags differ, so tag conditions may allow one route and deny another.
      const capability = pair.capability
      const routes: Array<Route | undefined> = pair.routes && pair.routes.length > 0 ? pair.routes : [undefined]
      const results = await Promise.all(routes.map(async (route) => {
        const session = {namespace: route?.namespace, apiGroup: route?.apiGroup, capabilityARN: capability.capabilityARN}
        const identity = targetRole.status === 'found' && sourceRole.status !== 'missing'
          ? await identityOf(src.role, target.role, targetRole.value, sourceRole, session) : undefined
        return judgePair(pair, {source: sourceRole, target: targetRole, identity, orgId: opts.orgId, session})
      }))
      return worstRoute(routes, results)
    }
    let identity: IdentityLookup | undefined
    if (targetRole.status === 'found' && sourceRole.status !== 'missing') {
      identity = await identityOf(src.role, target.role, targetRole.value, sourceRole, undefined, podIdentityPossible(pair))
    }
    const probe: ProbeResult | undefined = opts.probe && source.probe ? await source.probe(src.role, pair.roleArn) : undefined
    return judgePair(pair, {source: sourceRole, target: targetRole, identity, probe, orgId: opts.orgId})
  }

  const identityOf = async (
    src: RoleArn, target: RoleArn, targetRecord: RoleRecord, sourceRole: Lookup<RoleRecord>, session?: CapabilitySession, podIdentity = false,
  ): Promise<IdentityLookup> => {
    const sourceRecord = sourceRole.status === 'found' ? sourceRole.value : undefined
    const {caller, context} = assumeRoleRequest(src, sourceRecord, target, targetRecord, opts.orgId, session, podIdentity)
    // The capability's calls need sts:TagSession too, per route: ackctl's evaluator decides them (one simulator call per route and action would not scale).
    if (source.simulate && !session) {
      const sim = await once(`simulate ${roleKey(src)} ${targetRecord.arn}`, () => source.simulate!(caller.role, targetRecord.arn, context))
      if (sim.note) notes.add(sim.note)
      if (sim.answer) return sim.answer
    }
    const policies = await once(`policies ${roleKey(src)}`, () => source.rolePolicies(src))
    if (policies.status !== 'found') {
      return {status: 'unavailable', detail: policies.detail, ...(policies.status === 'unavailable' && policies.needs ? {needs: policies.needs} : {})}
    }
    const arns = [...policies.value.attachedArns, ...(policies.value.permissionsBoundaryArn ? [policies.value.permissionsBoundaryArn] : [])]
    const managed = new Map<string, Lookup<unknown>>()
    await Promise.all(arns.map(async (arn) => {
      managed.set(arn, await once(`policy ${src.accountId} ${arn}`, () => source.managedPolicy(arn, src)))
    }))
    return evaluateIdentity(policies.value, managed, caller, context, targetRecord.arn, {tagSession: session !== undefined})
  }

  const checks = await Promise.all(pairs.map(async (pair) => {
    const result = await check(pair)
    opts.progress?.(++done, pairs.length)
    return result
  }))
  const count = (v: TrustCheck['verdict']) => checks.filter((c) => c.verdict === v).length
  const report: TrustReport = {checks, notes: [...notes].sort(), summary: {pass: count('pass'), fail: count('fail'), unknown: count('unknown')}}
  if (opts.capability) report.capabilityRole = await checkCapabilityRole(opts.capability, source)
  return report
}

const RANK: Record<Verdict, number> = {fail: 2, unknown: 1, pass: 0}

/** A capability pair's verdict: its worst route, whose reasons lead (named by namespace and API group); every route is kept. */
function worstRoute(routes: Array<Route | undefined>, results: TrustCheck[]): TrustCheck {
  let worst = 0
  results.forEach((r, i) => {
    if (RANK[r.verdict] > RANK[results[worst].verdict]) worst = i
  })
  const named = routes.filter((r): r is Route => r !== undefined)
  if (named.length === 0) return results[0]
  const at = (r: Route) => `namespace ${r.namespace}, ${r.apiGroup}`
  const routeChecks: RouteCheck[] = named.map((r, i) => ({
    namespace: r.namespace, apiGroup: r.apiGroup, verdict: results[i].verdict, trust: results[i].trust, identity: results[i].identity, reasons: results[i].reasons,
  }))
  const base = results[worst]
  const others = routeChecks.filter((_, i) => i !== worst).map((r) => `${at(r)}: ${r.verdict.toUpperCase()}`)
  return {
    ...base,
    reasons: [...base.reasons.map((r) => `${at(named[worst])}: ${r}`), ...(others.length > 0 ? [`other routes: ${others.join('; ')}`] : [])],
    incomplete: results.some((r) => r.incomplete) && base.verdict === 'unknown',
    routes: routeChecks,
  }
}

/**
 * The capability role's own trust policy: `capabilities.eks.amazonaws.com` must be allowed
 * sts:AssumeRole and sts:TagSession. Ref: EKS User Guide, "Amazon EKS capability IAM role".
 */
async function checkCapabilityRole(capability: EksCapability, source: IamSource): Promise<CapabilityRoleCheck> {
  const base = {roleARN: capability.roleARN, principal: CAPABILITY_SERVICE_PRINCIPAL}
  const parsed = parseRoleArn(capability.roleARN)
  if (!parsed.ok) return {...base, verdict: 'fail', reasons: [`arn: ${capability.roleARN} is not a usable role ARN: ${parsed.reason}`], incomplete: false}
  const record = await source.role(parsed.role)
  if (record.status === 'unavailable') return {...base, verdict: 'unknown', reasons: [`trust: cannot read ${capability.roleARN}: ${record.detail}${record.needs ? ` (needs ${record.needs})` : ''}`], incomplete: true}
  if (record.status === 'missing') return {...base, verdict: 'fail', reasons: [`trust: the capability role ${capability.roleARN} does not exist (${record.detail})`], incomplete: false}
  const caller = {role: parsed.role, service: CAPABILITY_SERVICE_PRINCIPAL}
  const context = serviceAssumeContext(CAPABILITY_SERVICE_PRINCIPAL, parsed.role.accountId, capability.capabilityARN)
  const trust = evaluateTrust(record.value.trustPolicy, caller, context, record.value.arn, {tagSession: true})
  const verdict: Verdict = trust.status === 'allowed' ? 'pass' : trust.status === 'denied' ? 'fail' : 'unknown'
  return {...base, verdict, reasons: trust.reasons, incomplete: trust.incomplete}
}
