import {strict as assert} from 'node:assert'
import {join} from 'node:path'

import {analyse} from '../../src/findings/analyse.js'
import {DEFAULT_LABEL_KEY, migrateAnalysed} from '../../src/migrate/index.js'
import {buildSnapshot} from '../../src/sources/decode.js'
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

  it('a kustomization\'s helmCharts entry is switched in its valuesInline, with no command to run for it', async () => {
    const input = join(REPO_ROOT, 'fixtures', 'migrate', '13-gitops-releases', 'input')
    const objects = (await loadSnapshot({filenames: [input], recursive: true}))
    // The same controllers, the s3 one from a kustomization instead of its HelmRelease.
    const snapshot = buildSnapshot([
      {object: {apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', namespace: 'ack-system',
        helmCharts: [{name: 's3-chart', repo: 'oci://public.ecr.aws/aws-controllers-k8s', releaseName: 'ack-s3', valuesInline: {aws: {region: 'us-west-2'}}}]}, location: {file: 'platform/ack/kustomization.yaml', line: 1}},
      ...objects.configMaps.map((cm) => ({object: {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: cm.name, namespace: cm.namespace}, data: cm.data}})),
      ...objects.namespaces.map((ns) => ({object: {apiVersion: 'v1', kind: 'Namespace', metadata: {name: ns.name, annotations: ns.annotations}}})),
      ...objects.resources.filter((r) => r.group.startsWith('s3.')).map((r) => ({object: {apiVersion: r.apiVersion, kind: r.kind, metadata: {name: r.name, namespace: r.namespace}}})),
    ])
    const analysis = analyse(snapshot, {overrides: {}, today: TEST_TODAY})
    const {plan} = migrateAnalysed(snapshot, analysis, {strategy: 'names', labelKey: DEFAULT_LABEL_KEY, invocation: {sourceArgs: ['-f', 'platform'], live: false}})
    const step = plan.find((s) => s.id === 'switch-controller')!
    assert.equal(step.title, 'Switch the s3 controller (kustomization platform/ack/kustomization.yaml helmCharts ack-s3) to IAMRoleSelector')
    assert.deepEqual(step.commands, [])
    assert.match(step.details[0], /set in that entry's valuesInline: enableCARM: false and featureGates: \{IAMRoleSelector: true\}/)
    assert.equal(step.controller?.release?.kind, 'Kustomization')
  })

  it('to the EKS Capability: removes each release as its GitOps tool needs, an Argo CD Application without cascading (its CRDs)', async () => {
    const {plan} = await migrate({roleARN: 'arn:aws:iam::999999999999:role/ACKCapability'})
    const step = plan.find((s) => s.id === 'switch-to-capability')!
    assert.ok(!step.commands.some((c) => c.startsWith('helm uninstall')), step.commands.join('\n'))
    assert.match(step.details[0], /^Remove Flux HelmRelease ack-system\/ack-s3 from its repository/)
    assert.match(step.details[1], /^Remove Argo CD Application argocd\/ack-sqs without cascading \(argocd app delete --cascade=false/)
  })
})
