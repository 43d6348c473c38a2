import {strict as assert} from 'node:assert'

import {parseRoleArn, type RoleArn} from '../../src/iam/arn.js'
import {assumeRoleContext, capabilitySessionContext, serviceAssumeContext, type CapabilitySession} from '../../src/iam/context.js'
import {matchPrincipal} from '../../src/iam/principal.js'
import {evaluateTrust} from '../../src/iam/trust.js'

const role = (arn: string): RoleArn => {
  const parsed = parseRoleArn(arn)
  if (!parsed.ok) throw new Error(parsed.reason)
  return parsed.role
}
const CAP = role('arn:aws:iam::111111111111:role/ACKCapabilityRole')
const TARGET = 'arn:aws:iam::222222222222:role/ack-workloads'
const SERVICE = 'capabilities.eks.amazonaws.com'

/** The capability's sts:AssumeRole of TARGET for one route. */
function judge(statement: Record<string, unknown>, session: CapabilitySession = {namespace: 'production', apiGroup: 's3.services.k8s.aws'}) {
  const base = assumeRoleContext({roleArn: CAP.arn, partition: 'aws', accountId: CAP.accountId}, {roleArn: TARGET, accountId: '222222222222'})
  const policy = {Version: '2012-10-17', Statement: [{Effect: 'Allow', Principal: {AWS: CAP.arn}, ...statement}]}
  return evaluateTrust(policy, {role: CAP}, capabilitySessionContext(base, session), TARGET, {tagSession: true})
}

describe('EKS Capability: trust with session tags', () => {
  it('needs sts:TagSession as well as sts:AssumeRole, and says which is missing', () => {
    assert.equal(judge({Action: ['sts:AssumeRole', 'sts:TagSession']}).status, 'allowed')
    assert.equal(judge({Action: 'sts:*'}).status, 'allowed')
    const missing = judge({Action: 'sts:AssumeRole'})
    assert.equal(missing.status, 'denied')
    assert.match(missing.reasons[0], /allows sts:AssumeRole but not sts:TagSession for arn:aws:iam::111111111111:role\/ACKCapabilityRole/)
    // The same policy is a PASS for the open-source controller, which sends no tags.
    const base = assumeRoleContext({roleArn: CAP.arn, partition: 'aws', accountId: CAP.accountId}, {roleArn: TARGET, accountId: '222222222222'})
    assert.equal(evaluateTrust({Statement: [{Effect: 'Allow', Principal: {AWS: CAP.arn}, Action: 'sts:AssumeRole'}]}, {role: CAP}, base, TARGET).status, 'allowed')
  })

  it('decides conditions on the namespace and API group tags per route', () => {
    const onlyProd = {Action: ['sts:AssumeRole', 'sts:TagSession'], Condition: {StringEquals: {'aws:RequestTag/eks:kubernetes-namespace': 'production'}}}
    assert.equal(judge(onlyProd).status, 'allowed')
    assert.equal(judge(onlyProd, {namespace: 'staging', apiGroup: 's3.services.k8s.aws'}).status, 'denied')
    const groups = {Action: ['sts:AssumeRole', 'sts:TagSession'], Condition: {StringLike: {'aws:RequestTag/eks:kubernetes-api-group': '*.services.k8s.aws'}}}
    assert.equal(judge(groups).status, 'allowed')
    // No route (an unused role): the tag's value is unknown, so the answer is too, never a PASS.
    assert.equal(judge(onlyProd, {}).status, 'unknown')
  })

  it('knows the tag keys, not what the capability leaves undocumented', () => {
    const keys = {Action: ['sts:AssumeRole', 'sts:TagSession'], Condition: {'ForAllValues:StringLike': {'aws:TagKeys': ['eks:*']}}}
    assert.equal(judge(keys).status, 'allowed')
    const narrow = {Action: ['sts:AssumeRole', 'sts:TagSession'], Condition: {'ForAllValues:StringEquals': {'aws:TagKeys': ['eks:kubernetes-namespace']}}}
    assert.equal(judge(narrow).status, 'denied')
    const transitive = {Action: ['sts:AssumeRole', 'sts:TagSession'], Condition: {Null: {'sts:TransitiveTagKeys': 'true'}}}
    assert.equal(judge(transitive).status, 'unknown')
    const capabilityArn = {Action: ['sts:AssumeRole', 'sts:TagSession'], Condition: {StringEquals: {'aws:RequestTag/eks:eks-capability-arn': 'arn:aws:eks:us-west-2:111111111111:capability/prod/ack/ack'}}}
    assert.equal(judge(capabilityArn).status, 'unknown', 'capability ARN not given')
    assert.equal(judge(capabilityArn, {namespace: 'production', apiGroup: 's3.services.k8s.aws', capabilityARN: 'arn:aws:eks:us-west-2:111111111111:capability/prod/ack/ack'}).status, 'allowed')
    assert.equal(judge(capabilityArn, {namespace: 'production', apiGroup: 's3.services.k8s.aws', capabilityARN: 'arn:aws:eks:us-west-2:111111111111:capability/dev/ack/ack'}).status, 'denied')
  })
})

describe('EKS Capability: the capability role\'s own trust (a service principal)', () => {
  const caller = {role: CAP, service: SERVICE}
  it('matches only {"Service": "capabilities.eks.amazonaws.com"} (or "*")', () => {
    assert.equal(matchPrincipal({Service: [SERVICE]}, caller).result, 'true')
    assert.equal(matchPrincipal({Service: ['pods.eks.amazonaws.com']}, caller).result, 'false')
    assert.equal(matchPrincipal({AWS: [CAP.arn]}, caller).result, 'false')
    assert.equal(matchPrincipal({AWS: ['111111111111']}, caller).result, 'false')
    assert.equal(matchPrincipal('*', caller).kind, 'anyone')
  })

  it('needs both actions, and knows the source account but not (without its ARN) the capability', () => {
    const trust = (statement: Record<string, unknown>, sourceArn?: string) => evaluateTrust(
      {Statement: [{Effect: 'Allow', Principal: {Service: SERVICE}, ...statement}]}, caller, serviceAssumeContext(SERVICE, '111111111111', sourceArn), CAP.arn, {tagSession: true}).status
    assert.equal(trust({Action: ['sts:AssumeRole', 'sts:TagSession']}), 'allowed')
    assert.equal(trust({Action: 'sts:AssumeRole'}), 'denied')
    assert.equal(trust({Action: ['sts:AssumeRole', 'sts:TagSession'], Condition: {StringEquals: {'aws:SourceAccount': '111111111111'}}}), 'allowed')
    assert.equal(trust({Action: ['sts:AssumeRole', 'sts:TagSession'], Condition: {StringEquals: {'aws:SourceAccount': '999999999999'}}}), 'denied')
    const arn = {Action: ['sts:AssumeRole', 'sts:TagSession'], Condition: {ArnLike: {'aws:SourceArn': 'arn:aws:eks:*:111111111111:capability/*'}}}
    assert.equal(trust(arn), 'unknown')
    assert.equal(trust(arn, 'arn:aws:eks:us-west-2:111111111111:capability/prod/ack/ack'), 'allowed')
  })
})
