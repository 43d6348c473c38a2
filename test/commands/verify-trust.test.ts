import {strict as assert} from 'node:assert'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {CLUSTER, EXPECTED, ROOT, S3, SNAPSHOTS, check, errorText, verdicts, verifyTrust} from '../aws/cli.js'
import {startCluster} from '../live/support.js'

const offline = [...SNAPSHOTS.flatMap((s) => ['--iam-snapshot', s])]

describe('ackctl verify-trust (offline, --iam-snapshot)', function () {
  this.timeout(60_000)

  it('checks every pair from the cluster files against the snapshots; an UNKNOWN pair exits 3, FAIL exits 1 with --allow-unknown', async () => {
    const res = await verifyTrust(['-f', CLUSTER, ...offline, '-o', 'json'])
    // ack-org is UNKNOWN (aws:PrincipalOrgID): an undecided pair never leaves a clean or plain-failure exit.
    assert.equal(res.code, 3, res.stderr)
    assert.deepEqual(verdicts(res.stdout), EXPECTED)
    const accepted = await verifyTrust(['-f', CLUSTER, ...offline, '-o', 'json', '--allow-unknown'])
    assert.equal(accepted.code, 1, accepted.stderr)
  })

  it('marks white space in a role ARN visibly in the table (ACK does not trim it), and fails the pair', async () => {
    const res = await verifyTrust(['--source-role-arn', S3, '--role-arn', 'arn:aws:iam::222222222222:role/ack-data ', ...offline])
    assert.equal(res.code, 1, res.stderr)
    assert.match(res.stdout, /^FAIL +"arn:aws:iam::222222222222:role\/ack-data\u2420" /m)
    assert.match(res.stdout, /the ARN has leading or trailing white space \(ACK does not trim it\)/)
  })

  it('reads the controllers, ServiceAccounts, ConfigMaps and selectors from a live cluster alike', async () => {
    const cluster = await startCluster({files: [join(ROOT, CLUSTER)]})
    try {
      const res = await verifyTrust(['--kubeconfig', cluster.kubeconfig, ...offline, '-o', 'json'], {HOME: cluster.dir})
      assert.equal(res.code, 3, res.stderr)
      assert.deepEqual(verdicts(res.stdout), EXPECTED)
    } finally {
      await cluster.stop()
    }
  })

  it('explains each failure with the decisive statement or condition', async () => {
    const res = await verifyTrust(['-f', CLUSTER, ...offline, '-o', 'json'])
    assert.match(check(res.stdout, '/ack-partner').reasons[0], /statement "PartnerWithExternalId" does not apply: condition StringEquals sts:ExternalId "partner-7f3a": .*without an external id/)
    assert.match(check(res.stdout, '/ack-admin-tools').reasons[0], /managed policy arn:aws:iam::111111111111:policy\/ack-deny-admin statement "NoAdminRoles" denies/)
    assert.match(check(res.stdout, '/ack-data', 'arn:aws:iam::111111111111:role/ack-dynamodb-controller').reasons[0], /permissions boundary arn:aws:iam::111111111111:policy\/ack-boundary does not allow/)
    assert.match(check(res.stdout, '/ack-legacy').reasons[0], /unique id AROA111OLDCONTROLLER9/)
    assert.match(check(res.stdout, '/ack-org').reasons[0], /depends on aws:PrincipalOrgID/)
    assert.match(check(res.stdout, '/ack-gone').reasons[0], /does not exist in account 222222222222/)
    assert.match(check(res.stdout, '/ack-local').reasons[1], /identity: not needed/)
    const legacy = check(res.stdout, '/ack-legacy')
    assert.equal(legacy.unused, true)
    assert.deepEqual(check(res.stdout, '/ack-partner').usedBy, ['ConfigMap ack-system/ack-role-account-map key "partner"', 'Namespace partner'])
  })

  it('prints a table with the decisive reason per pair, then the details of what did not pass', async () => {
    const res = await verifyTrust(['-f', CLUSTER, ...offline])
    assert.equal(res.code, 3)
    const lines = res.stdout.split('\n')
    assert.match(lines[0], /^VERDICT\s+ROLE\s+SOURCE\s+USED BY\s+REASON$/)
    assert.match(res.stdout, /^PASS\s+arn:aws:iam::222222222222:role\/ack-data\s+arn:aws:iam::111111111111:role\/ack-s3-controller\s+ConfigMap ack-system\/ack-role-account-map key "222222222222" \(\+1\)\s+trust: /m)
    assert.match(res.stdout, /^FAIL\s+arn:aws:iam::222222222222:role\/ack-legacy\s+\S+\s+unused: ConfigMap/m)
    assert.match(res.stdout, /^UNKNOWN arn:aws:iam::222222222222:role\/ack-org for arn:aws:iam::111111111111:role\/ack-s3-controller$/m)
    assert.match(res.stdout, /^10 pairs: 2 pass, 7 fail, 1 unknown$/m)
  })

  it('-o json and --json print the same document', async () => {
    const [a, b] = await Promise.all([verifyTrust(['-f', CLUSTER, ...offline, '-o', 'json']), verifyTrust(['-f', CLUSTER, ...offline, '--json'])])
    assert.deepEqual(JSON.parse(a.stdout), JSON.parse(b.stdout))
    assert.equal(b.code, 3)
  })

  it('--principal-org-id decides aws:PrincipalOrgID conditions', async () => {
    const res = await verifyTrust(['-f', CLUSTER, ...offline, '--principal-org-id', 'o-exampleorg', '-o', 'json'])
    assert.equal(check(res.stdout, '/ack-org').verdict, 'pass')
  })

  it('a target account without a snapshot is UNKNOWN with what to supply, and exits 3', async () => {
    const res = await verifyTrust(['-f', CLUSTER, '--iam-snapshot', SNAPSHOTS[0], '-o', 'json'])
    assert.equal(res.code, 3)
    const data = check(res.stdout, '/ack-data')
    assert.equal(data.verdict, 'unknown')
    assert.equal(data.incomplete, true)
    assert.match(data.reasons[0], /no IAM snapshot covers account 222222222222 \(needs --iam-snapshot/)
  })

  it('--source-role-arn and --role-arn need no cluster', async () => {
    const res = await verifyTrust(['--source-role-arn', S3, '--role-arn', 'arn:aws:iam::222222222222:role/ack-data', ...offline, '-o', 'json'])
    assert.equal(res.code, 0, res.stderr)
    assert.deepEqual(verdicts(res.stdout), ['222222222222:role/ack-data <- 111111111111:role/ack-s3-controller: pass allowed/allowed'])
    assert.deepEqual(check(res.stdout, '/ack-data').usedBy, ['--role-arn'])
  })

  it('says how to supply the controller role when it is unknown, and exits 3', async () => {
    const res = await verifyTrust(['-f', 'fixtures/trust/no-irsa.yaml', ...offline])
    assert.equal(res.code, 3)
    assert.match(res.stdout, /UNKNOWN\s+arn:aws:iam::222222222222:role\/ack-data\s+\?\s/)
    assert.match(res.stdout, /has no eks.amazonaws.com\/role-arn annotation, so its role likely comes from an EKS Pod Identity association.*aws eks list-pod-identity-associations .*pass --source-role-arn/)
  })

  describe('bad --iam-snapshot files exit 2 with a message naming the file', () => {
    let dir: string
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'ackctl-trust-'))
    })
    after(() => rmSync(dir, {recursive: true, force: true}))

    for (const [name, content, message] of [
      ['not-json.json', '{"RoleDetailList": [', /not-json.json: not JSON/],
      ['other.json', '{"Roles": []}', /other.json: not the output of `aws iam get-account-authorization-details`/],
    ] as const) {
      it(name, async () => {
        writeFileSync(join(dir, name), content)
        const res = await verifyTrust(['--source-role-arn', S3, '--role-arn', 'arn:aws:iam::222222222222:role/x', '--iam-snapshot', join(dir, name)])
        assert.equal(res.code, 2)
        assert.match(errorText(res.stderr), message)
        assert.doesNotMatch(res.stderr, /\bat .*:\d+:\d+/)
      })
    }

    it('a missing file', async () => {
      const res = await verifyTrust(['--source-role-arn', S3, '--role-arn', 'arn:aws:iam::222222222222:role/x', '--iam-snapshot', join(dir, 'nope.json')])
      assert.equal(res.code, 2)
      assert.match(errorText(res.stderr), /nope.json: cannot read the file \(ENOENT\)/)
    })
  })
})
