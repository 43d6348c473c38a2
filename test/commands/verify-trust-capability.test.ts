import {strict as assert} from 'node:assert'

import {verifyTrust} from '../aws/cli.js'
import {useSeededMoto} from '../aws/seed.js'
import {MOTO_BASE_ENV} from '../support/moto.js'

/**
 * verify-trust for a cluster that runs ACK as the EKS Capability (fixtures/scenarios/28-eks-capability):
 * the capability role in account 111111111111 assumes selector roles in 222222222222 with session tags.
 */
const INPUT = 'fixtures/scenarios/28-eks-capability/input'
const CAPABILITY = 'arn:aws:iam::111111111111:role/ACKCapabilityRole'
const CAPABILITY_ARN = 'arn:aws:eks:us-west-2:111111111111:capability/prod/ack/ack'
const SNAPSHOTS = ['fixtures/trust/capability/acct-111111111111.json', 'fixtures/trust/capability/acct-222222222222.json']
const OFFLINE = SNAPSHOTS.flatMap((f) => ['--iam-snapshot', f])

interface RouteJson {namespace: string; apiGroup: string; verdict: string; reasons: string[]}
interface Json {
  checks: Array<{roleARN: string; sourceRoleARN: string | null; verdict: string; reasons: string[]; routes?: RouteJson[]}>
  capabilityRole?: {roleARN: string; principal: string; verdict: string; reasons: string[]}
  summary: {pass: number; fail: number; unknown: number}
}

const parse = (stdout: string) => JSON.parse(stdout) as Json
const pair = (json: Json, name: string) => {
  const c = json.checks.find((x) => x.roleARN.endsWith(`:role/${name}`))
  assert.ok(c, `no check for ${name}`)
  return c
}

/** What the fixture must give, offline and online alike. */
function assertCapabilityVerdicts(json: Json): void {
  assert.deepEqual(json.capabilityRole && {...json.capabilityRole, reasons: undefined}, {roleARN: CAPABILITY, principal: 'capabilities.eks.amazonaws.com', verdict: 'pass', reasons: undefined, incomplete: false})
  // Only the selectors' roles: the CARM map's role is never used by the capability.
  assert.deepEqual(json.checks.map((c) => c.roleARN.split(':role/')[1]).sort(), ['ack-prod-rds', 'ack-workloads-s3'])
  for (const c of json.checks) assert.equal(c.sourceRoleARN, CAPABILITY)

  const s3 = pair(json, 'ack-workloads-s3')
  assert.equal(s3.verdict, 'fail')
  assert.deepEqual(s3.routes?.map((r) => `${r.namespace} ${r.apiGroup} ${r.verdict}`), [
    'production s3.services.k8s.aws pass',
    'staging s3.services.k8s.aws fail',
  ])
  const staging = s3.routes!.find((r) => r.namespace === 'staging')!
  assert.match(staging.reasons[0], /condition StringEquals aws:RequestTag\/eks:kubernetes-namespace "production": the request has aws:RequestTag\/eks:kubernetes-namespace = "staging"/)
  assert.match(s3.reasons[0], /^namespace staging, s3\.services\.k8s\.aws: /)

  const rds = pair(json, 'ack-prod-rds')
  assert.equal(rds.verdict, 'fail')
  assert.deepEqual(rds.routes?.map((r) => `${r.namespace} ${r.verdict}`), ['production fail'])
  assert.match(rds.reasons[0], /allows sts:AssumeRole but not sts:TagSession for arn:aws:iam::111111111111:role\/ACKCapabilityRole: the EKS Capability tags its sessions/)
}

describe('ackctl verify-trust --eks-capability-role-arn (offline, IAM snapshots)', function () {
  this.timeout(60_000)
  const args = ['-f', INPUT, '--eks-capability-role-arn', CAPABILITY, '--eks-capability-arn', CAPABILITY_ARN, ...OFFLINE, '-o', 'json']

  it('judges every namespace and API group that routes to a role, with the capability\'s session tags, and sts:TagSession', async () => {
    const res = await verifyTrust(args)
    assert.equal(res.code, 1, res.stderr)
    assertCapabilityVerdicts(parse(res.stdout))
  })

  it('the table shows both routes of a role: PASS for production, FAIL for staging', async () => {
    const res = await verifyTrust(args.slice(0, -2))
    assert.equal(res.code, 1, res.stderr)
    assert.match(res.stdout, /^PASS capability role arn:aws:iam::111111111111:role\/ACKCapabilityRole for capabilities\.eks\.amazonaws\.com$/m)
    assert.match(res.stdout, /^ {2}PASS namespace production, s3\.services\.k8s\.aws$/m)
    assert.match(res.stdout, /^ {2}FAIL namespace staging, s3\.services\.k8s\.aws: trust: .*eks:kubernetes-namespace/m)
  })

  it('a capability role whose own trust lacks sts:TagSession is a FAIL that says so', async () => {
    const res = await verifyTrust(['--eks-capability-role-arn', 'arn:aws:iam::111111111111:role/ACKCapabilityRoleNoTags', '--role-arn', 'arn:aws:iam::222222222222:role/ack-workloads-s3', ...OFFLINE, '-o', 'json'])
    assert.equal(res.code, 1, res.stderr)
    const cap = parse(res.stdout).capabilityRole!
    assert.equal(cap.verdict, 'fail')
    assert.match(cap.reasons[0], /allows sts:AssumeRole but not sts:TagSession for capabilities\.eks\.amazonaws\.com/)
  })

  it('without the capability, the same cluster has no pair for the selectors\' roles to pass: they are inert under the defaults', async () => {
    const res = await verifyTrust(['-f', INPUT, ...OFFLINE, '-o', 'json'])
    const json = parse(res.stdout)
    assert.equal(json.capabilityRole, undefined)
    assert.ok(json.checks.every((c) => c.routes === undefined))
  })

  it('bad input: a role ARN that is not a role, a capability in another account, a contradicting --source-role-arn (exit 2, one line)', async () => {
    const user = await verifyTrust(['-f', INPUT, '--eks-capability-role-arn', 'arn:aws:iam::111111111111:user/ack', ...OFFLINE])
    assert.equal(user.code, 2)
    assert.match(user.stderr, /^ackctl: --eks-capability-role-arn "arn:aws:iam::111111111111:user\/ack" is not an IAM role ARN: give the capability's role/)
    const eks = await verifyTrust(['-f', INPUT, '--eks-capability-role-arn', CAPABILITY_ARN, ...OFFLINE])
    assert.equal(eks.code, 2)
    assert.match(eks.stderr, /is an EKS ARN \(the capability itself\?\), not its IAM role/)
    const other = await verifyTrust(['-f', INPUT, '--eks-capability-role-arn', 'arn:aws:iam::333333333333:role/ACKCapabilityRole', '--eks-capability-arn', CAPABILITY_ARN, ...OFFLINE])
    assert.equal(other.code, 2)
    assert.match(other.stderr, /^ackctl: the capability role arn:aws:iam::333333333333:role\/ACKCapabilityRole is in account 333333333333, but the capability .* is in account 111111111111: a capability role must be in the cluster's account/)
    const source = await verifyTrust(['-f', INPUT, '--eks-capability-role-arn', CAPABILITY, '--source-role-arn', 'arn:aws:iam::111111111111:role/x', ...OFFLINE])
    assert.equal(source.code, 2)
    assert.match(source.stderr, /--source-role-arn .* contradicts --eks-capability-role-arn/)
    for (const r of [user, eks, other, source]) assert.equal(r.stdout, '')
  })
})

describe('ackctl verify-trust --eks-capability-role-arn (online, moto_server, two accounts)', function () {
  this.timeout(120_000)
  const moto = useSeededMoto(SNAPSHOTS)

  it('reads both accounts through --audit-role-name and gives the offline verdicts', async () => {
    const res = await verifyTrust([
      '-f', INPUT, '--eks-capability-role-arn', CAPABILITY, '--eks-capability-arn', CAPABILITY_ARN,
      '--endpoint-url', moto.endpoint(), '--audit-role-name', 'OrganizationAccountAccessRole', '-o', 'json',
    ], {...MOTO_BASE_ENV})
    assert.equal(res.code, 1, res.stderr)
    assertCapabilityVerdicts(parse(res.stdout))
  })
})
