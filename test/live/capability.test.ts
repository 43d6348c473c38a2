import assert from 'node:assert/strict'
import {readFileSync, readdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {ROOT, ackctl, kubectl, startCluster, type FakeCluster} from './support.js'

const INPUT = join(ROOT, 'fixtures', 'scenarios', '28-eks-capability', 'input')
const ROLE = 'arn:aws:iam::111111111111:role/ACKCapabilityRole'

/**
 * A cluster that runs ACK as the EKS Capability, served by the loopback API server: no controller
 * Deployment, only CRD-less ACK resources, selectors and leftover CARM configuration.
 */
describe('ackctl against a live EKS Capability cluster (loopback API server)', function () {
  this.timeout(120_000)
  let cluster: FakeCluster
  before(async () => {
    cluster = await startCluster({files: readdirSync(INPUT).filter((f) => f.endsWith('.yaml')).map((f) => join(INPUT, f))})
  })
  after(async () => cluster.stop())

  it('resolves as the capability: selectors override, the capability role is the default, CARM is ignored', async () => {
    const res = await ackctl(['resolve', '--kubeconfig', cluster.kubeconfig, '--eks-capability-role-arn', ROLE, '-o', 'json'], cluster.dir)
    assert.equal(res.code, 0, res.stderr)
    const json = JSON.parse(res.stdout) as {resources: Array<{namespace: string; kind: string; outcome: string; roleARN: string; defaultRoleARN?: string; assumeRole?: {sessionTags?: Record<string, string>}}>; findings: Array<{rule: string}>}
    const row = (ns: string, kind: string) => json.resources.find((r) => r.namespace === ns && r.kind === kind)!
    assert.equal(row('staging', 'Bucket').roleARN, 'arn:aws:iam::222222222222:role/ack-workloads-s3')
    assert.deepEqual(row('staging', 'Bucket').assumeRole?.sessionTags, {'eks:kubernetes-api-group': 's3.services.k8s.aws', 'eks:kubernetes-namespace': 'staging'})
    assert.deepEqual([row('dev', 'Bucket').outcome, row('dev', 'Bucket').defaultRoleARN], ['DEFAULT_CREDENTIALS', ROLE])
    assert.ok(json.findings.some((f) => f.rule === 'carm-ignored-by-capability'))
    // kubectl sees the same objects ackctl read: no controller Deployment anywhere, and the Bucket it routed.
    const deployments = await kubectl(['--kubeconfig', cluster.kubeconfig, '--cache-dir', join(cluster.dir, 'cache'), 'get', 'deployments.apps', '-A', '-o', 'name'], cluster.dir)
    assert.equal(deployments.code, 0, deployments.stderr)
    assert.equal(deployments.stdout.trim(), '')
    const bucket = await kubectl(['--kubeconfig', cluster.kubeconfig, '--cache-dir', join(cluster.dir, 'cache'), 'get', 'buckets.s3.services.k8s.aws', '-n', 'staging', '-o', 'name'], cluster.dir)
    assert.equal(bucket.stdout.trim(), 'bucket.s3.services.k8s.aws/assets')
  })

  it('without the flag, says what it assumed and how to declare the capability', async () => {
    const res = await ackctl(['lint', '--kubeconfig', cluster.kubeconfig, '-o', 'json'], cluster.dir)
    const json = JSON.parse(res.stdout) as {findings: Array<{rule: string; message: string}>}
    const hit = json.findings.find((f) => f.rule === 'eks-capability-undeclared')
    assert.ok(hit, res.stdout)
    assert.match(hit.message, /pass --eks-capability-role-arn ARN/)
    assert.match(json.findings.find((f) => f.rule === 'selectors-without-gate')!.message, /if ACK runs as the EKS Capability, pass --eks-capability-role-arn/)
  })

  it('refuses a capability role of another account than the EKS cluster of the kubeconfig (exit 2, nothing on stdout)', async () => {
    // `aws eks update-kubeconfig` names the cluster by its ARN: the cluster's account is known.
    const eks = join(cluster.dir, 'eks-kubeconfig')
    writeFileSync(eks, readFileSync(cluster.kubeconfig, 'utf8').replace(/\bname: fake\b/, 'name: arn:aws:eks:us-west-2:333333333333:cluster/prod').replace(/cluster: fake\b/g, 'cluster: arn:aws:eks:us-west-2:333333333333:cluster/prod'))
    const res = await ackctl(['resolve', '--kubeconfig', eks, '--eks-capability-role-arn', ROLE], cluster.dir)
    assert.equal(res.code, 2, res.stderr)
    assert.equal(res.stdout, '')
    assert.equal(res.stderr, `ackctl: the capability role ${ROLE} is in account 111111111111, but the cluster (kubeconfig cluster arn:aws:eks:us-west-2:333333333333:cluster/prod) is in account 333333333333: a capability role must be in the cluster's account; pass the role of this cluster's capability\n`)
    const ok = await ackctl(['resolve', '--kubeconfig', eks, '--eks-capability-role-arn', 'arn:aws:iam::333333333333:role/ACKCapabilityRole', '-o', 'json'], cluster.dir)
    assert.equal(ok.code, 0, ok.stderr)
  })
})

describe('ackctl snapshot of an EKS Capability cluster', function () {
  this.timeout(60_000)
  it('says on stderr how to resolve the file, and the file resolves as the capability', async () => {
    const cluster = await startCluster({files: readdirSync(INPUT).filter((f) => f.endsWith('.yaml')).map((f) => join(INPUT, f))})
    try {
      const snap = await ackctl(['snapshot', '--kubeconfig', cluster.kubeconfig], cluster.dir)
      assert.equal(snap.code, 0, snap.stderr)
      assert.equal(snap.stderr, 'ackctl: no ACK controller Deployment in the cluster: if it runs the EKS Capability for ACK, resolve this file with --eks-capability-role-arn ARN\n')
      const file = join(cluster.dir, 'snapshot.yaml')
      writeFileSync(file, snap.stdout)
      const res = await ackctl(['resolve', '-f', file, '--eks-capability-role-arn', ROLE, '-o', 'json'], cluster.dir)
      const json = JSON.parse(res.stdout) as {resources: Array<{namespace: string; defaultRoleARN?: string}>}
      assert.equal(json.resources.find((r) => r.namespace === 'dev')?.defaultRoleARN, ROLE)
    } finally {
      await cluster.stop()
    }
  })
})
