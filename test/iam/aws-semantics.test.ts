import {strict as assert} from 'node:assert'

import {parseRoleArn} from '../../src/iam/arn.js'
import type {PlannedPair} from '../../src/iam/check.js'
import {evaluateIdentity} from '../../src/iam/identity.js'
import type {Lookup, RoleRecord} from '../../src/iam/records.js'
import {assumeRoleRequest} from '../../src/iam/request.js'
import {judgePair} from '../../src/iam/verdict.js'

const SRC = 'arn:aws:iam::111111111111:role/ack-s3'
const LOCAL = 'arn:aws:iam::111111111111:role/ack-local'
const REMOTE = 'arn:aws:iam::222222222222:role/ack-remote'
const BOUNDARY = 'arn:aws:iam::111111111111:policy/ack-boundary'

type Statement = Record<string, unknown>
const doc = (...statements: Statement[]) => ({Version: '2012-10-17', Statement: statements})
/** A document with another Version (`null`: none at all). */
const versioned = (version: string | null, statements: Statement[]) => (version === null ? {Statement: statements} : {Version: version, Statement: statements})
const allowAssume = (extra: Statement = {}): Statement => ({Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*', ...extra})
const denyAssume = (extra: Statement = {}): Statement => ({Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*', ...extra})
const trust = (extra: Statement = {}, principal: unknown = {AWS: SRC}): Statement => ({Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...extra})
const ANY_IP = {IpAddress: {'aws:SourceIp': '10.0.0.0/8'}}

interface Setup {
  target: string
  trust: Statement[]
  identity?: Statement[]
  boundary?: Statement[]
  /** The Version of the trust and identity documents, when not 2012-10-17 (`null`: none). */
  version?: string | null
  /** Where the controller's role came from (default `--source-role-arn`). */
  sourceFrom?: string[]
}

/**
 * One pair judged the way verify-trust judges it offline: the target's trust policy, and the
 * controller role's inline policies and permissions boundary through ackctl's own evaluator.
 */
function judge(s: Setup): {verdict: string; trust: string; identity: string; reasons: string[]} {
  const source = parseRoleArn(SRC)
  const target = parseRoleArn(s.target)
  if (!source.ok || !target.ok) throw new Error('bad test ARN')
  const sourceRecord: RoleRecord = {arn: SRC, roleId: 'AROA111111111111SRC01', trustPolicy: doc(), tags: {}, permissionsBoundaryArn: s.boundary ? BOUNDARY : null}
  const policy = (statements: Statement[]) => (s.version === undefined ? doc(...statements) : versioned(s.version, statements))
  const targetRecord: RoleRecord = {arn: s.target, trustPolicy: policy(s.trust), tags: {}, permissionsBoundaryArn: null}
  const {caller, context} = assumeRoleRequest(source.role, sourceRecord, target.role, targetRecord)
  const managed = new Map<string, Lookup<unknown>>(s.boundary ? [[BOUNDARY, {status: 'found', value: doc(...s.boundary)}]] : [])
  const identity = evaluateIdentity({inline: [{name: 'assume', document: policy(s.identity ?? [])}], attachedArns: [], permissionsBoundaryArn: s.boundary ? BOUNDARY : null},
    managed, caller, context, s.target)
  const pair: PlannedPair = {sourceRoleArn: SRC, sourceFrom: s.sourceFrom ?? ['--source-role-arn'], roleArn: s.target, usedBy: ['--role-arn'], unused: false, controllers: []}
  return judgePair(pair, {source: {status: 'found', value: sourceRecord}, target: {status: 'found', value: targetRecord}, identity})
}

type Case = [name: string, setup: Setup, verdict: 'pass' | 'fail' | 'unknown', reason?: RegExp]

/**
 * One table per class of issue #9, each with the AWS documentation page it relies on. The request
 * is ACK's own sts:AssumeRole: a role session (temporary credentials), no MFA, no ExternalId,
 * session name aws-go-sdk-<UnixNano>.
 */
const CLASSES: Array<{title: string; doc: string; cases: Case[]}> = [
  {
    title: 'aws:MultiFactorAuthPresent is present and false for the controller\'s session',
    doc: 'IAM User Guide, "AWS global condition context keys": aws:MultiFactorAuthPresent (temporary credentials without MFA: false)',
    cases: [
      ['trust requires MFA (Bool true): the statement does not apply', {target: REMOTE, trust: [trust({Condition: {Bool: {'aws:MultiFactorAuthPresent': 'true'}}})], identity: [allowAssume()]}, 'fail', /aws:MultiFactorAuthPresent = "false"/],
      ['Deny unless MFA (BoolIfExists false) denies', {target: REMOTE, trust: [trust(), {Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole', Condition: {BoolIfExists: {'aws:MultiFactorAuthPresent': 'false'}}}], identity: [allowAssume()]}, 'fail', /an explicit Deny wins/],
      ['Null false (the key exists) holds', {target: REMOTE, trust: [trust({Condition: {Null: {'aws:MultiFactorAuthPresent': 'false'}}})], identity: [allowAssume()]}, 'pass'],
      ['identity Deny on Bool false denies', {target: REMOTE, trust: [trust()], identity: [allowAssume(), denyAssume({Condition: {Bool: {'aws:MultiFactorAuthPresent': 'false'}}})]}, 'fail'],
    ],
  },
  {
    title: 'a Deny that may apply is never dropped',
    doc: 'IAM User Guide, "Policy evaluation logic": an explicit deny in any policy overrides any allow',
    cases: [
      ['same account, direct trust, identity Deny on an unknown key: UNKNOWN', {target: LOCAL, trust: [trust()], identity: [denyAssume({Condition: ANY_IP})]}, 'unknown', /may deny sts:AssumeRole/],
      ['same account, direct trust, identity Allow and Deny on an unknown key: UNKNOWN', {target: LOCAL, trust: [trust()], identity: [allowAssume(), denyAssume({Condition: ANY_IP})]}, 'unknown'],
      ['cross account, identity Deny on an unknown key: UNKNOWN', {target: REMOTE, trust: [trust()], identity: [allowAssume(), denyAssume({Condition: ANY_IP})]}, 'unknown'],
      ['trust Deny on an unknown key: UNKNOWN', {target: REMOTE, trust: [trust(), {Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole', Condition: ANY_IP}], identity: [allowAssume()]}, 'unknown', /may deny/],
      ['boundary Deny on an unknown key: UNKNOWN', {target: REMOTE, trust: [trust()], identity: [allowAssume()], boundary: [allowAssume(), denyAssume({Condition: ANY_IP})]}, 'unknown'],
      ['same account, direct trust, boundary Deny on an unknown key: UNKNOWN', {target: LOCAL, trust: [trust()], boundary: [allowAssume(), denyAssume({Condition: ANY_IP})]}, 'unknown'],
      ['same account, direct trust beside a trust Deny on an unknown key: UNKNOWN, not FAIL (the grant is kept)', {target: LOCAL, trust: [trust(), {Effect: 'Deny', Principal: {AWS: '111111111111'}, Action: 'sts:AssumeRole', Condition: ANY_IP}]}, 'unknown'],
      ['a Deny that cannot apply (other action) is no obstacle', {target: LOCAL, trust: [trust()], identity: [{Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: ANY_IP}]}, 'pass'],
    ],
  },
  {
    title: 'NotPrincipal with Allow grants every principal except those listed',
    doc: 'IAM User Guide, "AWS JSON policy elements: NotPrincipal" (NotPrincipal with Allow)',
    cases: [
      ['lists another account: the controller is granted', {target: REMOTE, trust: [{Effect: 'Allow', NotPrincipal: {AWS: 'arn:aws:iam::333333333333:root'}, Action: 'sts:AssumeRole'}], identity: [allowAssume()]}, 'pass'],
      ['lists the controller\'s account: left out', {target: REMOTE, trust: [{Effect: 'Allow', NotPrincipal: {AWS: '111111111111'}, Action: 'sts:AssumeRole'}], identity: [allowAssume()]}, 'fail', /leaves it out/],
      ['lists the controller\'s role: left out', {target: REMOTE, trust: [{Effect: 'Allow', NotPrincipal: {AWS: SRC}, Action: 'sts:AssumeRole'}], identity: [allowAssume()]}, 'fail'],
      ['Deny + NotPrincipal naming only the role (not the account): still denies (the careful reading)', {target: REMOTE, trust: [trust(), {Effect: 'Deny', NotPrincipal: {AWS: SRC}, Action: 'sts:AssumeRole'}], identity: [allowAssume()]}, 'fail'],
    ],
  },
  {
    title: 'sts:RoleSessionName is aws-go-sdk-<digits>: decided where every such name agrees',
    doc: 'aws-sdk-go-v2 credentials/stscreds (RoleSessionName default); IAM User Guide, "String condition operators"',
    cases: [
      ['StringLike aws-go-sdk-* holds', {target: REMOTE, trust: [trust({Condition: {StringLike: {'sts:RoleSessionName': 'aws-go-sdk-*'}}})], identity: [allowAssume()]}, 'pass'],
      ['StringEquals ack-s3 fails', {target: REMOTE, trust: [trust({Condition: {StringEquals: {'sts:RoleSessionName': 'ack-s3'}}})], identity: [allowAssume()]}, 'fail', /aws-go-sdk-<UnixNano>, for every such name/],
      ['StringNotLike aws-go-sdk-* fails', {target: REMOTE, trust: [trust({Condition: {StringNotLike: {'sts:RoleSessionName': 'aws-go-sdk-*'}}})], identity: [allowAssume()]}, 'fail'],
      ['StringLike ack-* in a Deny: never matches, no obstacle', {target: REMOTE, trust: [trust(), {Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole', Condition: {StringLike: {'sts:RoleSessionName': 'ack-*'}}}], identity: [allowAssume()]}, 'pass'],
      ['StringLike aws-go-sdk-17* depends on the digits: UNKNOWN', {target: REMOTE, trust: [trust({Condition: {StringLike: {'sts:RoleSessionName': 'aws-go-sdk-17*'}}})], identity: [allowAssume()]}, 'unknown', /depends on the digits/],
      ['StringEquals one exact aws-go-sdk name depends on the digits: UNKNOWN', {target: REMOTE, trust: [trust({Condition: {StringEquals: {'sts:RoleSessionName': 'aws-go-sdk-1764633600123456789'}}})], identity: [allowAssume()]}, 'unknown'],
    ],
  },
  {
    title: 'same account, the trust policy names the role: no identity grant is needed',
    doc: 'IAM User Guide, "Cross-account policy evaluation logic" and "How IAM roles differ from resource-based policies" (same-account role trust)',
    cases: [
      ['identity Allow with an undecidable condition does not matter: PASS', {target: LOCAL, trust: [trust()], identity: [allowAssume({Condition: ANY_IP})]}, 'pass', /not needed/],
      ['no identity policy at all: PASS', {target: LOCAL, trust: [trust()]}, 'pass'],
      ['the trust names the account instead: the identity Allow with an undecidable condition decides: UNKNOWN', {target: LOCAL, trust: [trust({}, {AWS: '111111111111'})], identity: [allowAssume({Condition: ANY_IP})]}, 'unknown'],
    ],
  },
  {
    title: 'policy variables inside ArnEquals/ArnLike are substituted',
    doc: 'IAM User Guide, "IAM policy elements: Variables and tags"',
    cases: [
      ['ArnLike aws:PrincipalArn arn:aws:iam::${aws:PrincipalAccount}:role/ack-*', {target: REMOTE, trust: [trust({Condition: {ArnLike: {'aws:PrincipalArn': 'arn:aws:iam::${aws:PrincipalAccount}:role/ack-*'}}})], identity: [allowAssume()]}, 'pass'],
      ['ArnEquals with another account through the variable', {target: REMOTE, trust: [trust({Condition: {ArnEquals: {'aws:PrincipalArn': 'arn:aws:iam::${aws:ResourceAccount}:role/ack-s3'}}})], identity: [allowAssume()]}, 'fail'],
    ],
  },
  {
    title: 'policy variables exist only in policy language Version 2012-10-17; elsewhere ${...} is plain text',
    doc: 'IAM User Guide, "IAM JSON policy elements: Version" (without it, or with 2008-10-17, ${aws:username} is a literal string) and "IAM policy elements: Variables and tags"',
    cases: [
      ['trust without Version: ArnLike arn:aws:iam::${aws:PrincipalAccount}:role/ack-* compares the text as written: FAIL',
        {target: REMOTE, version: null, trust: [trust({Condition: {ArnLike: {'aws:PrincipalArn': 'arn:aws:iam::${aws:PrincipalAccount}:role/ack-*'}}})], identity: [allowAssume()]}, 'fail', /plain text/],
      ['trust with Version 2008-10-17: the same condition: FAIL',
        {target: REMOTE, version: '2008-10-17', trust: [trust({Condition: {ArnLike: {'aws:PrincipalArn': 'arn:aws:iam::${aws:PrincipalAccount}:role/ack-*'}}})], identity: [allowAssume()]}, 'fail', /plain text/],
      ['identity Resource arn:aws:iam::${aws:ResourceAccount}:role/ack-remote with Version 2008-10-17: no grant: FAIL',
        {target: REMOTE, version: '2008-10-17', trust: [trust()], identity: [allowAssume({Resource: 'arn:aws:iam::${aws:ResourceAccount}:role/ack-remote'})]}, 'fail', /plain text/],
      ['the same Resource with Version 2012-10-17: PASS',
        {target: REMOTE, trust: [trust()], identity: [allowAssume({Resource: 'arn:aws:iam::${aws:ResourceAccount}:role/ack-remote'})]}, 'pass'],
      ['a Deny without Version whose condition names ${aws:PrincipalAccount} as text does not apply: PASS',
        {target: REMOTE, version: null, trust: [trust(), {Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole', Condition: {StringEquals: {'aws:PrincipalAccount': '${aws:PrincipalAccount}'}}}], identity: [allowAssume()]}, 'pass'],
    ],
  },
  {
    title: 'EKS Pod Identity\'s session tags are transitive: a session of a role given with --source-role-arn may carry them; an IRSA session carries none',
    doc: 'EKS User Guide, "Grant Pods access to AWS resources based on tags" (List of session tags added by EKS Pod Identity; Cross-account tags) and IAM User Guide, "Pass session tags in AWS STS" (Chaining roles with session tags)',
    cases: [
      ['trust conditioned on aws:PrincipalTag/eks-cluster-name, role from --source-role-arn: UNKNOWN, naming Pod Identity',
        {target: REMOTE, trust: [trust({Condition: {StringEquals: {'aws:PrincipalTag/eks-cluster-name': 'prod'}}})], identity: [allowAssume()]}, 'unknown', /EKS Pod Identity/],
      ['the same with the role from the ServiceAccount\'s IRSA annotation: the tag is absent: FAIL',
        {target: REMOTE, sourceFrom: ['ServiceAccount ack-system/ack-s3-controller'], trust: [trust({Condition: {StringEquals: {'aws:PrincipalTag/eks-cluster-name': 'prod'}}})], identity: [allowAssume()]}, 'fail', /is not in the request/],
      ['a Deny unless aws:PrincipalTag/kubernetes-namespace is ack-system, role from --source-role-arn: UNKNOWN, never PASS',
        {target: REMOTE, trust: [trust(), {Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole', Condition: {StringNotEquals: {'aws:PrincipalTag/kubernetes-namespace': 'ack-system'}}}], identity: [allowAssume()]}, 'unknown'],
      ['a tag Pod Identity never sets stays the role\'s own (absent here): FAIL',
        {target: REMOTE, trust: [trust({Condition: {StringEquals: {'aws:PrincipalTag/team': 'platform'}}})], identity: [allowAssume()]}, 'fail'],
    ],
  },
]

describe('verify-trust agrees with AWS\'s evaluation logic (issue classes, each with its documentation page)', () => {
  for (const c of CLASSES) {
    describe(`${c.title} [${c.doc}]`, () => {
      for (const [name, setup, verdict, reason] of c.cases) {
        it(name, () => {
          const got = judge(setup)
          assert.equal(got.verdict, verdict, got.reasons.join('\n'))
          if (reason) assert.match(got.reasons.join('\n'), reason)
        })
      }
    })
  }
})
