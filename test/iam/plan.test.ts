import {strict as assert} from 'node:assert'

import {effectiveControllers} from '../../src/ack/controllers.js'
import {planPairs} from '../../src/iam/plan.js'
import {buildSnapshot} from '../../src/sources/decode.js'
import {loadSnapshot} from '../../src/sources/index.js'

const S3 = 'arn:aws:iam::111111111111:role/ack-s3-controller'
const DDB = 'arn:aws:iam::111111111111:role/ack-dynamodb-controller'
const DATA = 'arn:aws:iam::222222222222:role/ack-data'

async function plan(extra: {sourceRoleArn?: string; roleArns?: string[]} = {}, files = ['fixtures/trust/cluster.yaml']) {
  const snapshot = await loadSnapshot({filenames: files, recursive: false})
  const {controllers} = effectiveControllers(snapshot)
  return planPairs(snapshot, {controllers, ...extra})
}

describe('verify-trust pair planning', () => {
  it('pairs each target with the controllers that can use it, listing what makes each one use it', async () => {
    const pairs = await plan()
    const data = pairs.filter((p) => p.roleArn === DATA)
    assert.deepEqual(data.map((p) => [p.sourceRoleArn, p.controllers, p.usedBy, p.unused]), [
      [DDB, ['dynamodb'], ['IAMRoleSelector analytics-tables', 'Namespace analytics'], false],
      [S3, ['s3'], ['ConfigMap ack-system/ack-role-account-map key "222222222222"', 'Namespace payments'], false],
    ])
    assert.deepEqual(data[1].sourceFrom, ['ServiceAccount ack-system/ack-s3-controller'])
  })

  it('keeps entries no namespace resolves to, marked unused, for the controllers that read them', async () => {
    const legacy = (await plan()).filter((p) => p.roleArn.endsWith('/ack-legacy'))
    assert.deepEqual(legacy.map((p) => [p.sourceRoleArn, p.unused, p.usedBy]), [[S3, true, ['ConfigMap ack-system/ack-role-account-map key "legacy"']]])
  })

  it('checks malformed values too', async () => {
    assert.ok((await plan()).some((p) => p.roleArn === 'arn:aws:iam::22222222222:role/ack-data'))
  })

  it('--source-role-arn replaces every controller role, merging their pairs', async () => {
    const pairs = await plan({sourceRoleArn: 'arn:aws:iam::111111111111:role/other'})
    const data = pairs.filter((p) => p.roleArn === DATA)
    assert.equal(data.length, 1)
    assert.deepEqual(data[0].controllers, ['dynamodb', 's3'])
    assert.deepEqual(data[0].sourceFrom, ['--source-role-arn'])
    assert.deepEqual(data[0].usedBy, ['ConfigMap ack-system/ack-role-account-map key "222222222222"', 'IAMRoleSelector analytics-tables', 'Namespace analytics', 'Namespace payments'])
  })

  it('a controller installed by a GitOps release: its role is the IRSA annotation of its values', async () => {
    const pairs = await plan({}, ['fixtures/scenarios/32-gitops-chart-releases/input'])
    const s3 = pairs.find((p) => p.roleArn === 'arn:aws:iam::111111111111:role/ack-team-a')!
    assert.deepEqual([s3.sourceRoleArn, s3.sourceFrom], ['arn:aws:iam::999999999999:role/ack-s3-controller', ['ServiceAccount ack-controllers/ack-s3-controller (Flux HelmRelease flux-system/ack-s3)']])
    // dynamodb's release sets no IRSA role on the ServiceAccount the chart makes.
    const ddb = pairs.find((p) => p.controllers.includes('dynamodb'))!
    assert.equal(ddb.sourceRoleArn, null)
    assert.match(ddb.sourceMissing ?? '', /no dynamodb controller Deployment in the input and no eks\.amazonaws\.com\/role-arn on the ServiceAccount Argo CD Application argocd\/ack-dynamodb runs it as \(ack-controllers\/ack-dynamodb-controller\)/)
  })

  it('--role-arn alone needs no cluster input', () => {
    const pairs = planPairs(buildSnapshot([]), {controllers: [], sourceRoleArn: S3, roleArns: [DATA]})
    assert.deepEqual(pairs.map((p) => [p.sourceRoleArn, p.roleArn, p.usedBy, p.unused]), [[S3, DATA, ['--role-arn'], false]])
  })

  it('explains an unknown controller role and how to supply it', async () => {
    const pairs = await plan({}, ['fixtures/trust/no-irsa.yaml'])
    assert.equal(pairs.length, 1)
    assert.equal(pairs[0].sourceRoleArn, null)
    assert.match(pairs[0].sourceMissing ?? '', /ServiceAccount ack-system\/ack-s3-controller \(of Deployment ack-system\/ack-s3-controller\) has no eks.amazonaws.com\/role-arn annotation.*--source-role-arn/)
  })
})
