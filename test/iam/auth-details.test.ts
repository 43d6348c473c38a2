import {strict as assert} from 'node:assert'
import {readFileSync} from 'node:fs'

import {parseRoleArn} from '../../src/iam/arn.js'
import {indexAuthorizationDetails, snapshotPolicy, snapshotRole} from '../../src/iam/auth-details.js'
import {parsePolicyDocument} from '../../src/iam/policy-document.js'

const load = (file: string) => ({file, data: JSON.parse(readFileSync(file, 'utf8')) as unknown})
const FILES = ['fixtures/trust/acct-111111111111.json', 'fixtures/trust/acct-222222222222.json']
const roleArn = (arn: string) => {
  const p = parseRoleArn(arn)
  if (!p.ok) throw new Error(p.reason)
  return p.role
}

describe('get-account-authorization-details snapshots', () => {
  const index = indexAuthorizationDetails(FILES.map(load))

  it('indexes roles per account from the ARNs in each file', () => {
    assert.deepEqual([...index.accounts.keys()].sort(), ['111111111111', '222222222222'])
    assert.deepEqual(index.problems, [])
  })

  it('reads plain (AWS CLI) and URL-encoded (raw API) trust policies alike', () => {
    for (const arn of ['arn:aws:iam::111111111111:role/ack-local', 'arn:aws:iam::222222222222:role/ack-data']) {
      const hit = snapshotRole(index, roleArn(arn))
      assert.equal(hit.status, 'found')
      if (hit.status !== 'found') return
      const doc = parsePolicyDocument(hit.value.record.trustPolicy)
      assert.ok(doc.ok)
      assert.equal(doc.ok && doc.document.statements[0].sid, 'AckControllers')
    }
  })

  it('keeps inline, attached and boundary policies, tags and the role id', () => {
    const hit = snapshotRole(index, roleArn('arn:aws:iam::111111111111:role/ack-s3-controller'))
    assert.equal(hit.status, 'found')
    if (hit.status !== 'found') return
    assert.deepEqual(hit.value.record.tags, {team: 'platform'})
    assert.equal(hit.value.record.roleId, 'AROA111S3CONTROLLER01')
    assert.deepEqual(hit.value.policies.inline.map((p) => p.name), ['assume-ack-targets'])
    assert.deepEqual(hit.value.policies.attachedArns, ['arn:aws:iam::111111111111:policy/ack-deny-admin'])
    const ddb = snapshotRole(index, roleArn('arn:aws:iam::111111111111:role/ack-dynamodb-controller'))
    assert.equal(ddb.status === 'found' && ddb.value.policies.permissionsBoundaryArn, 'arn:aws:iam::111111111111:policy/ack-boundary')
  })

  it('uses the default version of a managed policy, not the first', () => {
    const hit = snapshotPolicy(index, 'arn:aws:iam::111111111111:policy/ack-deny-admin')
    assert.equal(hit.status, 'found')
    const doc = parsePolicyDocument(hit.status === 'found' ? hit.value : undefined)
    assert.equal(doc.ok && doc.document.statements[0].effect, 'Deny')
  })

  it('role names are case-insensitive; a role not in its account\'s snapshot is missing', () => {
    assert.equal(snapshotRole(index, roleArn('arn:aws:iam::222222222222:role/ACK-DATA')).status, 'found')
    const gone = snapshotRole(index, roleArn('arn:aws:iam::222222222222:role/ack-gone'))
    assert.equal(gone.status, 'missing')
  })

  it('an account without a snapshot is unavailable, naming what to supply', () => {
    const hit = snapshotRole(index, roleArn('arn:aws:iam::333333333333:role/x'))
    assert.equal(hit.status, 'unavailable')
    assert.match(hit.status === 'unavailable' ? hit.needs ?? '' : '', /--iam-snapshot .* account 333333333333/)
  })

  it('a truncated snapshot cannot prove that a role does not exist', () => {
    const data = {...(load(FILES[1]).data as object), IsTruncated: true, Marker: 'abc'}
    const truncated = indexAuthorizationDetails([{file: 'part.json', data}])
    assert.equal(snapshotRole(truncated, roleArn('arn:aws:iam::222222222222:role/ack-gone')).status, 'unavailable')
  })

  it('rejects a file that is not such a snapshot, naming it', () => {
    assert.throws(() => indexAuthorizationDetails([{file: 'roles.json', data: {Roles: []}}]), /roles.json: not the output of `aws iam get-account-authorization-details`/)
  })
})
