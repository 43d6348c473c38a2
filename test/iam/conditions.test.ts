import {strict as assert} from 'node:assert'

import {evaluateClause, evaluateConditions, type Tri} from '../../src/iam/conditions.js'
import {parseIamDate} from '../../src/iam/operators.js'
import {contextOf} from './helpers.js'

type Case = [name: string, operator: string, key: string, policy: string | string[], request: string | string[] | null | undefined, expected: Tri]

// Drawn from the IAM User Guide, "IAM JSON policy elements: Condition operators" and
// "Single-valued vs. multivalued context keys". `undefined` request = a key ackctl cannot know.
const CASES: Case[] = [
  // String
  ['StringEquals matches exactly', 'StringEquals', 'aws:PrincipalTag/team', 'payments', 'payments', 'true'],
  ['StringEquals is case-sensitive', 'StringEquals', 'aws:PrincipalTag/team', 'Payments', 'payments', 'false'],
  ['StringEquals treats * literally', 'StringEquals', 'aws:PrincipalTag/team', 'pay*', 'payments', 'false'],
  ['StringEquals: values of one key are ORed', 'StringEquals', 'aws:PrincipalTag/team', ['a', 'payments'], 'payments', 'true'],
  ['StringNotEquals: true when no value matches', 'StringNotEquals', 'aws:PrincipalTag/team', ['a', 'b'], 'payments', 'true'],
  ['StringNotEquals: false when one value matches', 'StringNotEquals', 'aws:PrincipalTag/team', ['a', 'payments'], 'payments', 'false'],
  ['StringEqualsIgnoreCase', 'StringEqualsIgnoreCase', 'aws:PrincipalTag/team', 'PAYMENTS', 'payments', 'true'],
  ['StringNotEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'aws:PrincipalTag/team', 'PAYMENTS', 'payments', 'false'],
  ['StringLike with *', 'StringLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/ack-*', 'arn:aws:iam::111111111111:role/ack-s3', 'true'],
  ['StringLike with ?', 'StringLike', 'aws:PrincipalTag/env', 'prod-?', 'prod-1', 'true'],
  ['StringLike ? is one character', 'StringLike', 'aws:PrincipalTag/env', 'prod-?', 'prod-12', 'false'],
  ['StringNotLike', 'StringNotLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/ack-*', 'arn:aws:iam::111111111111:role/other', 'true'],
  // Numeric
  ['NumericEquals', 'NumericEquals', 'aws:MultiFactorAuthAge', '10', '10.0', 'true'],
  ['NumericNotEquals', 'NumericNotEquals', 'aws:MultiFactorAuthAge', '10', '11', 'true'],
  ['NumericLessThan', 'NumericLessThan', 'aws:MultiFactorAuthAge', '3600', '100', 'true'],
  ['NumericLessThan at the bound', 'NumericLessThan', 'aws:MultiFactorAuthAge', '3600', '3600', 'false'],
  ['NumericLessThanEquals', 'NumericLessThanEquals', 'aws:MultiFactorAuthAge', '3600', '3600', 'true'],
  ['NumericGreaterThan', 'NumericGreaterThan', 'aws:MultiFactorAuthAge', '5', '6', 'true'],
  ['NumericGreaterThanEquals', 'NumericGreaterThanEquals', 'aws:MultiFactorAuthAge', '5', '4', 'false'],
  ['Numeric with a non-number request value', 'NumericEquals', 'aws:MultiFactorAuthAge', '5', 'five', 'false'],
  // Date (ISO 8601 or epoch seconds)
  ['DateLessThan ISO', 'DateLessThan', 'aws:CurrentTime', '2030-01-01T00:00:00Z', '2026-06-01T12:00:00Z', 'true'],
  ['DateGreaterThan ISO', 'DateGreaterThan', 'aws:CurrentTime', '2030-01-01T00:00:00Z', '2026-06-01T12:00:00Z', 'false'],
  ['DateEquals epoch vs ISO', 'DateEquals', 'aws:CurrentTime', '1893456000', '2030-01-01T00:00:00Z', 'true'],
  ['DateNotEquals', 'DateNotEquals', 'aws:CurrentTime', '2030-01-01T00:00:00Z', '2030-01-01T00:00:01Z', 'true'],
  ['DateLessThanEquals', 'DateLessThanEquals', 'aws:EpochTime', '1893456000', '1893456000', 'true'],
  ['DateGreaterThanEquals', 'DateGreaterThanEquals', 'aws:EpochTime', '1893456000', '1893455999', 'false'],
  // Bool, Binary
  ['Bool true', 'Bool', 'aws:SecureTransport', 'true', 'true', 'true'],
  ['Bool is case-insensitive', 'Bool', 'aws:SecureTransport', 'TRUE', 'true', 'true'],
  ['Bool false vs true', 'Bool', 'aws:SecureTransport', 'false', 'true', 'false'],
  ['BinaryEquals compares base64', 'BinaryEquals', 'example:Key', 'QmluYXJ5VmFsdWVJbkJhc2U2NA==', 'QmluYXJ5VmFsdWVJbkJhc2U2NA==', 'true'],
  ['BinaryEquals mismatch', 'BinaryEquals', 'example:Key', 'QQ==', 'Qg==', 'false'],
  // IP
  ['IpAddress in IPv4 CIDR', 'IpAddress', 'aws:SourceIp', '203.0.113.0/24', '203.0.113.7', 'true'],
  ['IpAddress outside IPv4 CIDR', 'IpAddress', 'aws:SourceIp', '203.0.113.0/24', '203.0.114.7', 'false'],
  ['IpAddress single address', 'IpAddress', 'aws:SourceIp', '203.0.113.7', '203.0.113.7', 'true'],
  ['IpAddress IPv6 CIDR', 'IpAddress', 'aws:SourceIp', '2001:DB8:1234:5678::/64', '2001:db8:1234:5678::abcd', 'true'],
  ['IpAddress IPv6 outside', 'IpAddress', 'aws:SourceIp', '2001:DB8:1234:5678::/64', '2001:db8:1234:5679::1', 'false'],
  ['IpAddress IPv4 never matches an IPv6 block', 'IpAddress', 'aws:SourceIp', '::/0', '203.0.113.7', 'false'],
  ['NotIpAddress', 'NotIpAddress', 'aws:SourceIp', ['203.0.113.0/24', '198.51.100.0/24'], '192.0.2.1', 'true'],
  // ARN
  ['ArnEquals compares each part with wildcards', 'ArnEquals', 'aws:PrincipalArn', 'arn:aws:iam::111111111111:role/*', 'arn:aws:iam::111111111111:role/ack-s3', 'true'],
  ['ArnLike', 'ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/ack-?3', 'arn:aws:iam::111111111111:role/ack-s3', 'true'],
  ['ArnLike: a wildcard does not cross the account part', 'ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::1*:role/x', 'arn:aws:iam::222222222222:role/x', 'false'],
  ['ArnLike is case-sensitive', 'ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::111111111111:role/ACK-S3', 'arn:aws:iam::111111111111:role/ack-s3', 'false'],
  ['ArnNotEquals', 'ArnNotEquals', 'aws:PrincipalArn', 'arn:aws:iam::111111111111:role/other', 'arn:aws:iam::111111111111:role/ack-s3', 'true'],
  ['ArnNotLike', 'ArnNotLike', 'aws:PrincipalArn', 'arn:aws:iam::111111111111:role/*', 'arn:aws:iam::111111111111:role/ack-s3', 'false'],
  ['ArnLike on a value that is no ARN', 'ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/*', 'not-an-arn', 'false'],
  // Missing keys: positive operators false, negated operators true
  ['missing key: StringEquals is false', 'StringEquals', 'sts:ExternalId', 'abc', null, 'false'],
  ['missing key: StringNotEquals is true', 'StringNotEquals', 'aws:PrincipalTag/team', 'x', null, 'true'],
  ['missing key: StringNotLike is true', 'StringNotLike', 'aws:PrincipalTag/team', 'x*', null, 'true'],
  ['missing key: ArnNotLike is true', 'ArnNotLike', 'aws:SourceArn', 'arn:aws:s3:::*', null, 'true'],
  ['missing key: NotIpAddress is true', 'NotIpAddress', 'aws:SourceIp', '10.0.0.0/8', null, 'true'],
  ['missing key: NumericLessThan is false', 'NumericLessThan', 'aws:MultiFactorAuthAge', '3600', null, 'false'],
  // IfExists
  ['IfExists: missing key is true', 'StringEqualsIfExists', 'sts:ExternalId', 'abc', null, 'true'],
  ['IfExists: present key is compared', 'StringEqualsIfExists', 'aws:PrincipalTag/team', 'a', 'b', 'false'],
  ['IfExists on a negated operator, missing key', 'StringNotEqualsIfExists', 'aws:PrincipalTag/team', 'a', null, 'true'],
  ['BoolIfExists missing', 'BoolIfExists', 'aws:MultiFactorAuthPresent', 'true', null, 'true'],
  ['NumericLessThanIfExists present', 'NumericLessThanIfExists', 'aws:MultiFactorAuthAge', '10', '20', 'false'],
  // Null
  ['Null true: key absent', 'Null', 'sts:ExternalId', 'true', null, 'true'],
  ['Null true: key present', 'Null', 'aws:PrincipalTag/team', 'true', 'a', 'false'],
  ['Null false: key present', 'Null', 'aws:PrincipalTag/team', 'false', 'a', 'true'],
  ['Null false: key absent (requires an external id)', 'Null', 'sts:ExternalId', 'false', null, 'false'],
  // Set operators
  ['ForAnyValue: one request value matches', 'ForAnyValue:StringEquals', 'aws:TagKeys', ['env', 'team'], ['team', 'cost'], 'true'],
  ['ForAnyValue: none matches', 'ForAnyValue:StringEquals', 'aws:TagKeys', ['env'], ['team', 'cost'], 'false'],
  ['ForAnyValue: missing key is false', 'ForAnyValue:StringEquals', 'aws:TagKeys', ['env'], null, 'false'],
  ['ForAllValues: every request value matches', 'ForAllValues:StringEquals', 'aws:TagKeys', ['env', 'team'], ['team', 'env'], 'true'],
  ['ForAllValues: one request value outside', 'ForAllValues:StringEquals', 'aws:TagKeys', ['env'], ['env', 'cost'], 'false'],
  ['ForAllValues: missing key is true', 'ForAllValues:StringEquals', 'aws:TagKeys', ['env'], null, 'true'],
  ['ForAllValues: empty request set is true', 'ForAllValues:StringLike', 'aws:TagKeys', ['env*'], [], 'true'],
  ['ForAllValues:StringNotEquals: every value outside', 'ForAllValues:StringNotEquals', 'aws:TagKeys', ['secret'], ['env', 'team'], 'true'],
  ['ForAnyValue:StringNotEquals: one value outside', 'ForAnyValue:StringNotEquals', 'aws:TagKeys', ['env'], ['env', 'team'], 'true'],
  ['ForAnyValue:StringLike', 'ForAnyValue:StringLike', 'aws:PrincipalOrgPaths', 'o-a/r-ab12/ou-ab12-11111111/*', ['o-a/r-ab12/ou-ab12-11111111/ou-ab12-22222222/'], 'true'],
  ['ForAnyValue:StringEqualsIfExists, missing key', 'ForAnyValue:StringEqualsIfExists', 'aws:TagKeys', 'env', null, 'true'],
  // Unknown keys are never guessed
  ['unknown key: positive operator', 'IpAddress', 'aws:SourceIp', '10.0.0.0/8', undefined, 'unknown'],
  ['unknown key: negated operator', 'StringNotEquals', 'aws:PrincipalOrgID', 'o-123', undefined, 'unknown'],
  ['unknown key: IfExists', 'StringEqualsIfExists', 'aws:SourceVpc', 'vpc-1', undefined, 'unknown'],
  ['unknown key: Null', 'Null', 'aws:SourceVpce', 'true', undefined, 'unknown'],
  ['unknown key: ForAllValues', 'ForAllValues:StringEquals', 'aws:PrincipalOrgPaths', 'x', undefined, 'unknown'],
  ['not an operator', 'StringEqualz', 'aws:PrincipalArn', 'x', 'x', 'unknown'],
]

describe('IAM condition operators', () => {
  for (const [name, operator, key, policy, request, expected] of CASES) {
    it(`${name} (${operator})`, () => {
      const ctx = request === undefined ? contextOf({}) : contextOf({[key]: request})
      const values = Array.isArray(policy) ? policy : [policy]
      const got = evaluateClause({operator, key, values}, ctx)
      assert.equal(got.result, expected, got.detail)
    })
  }

  it('condition keys are case-insensitive', () => {
    const got = evaluateClause({operator: 'StringEquals', key: 'AWS:principalarn', values: ['arn:aws:iam::1:role/a']}, contextOf({'aws:PrincipalArn': 'arn:aws:iam::1:role/a'}))
    assert.equal(got.result, 'true')
  })

  it('substitutes policy variables in String and Arn operators', () => {
    const ctx = contextOf({'aws:PrincipalTag/team': 'payments', 'aws:ResourceTag/team': 'payments'})
    assert.equal(evaluateClause({operator: 'StringEquals', key: 'aws:ResourceTag/team', values: ['${aws:PrincipalTag/team}']}, ctx).result, 'true')
    assert.equal(evaluateClause({operator: 'StringEquals', key: 'aws:ResourceTag/team', values: ['${aws:PrincipalTag/missing, \'payments\'}']}, contextOf({'aws:ResourceTag/team': 'payments', 'aws:PrincipalTag/missing': null})).result, 'true')
    assert.equal(evaluateClause({operator: 'StringEquals', key: 'aws:ResourceTag/team', values: ['${aws:SourceVpc}']}, ctx).result, 'unknown')
  })

  it('a block is the AND of its clauses: false beats unknown beats true, and names the failing clause', () => {
    const ctx = contextOf({'aws:PrincipalAccount': '111111111111', 'sts:ExternalId': null})
    const block = [
      {operator: 'StringEquals', key: 'aws:PrincipalAccount', values: ['111111111111']},
      {operator: 'IpAddress', key: 'aws:SourceIp', values: ['10.0.0.0/8']},
      {operator: 'StringEquals', key: 'sts:ExternalId', values: ['secret']},
    ]
    const all = evaluateConditions(block, ctx)
    assert.equal(all.result, 'false')
    assert.match(all.failed?.detail ?? '', /sts:ExternalId is not in the request/)
    const withoutExternalId = evaluateConditions(block.slice(0, 2), ctx)
    assert.equal(withoutExternalId.result, 'unknown')
    assert.match(withoutExternalId.unknown[0].detail, /depends on aws:SourceIp/)
    assert.equal(evaluateConditions(block.slice(0, 1), ctx).result, 'true')
  })
})

describe('IAM dates', () => {
  it('reads ISO 8601 with zones, without a zone as UTC, and epoch seconds', () => {
    assert.equal(parseIamDate('2030-01-01T00:00:00Z'), 1893456000000)
    assert.equal(parseIamDate('2030-01-01T00:00:00'), 1893456000000)
    assert.equal(parseIamDate('2030-01-01'), 1893456000000)
    assert.equal(parseIamDate('2030-01-01T02:00:00+02:00'), 1893456000000)
    assert.equal(parseIamDate('2029-12-31T19:00:00.000-05:00'), 1893456000000)
    assert.equal(parseIamDate('1893456000'), 1893456000000)
    assert.ok(Number.isNaN(parseIamDate('next tuesday')))
  })
})
