import {strict as assert} from 'node:assert'
import {join} from 'node:path'

import {analyse} from '../../src/findings/analyse.js'
import {DEFAULT_LABEL_KEY, migrateAnalysed} from '../../src/migrate/index.js'
import {loadSnapshot} from '../../src/sources/index.js'
import {TEST_TODAY} from '../findings/support.js'
import {REPO_ROOT} from '../support/vectors.js'

/** fixtures/migrate/13-gitops-releases: the s3 controller is a Flux HelmRelease, the sqs controller an Argo CD Application. */
async function migrate(capability?: {roleARN: string}) {
  const input = join(REPO_ROOT, 'fixtures', 'migrate', '13-gitops-releases', 'input')
  const snapshot = await loadSnapshot({filenames: [input], recursive: true})
  const analysis = analyse(snapshot, {overrides: {}, today: TEST_TODAY})
  return migrateAnalysed(snapshot, analysis, {strategy: 'names', labelKey: DEFAULT_LABEL_KEY, invocation: {sourceArgs: ['-f', input], live: false}, ...(capability ? {capability} : {})})
}

describe('migrate-carm: controllers installed by GitOps releases', () => {
  it('switches each controller in its release, never with helm upgrade', async () => {
    const {plan} = await migrate()
    const switches = plan.filter((s) => s.id === 'switch-controller')
    assert.deepEqual(switches.map((s) => [s.title, s.commands, s.controller?.release?.kind]), [
      ['Switch the s3 controller (Flux HelmRelease ack-system/ack-s3) to IAMRoleSelector', ['flux reconcile helmrelease --namespace ack-system --with-source ack-s3'], 'HelmRelease'],
      ['Switch the sqs controller (Argo CD Application argocd/ack-sqs) to IAMRoleSelector', ['argocd app sync ack-sqs'], 'Application'],
    ])
    assert.ok(!plan.some((s) => s.commands.some((c) => c.startsWith('helm '))))
  })

  it('to the EKS Capability: removes each release as its GitOps tool needs, an Argo CD Application without cascading (its CRDs)', async () => {
    const {plan} = await migrate({roleARN: 'arn:aws:iam::999999999999:role/ACKCapability'})
    const step = plan.find((s) => s.id === 'switch-to-capability')!
    assert.ok(!step.commands.some((c) => c.startsWith('helm uninstall')), step.commands.join('\n'))
    assert.match(step.details[0], /^Remove Flux HelmRelease ack-system\/ack-s3 from its repository/)
    assert.match(step.details[1], /^Remove Argo CD Application argocd\/ack-sqs without cascading \(argocd app delete --cascade=false/)
  })
})
