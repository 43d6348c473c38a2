import {strict as assert} from 'node:assert'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {CLUSTER, EXPECTED, S3, SNAPSHOTS, check, verdicts, verifyTrust} from '../aws/cli.js'
import {accountCredentials, useSeededMoto} from '../aws/seed.js'
import {MOTO_BASE_ENV} from '../support/moto.js'
import {startSimulateStub, type StubOptions} from '../support/simulate-stub.js'

const AUDIT = ['--audit-role-name', 'OrganizationAccountAccessRole']
const DATA = 'arn:aws:iam::222222222222:role/ack-data'
const PARTNER = 'arn:aws:iam::222222222222:role/ack-partner'

describe('ackctl verify-trust (online, moto_server)', function () {
  this.timeout(120_000)
  // Roles and policies of both fixture accounts, created in moto's accounts 111... and 222...
  const moto = useSeededMoto(SNAPSHOTS)
  let endpoint: string
  before(() => {
    endpoint = moto.endpoint()
  })

  const run = (args: string[], env: Record<string, string> = {}) => verifyTrust([...args, '-o', 'json'], {...MOTO_BASE_ENV, ...env})

  it('reads every account through --audit-role-name and gives the offline verdicts', async () => {
    const res = await run(['-f', CLUSTER, '--endpoint-url', endpoint, ...AUDIT])
    assert.equal(res.code, 3, res.stderr) // ack-org is UNKNOWN
    assert.deepEqual(verdicts(res.stdout), EXPECTED)
    // moto has no SimulatePrincipalPolicy (HTTP 500): ackctl read the policies and evaluated them.
    assert.match(JSON.parse(res.stdout).notes.join('\n'), /iam:SimulatePrincipalPolicy is not available here \(.*HTTP 500\); ackctl evaluated/)
    assert.match(check(res.stdout, '/ack-partner').reasons[0], /sts:ExternalId is not in the request/)
    assert.match(check(res.stdout, '/ack-gone').reasons[0], /GetRole: no role named ack-gone in account 222222222222/)
  })

  it('without access to the other accounts, pairs are UNKNOWN naming what is missing, and it exits 3', async () => {
    const res = await run(['-f', CLUSTER, '--endpoint-url', endpoint])
    assert.equal(res.code, 3, res.stderr)
    const data = check(res.stdout, '/ack-data')
    assert.equal(data.verdict, 'unknown')
    assert.equal(data.incomplete, true)
    assert.match(data.reasons[0], /the current credentials \(arn:aws:sts::123456789012:user\/moto\) are in account 123456789012, not 222222222222 \(needs --audit-role-name NAME/)
    assert.equal(check(res.stdout, 'role/ack-data', S3).verdict, 'unknown')
    assert.equal(check(res.stdout, '::22222222222:role/ack-data').verdict, 'fail')
  })

  it('--profile reads credentials from the shared credentials file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ackctl-profile-'))
    try {
      const file = join(dir, 'credentials')
      writeFileSync(file, `[audit]\naws_access_key_id = ${MOTO_BASE_ENV.AWS_ACCESS_KEY_ID}\naws_secret_access_key = ${MOTO_BASE_ENV.AWS_SECRET_ACCESS_KEY}\n`)
      const args = ['--source-role-arn', S3, '--role-arn', DATA, '--endpoint-url', endpoint, ...AUDIT, '-o', 'json']
      const res = await verifyTrust([...args, '--profile', 'audit'], {AWS_SHARED_CREDENTIALS_FILE: file})
      assert.equal(res.code, 0, res.stdout)
      assert.equal(check(res.stdout, '/ack-data').verdict, 'pass')
      const other = await verifyTrust([...args, '--profile', 'nope'], {AWS_SHARED_CREDENTIALS_FILE: file})
      assert.equal(other.code, 3)
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })

  it('causes, not symptoms: no credentials, an unreachable endpoint, an unknown profile; each said once (exit 3), never a pass', async () => {
    const pairs = ['--source-role-arn', S3, '--role-arn', DATA, '--role-arn', PARTNER, '-o', 'json']
    const none = await verifyTrust([...pairs, '--endpoint-url', endpoint], {AWS_REGION: 'us-east-1'})
    assert.equal(none.code, 3, none.stderr)
    assert.equal(none.stdout, '')
    assert.match(none.stderr, /^ackctl: no AWS credentials found \(the standard chain: .*\); set them, pass --profile, or run offline with --iam-snapshot\n$/)
    const refused = await verifyTrust([...pairs, '--endpoint-url', 'http://127.0.0.1:9'], {...MOTO_BASE_ENV})
    assert.equal(refused.code, 3, refused.stderr)
    assert.equal(refused.stderr, 'ackctl: cannot reach STS at http://127.0.0.1:9 (ECONNREFUSED); check --endpoint-url, --region and the network\n')
    const profile = await verifyTrust([...pairs, '--endpoint-url', endpoint, '--profile', 'nosuch'], {AWS_REGION: 'us-east-1'})
    assert.equal(profile.code, 3, profile.stderr)
    assert.match(profile.stderr, /^ackctl: the AWS profile "nosuch" \(--profile\) is not in the shared config or credentials file/)
  })

  describe('with a SimulatePrincipalPolicy stub in front of moto', () => {
    const withStub = async (opts: Omit<StubOptions, 'upstream'>, args: string[]) => {
      const stub = await startSimulateStub({upstream: endpoint, ...opts})
      try {
        const res = await run([...args, '--endpoint-url', stub.endpoint, ...AUDIT])
        return {res, calls: stub.calls}
      } finally {
        await stub.stop()
      }
    }
    const simulate: StubOptions['simulate'] = ({source, resource}) => source === S3
      ? {decision: resource === DATA ? 'allowed' : 'implicitDeny', matched: resource === DATA ? [{policyId: 'assume-ack-targets', line: 3}] : []}
      : undefined

    it('uses the simulator for the controller role\'s side and reads each role once', async () => {
      const {res, calls} = await withStub({simulate}, ['-f', CLUSTER])
      assert.equal(res.code, 1, res.stderr)
      const data = check(res.stdout, '/ack-data')
      assert.equal(data.verdict, 'pass')
      assert.match(data.reasons.join('\n'), /identity \(iam:SimulatePrincipalPolicy\): IAM Policy assume-ack-targets \(line 3\) allows sts:AssumeRole on arn:aws:iam::222222222222:role\/ack-data/)
      assert.match(check(res.stdout, '/ack-org').reasons.join('\n'), /identity \(iam:SimulatePrincipalPolicy\): no policy of .* allows/)
      const getRole = calls.filter((c) => c.action === 'GetRole')
      for (const name of ['ack-data', 'ack-s3-controller', 'ack-dynamodb-controller', 'ack-partner']) {
        assert.equal(getRole.filter((c) => c.target === name).length, 1, `GetRole ${name}`)
      }
      assert.equal(calls.filter((c) => c.action === 'AssumeRole').length, 2, 'one audit session per account')
    })

    it('retries throttled calls with backoff', async () => {
      const {res, calls} = await withStub({simulate, faults: [{action: 'GetRole', match: 'ack-data', code: 'Throttling', status: 400, times: 2}]},
        ['--source-role-arn', S3, '--role-arn', DATA])
      assert.equal(res.code, 0, res.stdout)
      assert.equal(check(res.stdout, '/ack-data').verdict, 'pass')
      assert.equal(calls.filter((c) => c.action === 'GetRole' && c.target === 'ack-data').length, 3)
    })

    it('AccessDenied on a role is UNKNOWN with the missing permission, and exits 3', async () => {
      const {res} = await withStub({simulate, faults: [{action: 'GetRole', match: 'ack-partner', code: 'AccessDenied', status: 403}]},
        ['--source-role-arn', S3, '--role-arn', PARTNER, '--role-arn', DATA])
      assert.equal(res.code, 3)
      const partner = check(res.stdout, '/ack-partner')
      assert.equal(partner.verdict, 'unknown')
      assert.match(partner.reasons[0], /cannot read arn:aws:iam::222222222222:role\/ack-partner: AccessDenied: .* \(needs iam:GetRole on arn:aws:iam::222222222222:role\/ack-partner\)/)
      assert.equal(check(res.stdout, '/ack-data').verdict, 'pass')
    })

    it('a denied simulator falls back to reading the policies; unreadable policies are UNKNOWN naming the permissions', async () => {
      const {res} = await withStub({faults: [
        {action: 'SimulatePrincipalPolicy', code: 'AccessDenied', status: 403},
        {action: 'ListRolePolicies', code: 'AccessDenied', status: 403},
      ]}, ['--source-role-arn', S3, '--role-arn', DATA])
      assert.equal(res.code, 3)
      const data = check(res.stdout, '/ack-data')
      assert.deepEqual([data.verdict, data.trust, data.identity], ['unknown', 'allowed', 'unknown'])
      assert.match(data.reasons.join('\n'), /needs iam:ListRolePolicies, iam:GetRolePolicy and iam:ListAttachedRolePolicies on arn:aws:iam::111111111111:role\/ack-s3-controller/)
      assert.match(JSON.parse(res.stdout).notes.join('\n'), /iam:SimulatePrincipalPolicy was denied \(AccessDenied\)/)
    })
  })

  describe('--probe', () => {
    it('with the controller role\'s own credentials, the real call decides (moto does not enforce trust policies)', async () => {
      const creds = await accountCredentials(endpoint, '111111111111', 'ack-s3-controller')
      const res = await run(['--source-role-arn', S3, '--role-arn', PARTNER, '--endpoint-url', endpoint, ...AUDIT, '--probe'], {
        AWS_ACCESS_KEY_ID: creds.accessKeyId, AWS_SECRET_ACCESS_KEY: creds.secretAccessKey, AWS_SESSION_TOKEN: creds.sessionToken,
      })
      // ackctl predicts FAIL (ExternalId); moto lets the call through: the contradiction is UNKNOWN, never a PASS.
      assert.equal(res.code, 3, res.stderr)
      const partner = JSON.parse(res.stdout).checks[0]
      assert.equal(partner.verdict, 'unknown')
      assert.equal(partner.probe.asSource, true)
      assert.match(partner.reasons[0], /^probe: sts:AssumeRole as arn:aws:sts::111111111111:assumed-role\/ack-s3-controller\/seed succeeded: STS returned credentials for .* \(discarded\)/)
      assert.match(partner.reasons[1], /the real call succeeded although ackctl predicts FAIL: a probe never turns a FAIL into a PASS/)
      assert.doesNotMatch(res.stdout, /SecretAccessKey|SessionToken|"ASIA/)
    })

    it('with other credentials, the probe is only reported', async () => {
      const res = await run(['--source-role-arn', S3, '--role-arn', PARTNER, '--endpoint-url', endpoint, ...AUDIT, '--probe'])
      assert.equal(res.code, 1)
      const partner = JSON.parse(res.stdout).checks[0]
      assert.equal(partner.verdict, 'fail')
      assert.equal(partner.probe.asSource, false)
      assert.match(partner.reasons.at(-1), /^probe: sts:AssumeRole as arn:aws:sts::123456789012:user\/moto succeeded: .*; these are not the controller's role arn:aws:iam::111111111111:role\/ack-s3-controller, so the result proves nothing about the controller$/)
    })
  })
})
