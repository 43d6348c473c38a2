import {parseRoleArn, type RoleArn} from './arn.js'
import type {PlannedPair, TrustCheck, TrustReport} from './check.js'
import {evaluateIdentity} from './identity.js'
import type {IdentityLookup, Lookup, ProbeResult, RoleRecord} from './records.js'
import {assumeRoleRequest} from './request.js'
import {judgePair} from './verdict.js'
import type {IamSource} from './source.js'

export interface VerifyOptions {
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
    let identity: IdentityLookup | undefined
    if (targetRole.status === 'found' && sourceRole.status !== 'missing') {
      identity = await identityOf(src.role, target.role, targetRole.value, sourceRole)
    }
    const probe: ProbeResult | undefined = opts.probe && source.probe ? await source.probe(src.role, pair.roleArn) : undefined
    return judgePair(pair, {source: sourceRole, target: targetRole, identity, probe, orgId: opts.orgId})
  }

  const identityOf = async (src: RoleArn, target: RoleArn, targetRecord: RoleRecord, sourceRole: Lookup<RoleRecord>): Promise<IdentityLookup> => {
    const sourceRecord = sourceRole.status === 'found' ? sourceRole.value : undefined
    const {caller, context} = assumeRoleRequest(src, sourceRecord, target, targetRecord, opts.orgId)
    if (source.simulate) {
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
    return evaluateIdentity(policies.value, managed, caller, context, targetRecord.arn)
  }

  const checks = await Promise.all(pairs.map(async (pair) => {
    const result = await check(pair)
    opts.progress?.(++done, pairs.length)
    return result
  }))
  const count = (v: TrustCheck['verdict']) => checks.filter((c) => c.verdict === v).length
  return {checks, notes: [...notes].sort(), summary: {pass: count('pass'), fail: count('fail'), unknown: count('unknown')}}
}
