import {strict as assert} from 'node:assert'

import fc from 'fast-check'

import {parseRoleArn} from '../../src/iam/arn.js'
import type {PlannedPair} from '../../src/iam/check.js'
import {evaluateIdentity} from '../../src/iam/identity.js'
import type {Lookup, RoleRecord} from '../../src/iam/records.js'
import {assumeRoleRequest} from '../../src/iam/request.js'
import {judgePair} from '../../src/iam/verdict.js'

/**
 * A differential test: random trust, identity and boundary policy sets, judged by ackctl and by a
 * deliberately small, separate model of AWS's documented evaluation logic written here, statement by
 * statement, for the request ACK makes (a role session, no MFA, no external id, session name
 * aws-go-sdk-<digits>, source IP unknown). Target: at least 97% agreement, and never a PASS where the
 * model says the call is denied or undecided.
 *
 * The model follows the IAM User Guide: "Policy evaluation logic" (an explicit Deny wins, then an
 * Allow, else an implicit deny), "Cross-account policy evaluation logic" (both sides must allow;
 * a same-account trust policy that names the role needs no identity grant), "Permissions boundaries"
 * (the boundary must allow too), "NotPrincipal", "AWS global condition context keys".
 */
type Tri = 'yes' | 'no' | 'maybe'
const SRC = 'arn:aws:iam::111111111111:role/ack-s3'
const BOUNDARY = 'arn:aws:iam::111111111111:policy/b'
const TARGETS = ['arn:aws:iam::111111111111:role/ack-local', 'arn:aws:iam::222222222222:role/ack-remote']

interface Stmt {
  Effect: 'Allow' | 'Deny'
  Principal?: unknown
  NotPrincipal?: unknown
  Action?: string
  NotAction?: string
  Resource?: string
  Condition?: Record<string, Record<string, string>>
}

const conditions: Array<Record<string, Record<string, string>> | undefined> = [
  undefined,
  {StringEquals: {'sts:ExternalId': 'abc'}},
  {Bool: {'aws:MultiFactorAuthPresent': 'true'}},
  {Bool: {'aws:MultiFactorAuthPresent': 'false'}},
  {BoolIfExists: {'aws:MultiFactorAuthPresent': 'false'}},
  {IpAddress: {'aws:SourceIp': '10.0.0.0/8'}},
  {StringLike: {'sts:RoleSessionName': 'aws-go-sdk-*'}},
  {StringEquals: {'sts:RoleSessionName': 'ack'}},
  {StringEquals: {'aws:PrincipalAccount': '111111111111'}},
  {StringEquals: {'aws:PrincipalAccount': '333333333333'}},
]

/** What the model knows of each condition for ACK's request (IAM User Guide, condition keys). */
function modelCondition(c: Stmt['Condition']): Tri {
  if (!c) return 'yes'
  const [[op, kv]] = Object.entries(c)
  const [[key, value]] = Object.entries(kv)
  switch (key) {
    case 'sts:ExternalId': return 'no' // not in the request: a positive operator fails
    case 'aws:MultiFactorAuthPresent': return value === 'false' ? 'yes' : 'no' // present, false (temporary credentials)
    case 'aws:SourceIp': return 'maybe' // unknown to anyone predicting
    case 'sts:RoleSessionName': return op === 'StringLike' && value === 'aws-go-sdk-*' ? 'yes' : 'no'
    case 'aws:PrincipalAccount': return value === '111111111111' ? 'yes' : 'no'
    default: throw new Error(`model has no rule for ${key}`)
  }
}

const principals: unknown[] = [{AWS: SRC}, {AWS: '111111111111'}, {AWS: 'arn:aws:iam::111111111111:root'}, {AWS: '333333333333'}, '*']

/** The caller's identities: the account, the role, its session; Principal lists match any of them. */
function modelPrincipal(s: Stmt): {applies: boolean; direct: boolean} {
  const listed = (p: unknown) => p === '*' || (typeof p === 'object' && p !== null && ['111111111111', 'arn:aws:iam::111111111111:root', SRC].includes((p as {AWS: string}).AWS))
  if (s.Principal !== undefined) {
    const hit = listed(s.Principal)
    return {applies: hit, direct: hit && (s.Principal === '*' || (s.Principal as {AWS: string}).AWS === SRC)}
  }
  const np = s.NotPrincipal
  if (s.Effect === 'Allow') return {applies: !listed(np), direct: !listed(np)} // all but those listed
  // Deny + NotPrincipal: denies unless the account, the role and the session are all listed; a list of one never lists all.
  return {applies: np !== '*', direct: false}
}

const glob = (pattern: string, text: string) => new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(text)

function modelStatement(s: Stmt, kind: 'trust' | 'identity', target: string): {applies: Tri; direct: boolean} {
  const action = s.Action !== undefined ? glob(s.Action, 'sts:AssumeRole') : !glob(s.NotAction!, 'sts:AssumeRole')
  if (!action) return {applies: 'no', direct: false}
  let direct = false
  if (kind === 'trust') {
    const p = modelPrincipal(s)
    if (!p.applies) return {applies: 'no', direct: false}
    direct = p.direct
  } else if (!glob(s.Resource ?? '*', target)) return {applies: 'no', direct: false}
  return {applies: modelCondition(s.Condition), direct}
}

/** One policy set: Deny beats Allow; a Deny that may apply leaves at best `maybe`. */
function modelSet(statements: Stmt[], kind: 'trust' | 'identity', target: string): {allowed: Tri; direct: boolean; mayDeny: boolean} {
  const r = statements.map((s) => ({s, ...modelStatement(s, kind, target)}))
  const deny = r.filter((x) => x.s.Effect === 'Deny')
  const allow = r.filter((x) => x.s.Effect === 'Allow')
  const mayDeny = deny.some((x) => x.applies === 'maybe')
  if (deny.some((x) => x.applies === 'yes')) return {allowed: 'no', direct: false, mayDeny}
  const allowYes = allow.filter((x) => x.applies === 'yes')
  // How the caller is granted: by the Allows that apply; by the undecided ones only when none applies.
  const direct = allowYes.length > 0 ? allowYes.some((x) => x.direct) : allow.some((x) => x.applies === 'maybe' && x.direct)
  if (allowYes.length > 0) return {allowed: mayDeny ? 'maybe' : 'yes', direct, mayDeny}
  if (allow.some((x) => x.applies === 'maybe')) return {allowed: 'maybe', direct, mayDeny}
  return {allowed: 'no', direct: false, mayDeny}
}

function model(target: string, trust: Stmt[], identity: Stmt[], boundary: Stmt[] | undefined): 'pass' | 'fail' | 'unknown' {
  const t = modelSet(trust, 'trust', target)
  const i = modelSet(identity, 'identity', target)
  const b = boundary ? modelSet(boundary, 'identity', target) : {allowed: 'yes' as Tri, direct: false, mayDeny: false}
  const sameAccount = target.includes(':111111111111:')
  const identityDenies = identity.some((s) => s.Effect === 'Deny' && modelStatement(s, 'identity', target).applies === 'yes')
  if (t.allowed === 'no' || identityDenies || b.allowed === 'no') return 'fail'
  const identityNeeded = !(sameAccount && t.direct)
  const iSide: Tri = identityNeeded ? i.allowed : i.mayDeny ? 'maybe' : 'yes'
  if (iSide === 'no') return 'fail'
  return t.allowed === 'yes' && iSide === 'yes' && b.allowed === 'yes' ? 'pass' : 'unknown'
}

const stmt = (kind: 'trust' | 'identity') => fc.record({
  Effect: fc.constantFrom<'Allow' | 'Deny'>('Allow', 'Allow', 'Allow', 'Deny'),
  // Weighted toward statements that apply, so that PASS and UNKNOWN are common enough to compare.
  who: fc.oneof({weight: 4, arbitrary: fc.integer({min: 0, max: principals.length - 1})}, {weight: 1, arbitrary: fc.integer({min: principals.length, max: principals.length * 2 - 1})}),
  action: fc.constantFrom('sts:AssumeRole', 'sts:AssumeRole', 'sts:*', 's3:*', 'NOT s3:*', 'NOT sts:*'),
  resource: fc.constantFrom('*', 'TARGET', 'TARGET', 'arn:aws:iam::*:role/ack-*', 'arn:aws:iam::999999999999:role/x'),
  condition: fc.oneof({weight: 3, arbitrary: fc.constant(0)}, {weight: 4, arbitrary: fc.integer({min: 1, max: conditions.length - 1})}),
}).map(({Effect, who, action, resource, condition}, ): Stmt => {
  const s: Stmt = {Effect}
  if (action.startsWith('NOT ')) s.NotAction = action.slice(4)
  else s.Action = action
  if (kind === 'trust') {
    const p = principals[who % principals.length]
    if (who < principals.length) s.Principal = p
    else s.NotPrincipal = p
  } else s.Resource = resource
  const c = conditions[condition]
  if (c) s.Condition = c
  return s
})

function ackctl(target: string, trust: Stmt[], identity: Stmt[], boundary: Stmt[] | undefined): string {
  const doc = (st: Stmt[]) => ({Version: '2012-10-17', Statement: st.map((s) => (s.Resource === 'TARGET' ? {...s, Resource: target} : s))})
  const source = parseRoleArn(SRC)
  const tgt = parseRoleArn(target)
  if (!source.ok || !tgt.ok) throw new Error('bad ARN')
  const sourceRecord: RoleRecord = {arn: SRC, trustPolicy: doc([]), tags: {}, permissionsBoundaryArn: boundary ? BOUNDARY : null}
  const targetRecord: RoleRecord = {arn: target, trustPolicy: doc(trust), tags: {}, permissionsBoundaryArn: null}
  const {caller, context} = assumeRoleRequest(source.role, sourceRecord, tgt.role, targetRecord)
  const managed = new Map<string, Lookup<unknown>>(boundary ? [[BOUNDARY, {status: 'found', value: doc(boundary)}]] : [])
  const id = evaluateIdentity({inline: [{name: 'p', document: doc(identity)}], attachedArns: [], permissionsBoundaryArn: boundary ? BOUNDARY : null}, managed, caller, context, target)
  const pair: PlannedPair = {sourceRoleArn: SRC, sourceFrom: ['--source-role-arn'], roleArn: target, usedBy: ['--role-arn'], unused: false, controllers: []}
  return judgePair(pair, {source: {status: 'found', value: sourceRecord}, target: {status: 'found', value: targetRecord}, identity: id}).verdict
}

describe('verify-trust against a separate model of AWS\'s documented evaluation (random policy sets)', function () {
  this.timeout(60_000)
  // Known disagreements: none today. (This test found one in ackctl: a trust Deny that may apply hid the
  // direct grant of the Allow beside it, so the pair was a FAIL instead of UNKNOWN; fixed in src/iam/trust.ts.)
  it('agrees on at least 97% of 5000 cases and never says PASS where the model does not', () => {
    let agree = 0
    const dist: Record<string, number> = {}
    const disagreements: string[] = []
    let total = 0
    const falsePass: string[] = []
    fc.assert(fc.property(
      fc.constantFrom(...TARGETS),
      fc.array(stmt('trust'), {minLength: 1, maxLength: 3}),
      fc.array(stmt('identity'), {maxLength: 3}),
      fc.option(fc.array(stmt('identity'), {minLength: 1, maxLength: 2}), {nil: undefined}),
      (target, trust, identity, boundary) => {
        const fix = (st: Stmt[]) => st.map((s) => (s.Resource === 'TARGET' ? {...s, Resource: target} : s))
        const expected = model(target, trust, fix(identity), boundary && fix(boundary))
        const got = ackctl(target, trust, identity, boundary)
        total++
        if (got === expected) agree++
        dist[`${expected}/${got}`] = (dist[`${expected}/${got}`] ?? 0) + 1
        if (got !== expected && disagreements.length < 5) disagreements.push(JSON.stringify({target, trust, identity, boundary, expected, got}))
        if (got === 'pass' && expected !== 'pass') falsePass.push(JSON.stringify({target, trust, identity, boundary, expected}))
      },
    ), {numRuns: 5000, seed: 20261202})
    assert.deepEqual(falsePass.slice(0, 3), [], `${falsePass.length} false PASS`)
    // Every verdict occurs, so the agreement is not that of an easy corner.
    for (const v of ['pass/pass', 'fail/fail', 'unknown/unknown']) assert.ok((dist[v] ?? 0) >= 20, JSON.stringify(dist))
    assert.ok(agree / total >= 0.97, `agreement ${(100 * agree / total).toFixed(1)}% of ${total} (${JSON.stringify(dist)}); first disagreements:\n${disagreements.join('\n')}`)
  })
})
