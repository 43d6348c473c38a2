import {strict as assert} from 'node:assert'

import {parseRoleArn} from '../../src/iam/arn.js'
import {evaluatePolicies, type Decision} from '../../src/iam/evaluate.js'
import {parsePolicyDocument} from '../../src/iam/policy-document.js'
import {contextOf} from './helpers.js'

const SOURCE = 'arn:aws:iam::111111111111:role/ack-s3'
const TARGET = 'arn:aws:iam::222222222222:role/ack-target'
const parsed = parseRoleArn(SOURCE)
if (!parsed.ok) throw new Error(parsed.reason)
const caller = {role: parsed.role}
const ctx = contextOf({'aws:PrincipalArn': SOURCE, 'aws:PrincipalAccount': '111111111111', 'sts:ExternalId': null, 'aws:PrincipalTag/team': 'storage'}, ['aws:principaltag/'])

function decide(statements: unknown[], kind: 'resource' | 'identity', action = 'sts:AssumeRole', resource = TARGET): {decision: Decision; labels: string[]} {
  const doc = parsePolicyDocument({Version: '2012-10-17', Statement: statements})
  if (!doc.ok) throw new Error(doc.error)
  const r = evaluatePolicies([{name: 'p', document: doc.document}], {action, resource, caller, context: ctx}, kind)
  return {decision: r.decision, labels: r.decisive.map((s) => s.label)}
}

const allow = (extra: Record<string, unknown> = {}) => ({Effect: 'Allow', Action: 'sts:AssumeRole', Resource: TARGET, ...extra})
const deny = (extra: Record<string, unknown> = {}) => ({Effect: 'Deny', Action: 'sts:AssumeRole', Resource: TARGET, ...extra})

type Case = [name: string, statements: unknown[], expected: Decision]

// IAM User Guide, "Policy evaluation logic": explicit deny > allow > implicit deny.
const IDENTITY: Case[] = [
  ['no statement: implicit deny', [], 'implicit-deny'],
  ['an Allow applies', [allow()], 'allow'],
  ['an explicit Deny wins over an Allow', [allow(), deny()], 'explicit-deny'],
  ['a Deny for another action does not apply', [allow(), deny({Action: 'sts:TagSession'})], 'allow'],
  ['Action wildcard sts:*', [allow({Action: 'sts:*'})], 'allow'],
  ['Action wildcard *', [allow({Action: '*'})], 'allow'],
  ['Action wildcard sts:Assume*', [allow({Action: 'sts:Assume*'})], 'allow'],
  ['Action names are case-insensitive', [allow({Action: 'STS:assumerole'})], 'allow'],
  ['sts:AssumeRoleWith* does not cover sts:AssumeRole', [allow({Action: 'sts:AssumeRoleWith*'})], 'implicit-deny'],
  ['NotAction not listing the action applies', [{Effect: 'Allow', NotAction: 'iam:*', Resource: '*'}], 'allow'],
  ['NotAction listing the action does not apply', [{Effect: 'Allow', NotAction: 'sts:*', Resource: '*'}], 'implicit-deny'],
  ['Deny with NotAction covering everything else', [allow(), {Effect: 'Deny', NotAction: 'sts:AssumeRole', Resource: '*'}], 'allow'],
  ['Resource wildcard on the role path', [allow({Resource: 'arn:aws:iam::222222222222:role/ack-*'})], 'allow'],
  ['Resource in another account', [allow({Resource: 'arn:aws:iam::333333333333:role/*'})], 'implicit-deny'],
  ['NotResource excluding the target', [{Effect: 'Allow', Action: 'sts:AssumeRole', NotResource: TARGET}], 'implicit-deny'],
  ['NotResource excluding others', [{Effect: 'Allow', Action: 'sts:AssumeRole', NotResource: 'arn:aws:iam::*:role/admin'}], 'allow'],
  ['Resource with a policy variable', [allow({Resource: 'arn:aws:iam::*:role/${aws:PrincipalTag/team}-*'})], 'implicit-deny'],
  ['Allow with a condition that fails', [allow({Condition: {StringEquals: {'aws:PrincipalTag/team': 'payments'}}})], 'implicit-deny'],
  ['Allow depending on an unknown key', [allow({Condition: {IpAddress: {'aws:SourceIp': '10.0.0.0/8'}}})], 'unknown'],
  ['Deny depending on an unknown key makes an Allow undecided', [allow(), deny({Condition: {NotIpAddress: {'aws:SourceIp': '10.0.0.0/8'}}})], 'unknown'],
  ['Deny depending on an unknown key without an Allow is still an implicit deny', [deny({Condition: {IpAddress: {'aws:SourceIp': '10.0.0.0/8'}}})], 'implicit-deny'],
  ['a Deny whose condition fails does not apply', [allow(), deny({Condition: {StringEquals: {'aws:PrincipalTag/team': 'x'}}})], 'allow'],
  ['a condition on a missing tag with IfExists', [allow({Condition: {StringEqualsIfExists: {'aws:PrincipalTag/cost': 'x'}}})], 'allow'],
]

describe('policy evaluation (identity policies)', () => {
  for (const [name, statements, expected] of IDENTITY) {
    it(name, () => assert.equal(decide(statements, 'identity').decision, expected))
  }

  it('names the decisive statement by Sid, or by position', () => {
    assert.deepEqual(decide([allow({Sid: 'AssumeTargets'}), deny()], 'identity').labels, ['p statement #2'])
    assert.deepEqual(decide([allow({Sid: 'AssumeTargets'})], 'identity').labels, ['p statement "AssumeTargets"'])
  })
})

describe('policy evaluation (trust policies)', () => {
  const trust = (principal: unknown, extra: Record<string, unknown> = {}) => ({Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...extra})
  const CASES: Case[] = [
    ['Principal naming the role', [trust({AWS: SOURCE})], 'allow'],
    ['Principal naming another role', [trust({AWS: 'arn:aws:iam::111111111111:role/other'})], 'implicit-deny'],
    ['a statement without Principal never applies', [{Effect: 'Allow', Action: 'sts:AssumeRole'}], 'implicit-deny'],
    ['Principal * with aws:PrincipalArn', [trust('*', {Condition: {ArnLike: {'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/ack-*'}}})], 'allow'],
    ['Principal * with aws:PrincipalAccount of another account', [trust({AWS: '*'}, {Condition: {StringEquals: {'aws:PrincipalAccount': '999999999999'}}})], 'implicit-deny'],
    ['Principal * with aws:PrincipalOrgID (unknown organization)', [trust('*', {Condition: {StringEquals: {'aws:PrincipalOrgID': 'o-abc'}}})], 'unknown'],
    ['an external id condition fails', [trust({AWS: SOURCE}, {Condition: {StringEquals: {'sts:ExternalId': 'x'}}})], 'implicit-deny'],
    ['only sts:AssumeRoleWithWebIdentity allowed', [trust({AWS: SOURCE}, {Action: 'sts:AssumeRoleWithWebIdentity'})], 'implicit-deny'],
    ['Deny with NotPrincipal listing only the role still denies its session', [trust({AWS: SOURCE}), {Effect: 'Deny', NotPrincipal: {AWS: SOURCE}, Action: 'sts:AssumeRole'}], 'explicit-deny'],
    ['sts:TagSession alongside', [trust({AWS: SOURCE}, {Action: ['sts:AssumeRole', 'sts:TagSession']})], 'allow'],
  ]
  for (const [name, statements, expected] of CASES) {
    it(name, () => assert.equal(decide(statements, 'resource').decision, expected))
  }
})
