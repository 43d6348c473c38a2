import {strict as assert} from 'node:assert'

import type {PlannedPair} from '../../src/iam/check.js'
import type {IdentityFacts, IdentityLookup, Lookup, ProbeResult, RoleRecord} from '../../src/iam/records.js'
import {judgePair, type PairFacts} from '../../src/iam/verdict.js'

const SRC = 'arn:aws:iam::111111111111:role/ack-s3'
const LOCAL = 'arn:aws:iam::111111111111:role/ack-local'
const REMOTE = 'arn:aws:iam::222222222222:role/ack-remote'

const pair = (roleArn: string, sourceRoleArn: string | null = SRC): PlannedPair => ({
  sourceRoleArn, sourceFrom: ['ServiceAccount ack-system/ack-s3-controller'], roleArn, usedBy: ['IAMRoleSelector x'], unused: false, controllers: ['s3'],
  ...(sourceRoleArn === null ? {sourceMissing: 'ServiceAccount ack-system/ack-s3-controller has no eks.amazonaws.com/role-arn annotation'} : {}),
})
const found = <T>(value: T): Lookup<T> => ({status: 'found', value})
const role = (arn: string, statements: unknown[], extra: Partial<RoleRecord> = {}): Lookup<RoleRecord> =>
  found({arn, trustPolicy: {Version: '2012-10-17', Statement: statements}, tags: {}, permissionsBoundaryArn: null, ...extra})
const trusts = (principal: unknown, extra: Record<string, unknown> = {}) => ({Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...extra})
const identity = (decision: IdentityFacts['identity']['decision'], boundary?: IdentityFacts['identity']['decision']): IdentityLookup => ({
  status: 'found',
  value: {via: 'evaluator', identity: {decision, reasons: [`policy says ${decision}`]}, ...(boundary ? {boundary: {decision: boundary, reasons: [`boundary says ${boundary}`]}} : {})},
})
const facts = (target: Lookup<RoleRecord>, id: IdentityLookup | undefined = identity('implicit-deny'), extra: Partial<PairFacts> = {}): PairFacts =>
  ({source: role(SRC, [], {roleId: 'AROA111111111111SRC01'}), target, identity: id, ...extra})

type Case = [name: string, p: PlannedPair, f: PairFacts, verdict: string, trust: string, identity: string, reason?: RegExp]

// IAM User Guide, "Cross-account policy evaluation logic", "Permissions boundaries for IAM entities".
const CASES: Case[] = [
  ['same account, trust names the role: no identity grant needed', pair(LOCAL), facts(role(LOCAL, [trusts({AWS: SRC})])), 'pass', 'allowed', 'allowed', /not needed/],
  ['same account, trust by unique id of the role', pair(LOCAL), facts(role(LOCAL, [trusts({AWS: 'AROA111111111111SRC01'})])), 'pass', 'allowed', 'allowed'],
  ['same account, Principal "*" with aws:PrincipalArn: no identity grant needed', pair(LOCAL),
    facts(role(LOCAL, [trusts('*', {Condition: {StringEquals: {'aws:PrincipalArn': SRC}}})])), 'pass', 'allowed', 'allowed'],
  ['same account, trust names the account: identity must allow', pair(LOCAL), facts(role(LOCAL, [trusts({AWS: '111111111111'})])), 'fail', 'allowed', 'denied', /trusts the whole account 111111111111/],
  ['same account, trust names the account, identity allows', pair(LOCAL), facts(role(LOCAL, [trusts({AWS: 'arn:aws:iam::111111111111:root'})]), identity('allow')), 'pass', 'allowed', 'allowed'],
  ['cross-account, trust names the role but no identity grant', pair(REMOTE), facts(role(REMOTE, [trusts({AWS: SRC})])), 'fail', 'allowed', 'denied', /cross-account/],
  ['cross-account, both sides allow', pair(REMOTE), facts(role(REMOTE, [trusts({AWS: SRC})]), identity('allow')), 'pass', 'allowed', 'allowed'],
  ['cross-account, trust names the source account root', pair(REMOTE), facts(role(REMOTE, [trusts({AWS: 'arn:aws:iam::111111111111:root'})]), identity('allow')), 'pass', 'allowed', 'allowed'],
  ['an implicit deny in the boundary limits a same-account direct trust', pair(LOCAL), facts(role(LOCAL, [trusts({AWS: SRC})]), identity('implicit-deny', 'implicit-deny')), 'fail', 'allowed', 'denied', /boundary/],
  ['an explicit Deny in identity policies stops a same-account direct trust', pair(LOCAL), facts(role(LOCAL, [trusts({AWS: SRC})]), identity('explicit-deny')), 'fail', 'allowed', 'denied'],
  ['identity allows, boundary does not (cross-account)', pair(REMOTE), facts(role(REMOTE, [trusts({AWS: SRC})]), identity('allow', 'implicit-deny')), 'fail', 'allowed', 'denied', /boundary says/],
  ['an explicit Deny in the trust policy wins', pair(REMOTE), facts(role(REMOTE, [trusts({AWS: SRC}), {Effect: 'Deny', Principal: '*', Action: 'sts:*'}]), identity('allow')),
    'fail', 'denied', 'allowed', /Deny wins/],
  ['trust for another role', pair(REMOTE), facts(role(REMOTE, [trusts({AWS: 'arn:aws:iam::111111111111:role/other'})]), identity('allow')), 'fail', 'denied', 'allowed', /does not apply: Principal names/],
  ['a required external id fails: ACK sends none', pair(REMOTE), facts(role(REMOTE, [trusts({AWS: SRC}, {Condition: {StringEquals: {'sts:ExternalId': 'x'}}})]), identity('allow')),
    'fail', 'denied', 'allowed', /without an external id/],
  ['aws:PrincipalOrgID is undecided without the org id', pair(REMOTE), facts(role(REMOTE, [trusts('*', {Condition: {StringEquals: {'aws:PrincipalOrgID': 'o-1'}}})]), identity('allow')),
    'unknown', 'unknown', 'allowed', /depends on aws:PrincipalOrgID/],
  ['aws:PrincipalOrgID with --principal-org-id', pair(REMOTE), facts(role(REMOTE, [trusts('*', {Condition: {StringEquals: {'aws:PrincipalOrgID': 'o-1'}}})]), identity('allow'), {orgId: 'o-1'}),
    'pass', 'allowed', 'allowed'],
  ['aws:PrincipalTag from the source role\'s tags', pair(REMOTE),
    {...facts(role(REMOTE, [trusts({AWS: '111111111111'}, {Condition: {StringEquals: {'aws:PrincipalTag/team': 'storage'}}})]), identity('allow')), source: role(SRC, [], {tags: {team: 'storage'}})},
    'pass', 'allowed', 'allowed'],
  ['the target role does not exist', pair(REMOTE), facts({status: 'missing', detail: 'no role named ack-remote'}), 'fail', 'denied', 'unknown', /does not exist/],
  ['the target role cannot be read', pair(REMOTE), facts({status: 'unavailable', detail: 'AccessDenied: no', needs: 'iam:GetRole on x'}), 'unknown', 'unknown', 'unknown', /needs iam:GetRole/],
  ['the identity side cannot be read (cross-account)', pair(REMOTE), facts(role(REMOTE, [trusts({AWS: SRC})]), {status: 'unavailable', detail: 'no data', needs: '--iam-snapshot'}),
    'unknown', 'allowed', 'unknown', /cannot evaluate the policies/],
  ['same account, trust names the role, unreadable identity side: undecided (an explicit Deny could exist)', pair(LOCAL), facts(role(LOCAL, [trusts({AWS: SRC})]), {status: 'unavailable', detail: 'no data'}),
    'unknown', 'allowed', 'unknown'],
  ['the controller role does not exist', pair(REMOTE), {...facts(role(REMOTE, [trusts({AWS: SRC})])), source: {status: 'missing', detail: 'not in snapshot'}}, 'fail', 'unknown', 'denied', /does not exist/],
  ['a target ARN that is not a role ARN', pair('arn:aws:sts::222222222222:assumed-role/ack-remote/s'), {}, 'fail', 'unknown', 'unknown', /STS session ARN/],
  ['a target ARN with white space', pair(`${REMOTE} `), {}, 'fail', 'unknown', 'unknown', /white space/],
  ['partitions differ', pair('arn:aws-cn:iam::222222222222:role/ack-remote'), {}, 'fail', 'denied', 'unknown', /partition aws-cn/],
  ['the controller role is unknown', pair(REMOTE, null), {}, 'unknown', 'unknown', 'unknown', /no eks.amazonaws.com\/role-arn/],
  ['IAM reports another path: a note', pair(REMOTE), facts(role('arn:aws:iam::222222222222:role/team/ack-remote', [trusts({AWS: SRC})]), identity('allow')), 'pass', 'allowed', 'allowed'],
]

describe('verify-trust pair verdicts', () => {
  for (const [name, p, f, verdict, trust, id, reason] of CASES) {
    it(name, () => {
      const c = judgePair(p, f)
      assert.deepEqual([c.verdict, c.trust, c.identity], [verdict, trust, id], c.reasons.join('\n'))
      if (reason) assert.match(c.reasons.join('\n'), reason)
    })
  }

  it('the decisive reason comes first: a denied identity side before an allowed trust', () => {
    const c = judgePair(pair(REMOTE), facts(role(REMOTE, [trusts({AWS: SRC}, {Sid: 'Ack'})])))
    assert.match(c.reasons[0], /^identity: cross-account/)
    assert.match(c.reasons.at(-1) ?? '', /^trust: trust policy statement "Ack" allows/)
  })

  it('marks only missing data as incomplete (exit code 3), not undecided conditions', () => {
    assert.equal(judgePair(pair(REMOTE), facts({status: 'unavailable', detail: 'x'})).incomplete, true)
    assert.equal(judgePair(pair(REMOTE, null), {}).incomplete, true)
    const undecided = judgePair(pair(REMOTE), facts(role(REMOTE, [trusts({AWS: SRC}, {Condition: {IpAddress: {'aws:SourceIp': '10.0.0.0/8'}}})]), identity('allow')))
    assert.equal(undecided.verdict, 'unknown')
    assert.equal(undecided.incomplete, false)
    assert.equal(judgePair(pair(REMOTE), facts({status: 'missing', detail: 'x'})).incomplete, false)
  })

  it('reports the ARN IAM knows when the configured one differs in path', () => {
    const c = judgePair(pair(REMOTE), facts(role('arn:aws:iam::222222222222:role/team/ack-remote', [trusts({AWS: SRC})]), identity('allow')))
    assert.match(c.reasons.join('\n'), /IAM reports this role as arn:aws:iam::222222222222:role\/team\/ack-remote/)
  })

  describe('--probe', () => {
    const probe = (outcome: ProbeResult['outcome'], asSource: boolean): ProbeResult => ({outcome, message: outcome, asSource, callerArn: 'arn:aws:sts::111111111111:assumed-role/ack-s3/x'})
    const undecided = facts(role(REMOTE, [trusts({AWS: SRC}, {Condition: {IpAddress: {'aws:SourceIp': '10.0.0.0/8'}}})]), identity('allow'))
    it('a successful probe as the controller role decides PASS', () => {
      assert.equal(judgePair(pair(REMOTE), {...undecided, probe: probe('succeeded', true)}).verdict, 'pass')
    })
    it('a denied probe as the controller role decides FAIL and says it contradicts a PASS', () => {
      const c = judgePair(pair(REMOTE), {...facts(role(REMOTE, [trusts({AWS: SRC})]), identity('allow')), probe: probe('denied', true)})
      assert.equal(c.verdict, 'fail')
      assert.match(c.reasons.join('\n'), /contradicts/)
    })
    it('a probe with other credentials is only reported', () => {
      const c = judgePair(pair(REMOTE), {...undecided, probe: probe('succeeded', false)})
      assert.equal(c.verdict, 'unknown')
      assert.match(c.reasons.at(-1) ?? '', /^probe: sts:AssumeRole as arn:aws:sts::111111111111:assumed-role\/ack-s3\/x succeeded/)
    })
  })
})
