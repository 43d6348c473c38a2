import {strict as assert} from 'node:assert'

import {parseRoleArn} from '../../src/iam/arn.js'
import type {Tri} from '../../src/iam/conditions.js'
import type {PrincipalSpec} from '../../src/iam/policy-document.js'
import {matchNotPrincipal, matchPrincipal, type Caller, type GrantKind} from '../../src/iam/principal.js'

const role = (arn: string) => {
  const p = parseRoleArn(arn)
  if (!p.ok) throw new Error(p.reason)
  return p.role
}
const CALLER: Caller = {role: role('arn:aws:iam::111111111111:role/ack/ack-s3'), roleId: 'AROAEXAMPLEID1234567'}

type Case = [name: string, spec: PrincipalSpec, result: Tri, kind?: GrantKind]

// IAM User Guide, "AWS JSON policy elements: Principal" (AWS account, IAM role, role session, `*`).
const CASES: Case[] = [
  ['"*" is anyone', '*', 'true', 'anyone'],
  ['{"AWS": "*"} is anyone', {AWS: ['*']}, 'true', 'anyone'],
  ['an account id delegates to the account', {AWS: ['111111111111']}, 'true', 'account'],
  ['the account root ARN delegates to the account', {AWS: ['arn:aws:iam::111111111111:root']}, 'true', 'account'],
  ['another account', {AWS: ['222222222222', 'arn:aws:iam::222222222222:root']}, 'false'],
  ['the role ARN with its path', {AWS: ['arn:aws:iam::111111111111:role/ack/ack-s3']}, 'true', 'direct'],
  ['role names are case-insensitive', {AWS: ['arn:aws:iam::111111111111:role/ack/ACK-S3']}, 'true', 'direct'],
  ['the role ARN without its path is another ARN', {AWS: ['arn:aws:iam::111111111111:role/ack-s3']}, 'false'],
  ['another role', {AWS: ['arn:aws:iam::111111111111:role/ack/ack-rds']}, 'false'],
  ['the same role name in another partition', {AWS: ['arn:aws-cn:iam::111111111111:role/ack/ack-s3']}, 'false'],
  ['a session of the role depends on the session name', {AWS: ['arn:aws:sts::111111111111:assumed-role/ack-s3/aws-go-sdk-1']}, 'unknown'],
  ['a session of another role', {AWS: ['arn:aws:sts::111111111111:assumed-role/other/x']}, 'false'],
  ['the role\'s unique id', {AWS: ['AROAEXAMPLEID1234567']}, 'true', 'direct'],
  ['a stale unique id (role deleted and recreated)', {AWS: ['AROAOLDDELETEDROLEID9']}, 'false'],
  ['an IAM user', {AWS: ['arn:aws:iam::111111111111:user/alice']}, 'false'],
  ['a service principal', {Service: ['ec2.amazonaws.com']}, 'false'],
  ['a federated principal (IRSA web identity)', {Federated: ['arn:aws:iam::111111111111:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/X']}, 'false'],
  ['a list: the best match wins (role over account)', {AWS: ['111111111111', 'arn:aws:iam::111111111111:role/ack/ack-s3']}, 'true', 'direct'],
  ['a list with a service and the account', {Service: ['ec2.amazonaws.com'], AWS: ['arn:aws:iam::111111111111:root']}, 'true', 'account'],
]

describe('Principal matching', () => {
  for (const [name, spec, result, kind] of CASES) {
    it(name, () => {
      const m = matchPrincipal(spec, CALLER)
      assert.equal(m.result, result, m.detail)
      if (kind) assert.equal(m.kind, kind)
    })
  }

  it('explains a stale unique id', () => {
    assert.match(matchPrincipal({AWS: ['AROAOLDDELETEDROLEID9']}, CALLER).detail, /role it named was deleted/)
  })

  it('NotPrincipal excludes the caller only when its account, role and session are all listed', () => {
    const acct = 'arn:aws:iam::111111111111:root'
    const roleArn = 'arn:aws:iam::111111111111:role/ack/ack-s3'
    const session = 'arn:aws:sts::111111111111:assumed-role/ack-s3/aws-go-sdk-1'
    assert.equal(matchNotPrincipal({AWS: [roleArn]}, CALLER).result, 'true')
    assert.equal(matchNotPrincipal({AWS: [acct]}, CALLER).result, 'true')
    assert.equal(matchNotPrincipal({AWS: [acct, roleArn]}, CALLER).result, 'true')
    assert.equal(matchNotPrincipal({AWS: [acct, roleArn, session]}, CALLER).result, 'unknown')
    assert.equal(matchNotPrincipal({AWS: ['arn:aws:iam::222222222222:root']}, CALLER).result, 'true')
  })
})
