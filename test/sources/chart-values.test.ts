import {strict as assert} from 'node:assert'
import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

import {parseAllDocuments} from 'yaml'

import {effectiveControllers} from '../../src/ack/controllers.js'
import type {ControllerSettings, Snapshot} from '../../src/core/types.js'
import {analyse} from '../../src/findings/analyse.js'
import {coalesce, mergeValues, setParameter} from '../../src/sources/chart-values.js'
import {buildSnapshot, type RawDocument} from '../../src/sources/decode.js'

type Obj = Record<string, unknown>

const SCENARIOS = join('fixtures', 'scenarios')

/** A scenario's input objects, each with its file and position. */
function scenarioObjects(name: string): Obj[] {
  const dir = join(SCENARIOS, name, 'input')
  return readdirSync(dir).sort().flatMap((f) => parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map((d) => d.toJS() as Obj).filter((o) => o !== null))
}

const snapshotOf = (objects: Obj[]): Snapshot => buildSnapshot(objects.map((object, i): RawDocument => ({object, location: {file: 'in.yaml', line: i + 1}})))

const fluxRelease = (alias: string, values: Obj, extra: Obj = {}): Obj => ({
  apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: {name: `ack-${alias}`, namespace: 'ack-system'},
  spec: {interval: '10m', chart: {spec: {chart: `${alias}-chart`, version: '1.10.0', sourceRef: {kind: 'HelmRepository', name: 'aws-controllers-k8s'}}}, values, ...extra},
})

const argoApplication = (alias: string, helm: Obj, destination: Obj = {server: 'https://kubernetes.default.svc', namespace: 'ack-system'}): Obj => ({
  apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: {name: `ack-${alias}`, namespace: 'argocd'},
  spec: {project: 'default', destination, source: {repoURL: 'public.ecr.aws/aws-controllers-k8s', chart: `${alias}-chart`, targetRevision: '1.10.0', helm}},
})

const irsa = (alias: string) => ({annotations: {'eks.amazonaws.com/role-arn': `arn:aws:iam::999999999999:role/ack-${alias}-controller`}})

/** What decides roles, without where it came from (a Deployment's arg or a release's value). */
const settingsValues = (s: ControllerSettings) => {
  const {origin: _origin, ...rest} = s
  return rest
}

/** The verdict of an input, minus what names the controller's own object (a Deployment or a release). */
function verdict(snapshot: Snapshot) {
  const analysis = analyse(snapshot, {overrides: {}, today: '2026-12-04'})
  const {report} = analysis
  return {
    resources: report.resources.map((r) => [r.namespace, r.kind, r.name, r.outcome, r.roleARN, r.accountID, r.source, r.selector, r.region, r.endpoint, r.error, r.errorCode]),
    cells: report.namespaces.map((n) => [n.name, n.kinds.map((k) => [k.group, k.outcome, k.roleARN, k.accountID, k.source, k.selector, k.error])]),
    // Sorted again: findings are ordered by position, and a release stands elsewhere than its Deployment.
    findings: analysis.findings
      .filter((f) => f.rule !== 'controller-not-found')
      .map((f) => JSON.stringify([f.rule, f.severity, f.object?.kind === 'Deployment' || f.object?.kind === 'HelmRelease' || f.object?.kind === 'Application' ? 'controller' : f.object, f.message.replace(/ \((Deployment|Flux HelmRelease|Argo CD Application) [^)]*\)/g, '')]))
      .sort(),
    // Without the Deployments and ServiceAccounts there are fewer objects, and controller-not-found infos instead.
    verdict: {...analysis.summary, objects: undefined, infos: undefined},
  }
}

/**
 * Scenario inputs whose controllers are `helm template` renders of the ACK charts (Deployments with
 * the chart's labels, args and env), and the values that render each: the same input with a release
 * of those values in place of each Deployment must resolve alike, finding for finding.
 */
const RENDERS: Array<{scenario: string; how: string; releases: Obj[]}> = [
  {
    scenario: '17-selector-conflicts', how: 'Argo CD helm.parameters (--set, an escaped dot in a key)',
    releases: ['s3', 'dynamodb'].map((alias) => argoApplication(alias, {parameters: [
      {name: 'aws.region', value: 'us-west-2'},
      {name: 'enableCARM', value: 'false'},
      {name: 'featureGates.IAMRoleSelector', value: 'true'},
      {name: 'serviceAccount.annotations.eks\\.amazonaws\\.com/role-arn', value: `arn:aws:iam::999999999999:role/ack-${alias}-controller`},
    ]})),
  },
  {
    scenario: '04-watch-namespace-carm', how: 'Flux values, installScope namespace',
    releases: [
      fluxRelease('s3', {aws: {region: 'us-west-2'}, installScope: 'namespace', watchNamespace: 'team-a', serviceAccount: irsa('s3')}),
      fluxRelease('dynamodb', {aws: {region: 'us-west-2'}, installScope: 'namespace', watchNamespace: 'team-a,team-b', serviceAccount: irsa('dynamodb')}),
    ],
  },
  {
    scenario: '05-carm-ignored-namespaces', how: 'Argo CD helm.values (a YAML text) and helm.valuesObject',
    releases: [
      argoApplication('s3', {values: 'aws:\n  region: us-west-2\nserviceAccount:\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::999999999999:role/ack-s3-controller\n'}),
      argoApplication('dynamodb', {valuesObject: {aws: {region: 'us-west-2'}, enableCARM: false, featureGates: {IAMRoleSelector: true}, serviceAccount: irsa('dynamodb')}}),
    ],
  },
  {
    scenario: '13-enable-carm-false-hazard', how: 'Flux values, a string "false" and a TeamLevelCARM gate',
    releases: [
      fluxRelease('s3', {aws: {region: 'us-west-2'}, enableCARM: 'false', serviceAccount: irsa('s3')}),
      fluxRelease('dynamodb', {aws: {region: 'us-west-2'}, enableCARM: false, featureGates: {IAMRoleSelector: true}, serviceAccount: irsa('dynamodb')}),
      fluxRelease('sqs', {aws: {region: 'us-west-2'}, enableCARM: false, featureGates: {TeamLevelCARM: true}, serviceAccount: irsa('sqs')}),
    ],
  },
]

describe('chart installs: a release whose values the input holds is resolved as the chart renders them', () => {
  for (const {scenario, how, releases} of RENDERS) {
    it(`${scenario}: the releases (${how}) resolve as its helm template Deployments`, () => {
      const objects = scenarioObjects(scenario)
      const withDeployments = snapshotOf(objects)
      // The chart makes the ServiceAccount too: the release's values carry its annotation.
      const withReleases = snapshotOf([...objects.filter((o) => o.kind !== 'Deployment' && o.kind !== 'ServiceAccount'), ...releases])
      assert.ok(withDeployments.controllers.length > 0)
      assert.equal(withReleases.controllers.length, 0)
      assert.deepEqual(withReleases.chartInstalls?.map((i) => i.unrendered), releases.map(() => undefined))
      const expected = effectiveControllers(withDeployments).controllers.map(settingsValues)
      assert.deepEqual(effectiveControllers(withReleases).controllers.map(settingsValues), expected)
      assert.deepEqual(verdict(withReleases), verdict(withDeployments))
    })
  }

  it('the settings name the release and the value they come from, and the finding says what was rendered', () => {
    const snapshot = snapshotOf([fluxRelease('s3', {aws: {region: 'eu-west-1'}, enableCARM: false, featureGates: {IAMRoleSelector: true}})])
    const {controllers, findings} = effectiveControllers(snapshot)
    assert.equal(controllers[0].origin.enableCARM, 'Flux HelmRelease ack-system/ack-s3 (values as s3-chart renders them) arg --enable-carm')
    assert.equal(controllers[0].origin.region, 'Flux HelmRelease ack-system/ack-s3 (values as s3-chart renders them) arg --aws-region')
    assert.deepEqual(findings.map((f) => [f.rule, f.object?.kind, f.file, f.line]), [['controller-not-found', 'HelmRelease', 'in.yaml', 1]])
    assert.match(findings[0].message, /--enable-carm=false, --feature-gates "IAMRoleSelector=true,ReadOnlyResources=true,ResourceAdoption=true,ServiceLevelCARM=false,TeamLevelCARM=false"/)
  })

  it('the chart defaults: CARM on, the gate off, the release namespace as ACK_SYSTEM_NAMESPACE, and an empty region fails start-up', () => {
    const snapshot = snapshotOf([{...fluxRelease('s3', {}), metadata: {name: 'ack-s3', namespace: 'flux-system'}, spec: {chart: {spec: {chart: 's3-chart'}}, targetNamespace: 'controllers'}}])
    const [s3] = effectiveControllers(snapshot).controllers
    assert.deepEqual([s3.enableCARM, s3.featureGates, s3.ackSystemNamespace, s3.region, s3.watchNamespace],
      ['true', 'IAMRoleSelector=false,ReadOnlyResources=true,ResourceAdoption=true,ServiceLevelCARM=false,TeamLevelCARM=false', 'controllers', '', ''])
    const analysis = analyse(snapshot, {overrides: {}, today: '2026-12-04'})
    assert.ok(analysis.findings.some((f) => f.rule === 'controller-startup-error' && f.object?.kind === 'HelmRelease' && /AWS region is missing/.test(f.message)))
  })

  it('values the chart prints as Go does: enableCARM null removes the default (<no value>), an empty featureGates map renders no --feature-gates', () => {
    const noValue = snapshotOf([fluxRelease('s3', {aws: {region: 'us-west-2'}, enableCARM: null})])
    assert.equal(effectiveControllers(noValue).controllers[0].enableCARM, '<no value>')
    const startup = analyse(noValue, {overrides: {}, today: '2026-12-04'}).findings.find((f) => f.rule === 'controller-startup-error')
    assert.match(startup?.message ?? '', /<no value>/)
    const [gates] = effectiveControllers(snapshotOf([fluxRelease('s3', {aws: {region: 'us-west-2'}, featureGates: null})])).controllers
    assert.equal(gates.featureGates, '')
    assert.equal(gates.origin.featureGates, undefined)
  })

  it('a release whose values ackctl cannot all see is named with why, and resolved with the defaults', () => {
    const cases: Array<[string, Obj, string]> = [
      ['Flux valuesFrom a Secret', fluxRelease('s3', {enableCARM: false}, {valuesFrom: [{kind: 'Secret', name: 'values'}]}), 'they come partly from spec.valuesFrom Secret ack-system/values, which ackctl does not read'],
      ['Flux valuesFrom a ConfigMap not in the input', fluxRelease('s3', {enableCARM: false}, {valuesFrom: [{kind: 'ConfigMap', name: 'values'}]}), 'they come partly from spec.valuesFrom ConfigMap ack-system/values, which the input does not hold'],
      ['no namespace', {...fluxRelease('s3', {enableCARM: false}), metadata: {name: 'ack-s3'}}, 'the release has no namespace in the input (a kustomization may set it)'],
      ['Argo CD valueFiles', argoApplication('s3', {valueFiles: ['values-prod.yaml'], valuesObject: {enableCARM: false}}), "they come partly from helm.valueFiles (files of the chart's repository), which ackctl does not read"],
      ['Argo CD without a destination namespace', argoApplication('s3', {valuesObject: {enableCARM: false}}, {server: 'https://kubernetes.default.svc'}), 'spec.destination.namespace is not set'],
      ['a --set list index', argoApplication('s3', {parameters: [{name: 'deployment.extraEnvVars[0].name', value: 'X'}]}), 'the helm.parameters entry "deployment.extraEnvVars[0].name" is a path ackctl does not place'],
      ['helm.values that is not a map', argoApplication('s3', {values: '- a\n- b\n'}), 'helm.values is not a YAML map'],
      ['aws set to null', fluxRelease('s3', {aws: null}), 'helm template fails on them, and so does the release: aws is null, and the chart reads aws.region'],
      ['featureGates as a string', fluxRelease('s3', {featureGates: 'IAMRoleSelector=true'}), 'helm template fails on them, and so does the release: featureGates is a string, and the chart ranges over it as a map'],
      ['installScope as a boolean', fluxRelease('s3', {installScope: true}), 'helm template fails on them, and so does the release: installScope is a boolean, and the chart compares it with "namespace"'],
      ['a setting from a Secret', fluxRelease('s3', {deployment: {extraEnvVars: [{name: 'AWS_REGION', valueFrom: {secretKeyRef: {name: 'region', key: 'r'}}}]}}), 'deployment.extraEnvVars sets region ($(AWS_REGION): Secret ack-system/region key r) at run time'],
    ]
    const bucket = {apiVersion: 's3.services.k8s.aws/v1alpha1', kind: 'Bucket', metadata: {name: 'logs', namespace: 'team-a'}}
    for (const [name, release, why] of cases) {
      const snapshot = snapshotOf([release, bucket])
      assert.equal(snapshot.chartInstalls?.[0].unrendered, why, name)
      const {controllers, findings} = effectiveControllers(snapshot)
      assert.equal(controllers[0].enableCARM, 'true', name)
      assert.ok(findings.some((f) => f.rule === 'controller-not-found' && f.message.includes(`; ackctl cannot render its values: ${why})`)), name)
    }
  })

  it('a Flux HelmRelease whose chartRef names an OCIRepository installs that repository\'s chart, and stands for it', () => {
    const release = {
      apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: {name: 'ack-s3', namespace: 'ack-system'},
      spec: {chartRef: {kind: 'OCIRepository', name: 's3-chart', namespace: 'flux-system'}, values: {aws: {region: 'us-west-2'}, enableCARM: false, featureGates: {IAMRoleSelector: true}}},
    }
    const oci = (name: string, url: string) => ({apiVersion: 'source.toolkit.fluxcd.io/v1beta2', kind: 'OCIRepository', metadata: {name, namespace: 'flux-system'}, spec: {url, ref: {tag: '1.10.0'}}})
    // The repository after the release in the input.
    const snapshot = snapshotOf([release, oci('s3-chart', 'oci://public.ecr.aws/aws-controllers-k8s/s3-chart')])
    assert.deepEqual(snapshot.chartInstalls?.map((i) => [i.describe, i.chart, i.unrendered]), [['Flux HelmRelease ack-system/ack-s3', 's3-chart', undefined]])
    const {controllers, findings} = effectiveControllers(snapshot)
    assert.deepEqual(controllers.map((c) => [c.serviceAlias, c.enableCARM]), [['s3', 'false']])
    assert.ok(!findings.some((f) => f.message.includes('OCIRepository')))
    assert.deepEqual([snapshot.stats.used, snapshot.stats.skipped], [2, 0])
    // A chartRef to a repository of another chart, or to one the input does not hold: not an ACK install.
    for (const other of [[oci('s3-chart', 'oci://ghcr.io/example/podinfo')], []]) {
      const skipped = snapshotOf([release, ...other])
      assert.deepEqual([skipped.chartInstalls ?? [], skipped.stats.used, skipped.stats.skipped], [[], 0, 1 + other.length])
    }
  })

  it('Flux valuesFrom: ConfigMaps of the input in order (values.yaml, another valuesKey, a targetPath), then spec.values', () => {
    const configMap = (name: string, data: Record<string, string>) => ({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name, namespace: 'ack-system'}, data})
    const release = fluxRelease('s3', {featureGates: {IAMRoleSelector: true}}, {valuesFrom: [
      {kind: 'ConfigMap', name: 'base'},
      {kind: 'ConfigMap', name: 'carm', valuesKey: 'enable', targetPath: 'enableCARM'},
      {kind: 'ConfigMap', name: 'absent', optional: true},
      {kind: 'ConfigMap', name: 'prod', valuesKey: 'prod.yaml'},
    ]})
    // The release before its ConfigMaps in the input: they are read once the whole input is.
    const snapshot = snapshotOf([release,
      configMap('base', {'values.yaml': 'aws:\n  region: us-east-1\nenableCARM: true\nfeatureGates:\n  IAMRoleSelector: false\n  TeamLevelCARM: true\n'}),
      configMap('carm', {enable: 'false'}),
      configMap('prod', {'prod.yaml': 'aws:\n  region: eu-west-1\n'})])
    const [s3] = effectiveControllers(snapshot).controllers
    assert.deepEqual([s3.region, s3.enableCARM, s3.featureGates], ['eu-west-1', 'false', 'IAMRoleSelector=true,ReadOnlyResources=true,ResourceAdoption=true,ServiceLevelCARM=false,TeamLevelCARM=true'])
    // A null in spec.values removes the chart's default even over a values file.
    const removed = snapshotOf([fluxRelease('s3', {enableCARM: null}, {valuesFrom: [{kind: 'ConfigMap', name: 'base'}]}), configMap('base', {'values.yaml': 'aws: {region: us-east-1}\n'})])
    assert.equal(effectiveControllers(removed).controllers[0].enableCARM, '<no value>')
  })

  it('kustomize helmCharts: valuesInline, rendered in the entry\'s namespace and moved to the kustomization\'s', () => {
    const kustomization = (entry: Obj, extra: Obj = {}) => ({apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', ...extra,
      helmCharts: [{name: 'podinfo', repo: 'oci://ghcr.io/stefanprodan/charts'}, {name: 's3-chart', repo: 'oci://public.ecr.aws/aws-controllers-k8s', version: '1.10.0', releaseName: 'ack-s3', ...entry}]})
    const values = {aws: {region: 'us-west-2'}, enableCARM: false, featureGates: {IAMRoleSelector: true}, installScope: 'namespace'}
    // kustomize's namespace: moves the Deployment (ACK_SYSTEM_NAMESPACE); the chart rendered watchNamespace with its own release namespace.
    const moved = snapshotOf([kustomization({namespace: 'controllers', valuesInline: values}, {namespace: 'ack-system'})])
    assert.deepEqual(moved.chartInstalls?.map((i) => [i.serviceAlias, i.describe, i.object.kind, i.unrendered]), [['s3', 'kustomization in.yaml helmCharts ack-s3', 'Kustomization', undefined]])
    const [s3] = effectiveControllers(moved).controllers
    assert.deepEqual([s3.enableCARM, s3.ackSystemNamespace, s3.watchNamespace, s3.region], ['false', 'ack-system', 'controllers', 'us-west-2'])
    // Without either namespace, helm template renders into default.
    assert.equal(effectiveControllers(snapshotOf([kustomization({valuesInline: values})])).controllers[0].ackSystemNamespace, 'default')
    const file = snapshotOf([kustomization({valuesFile: 'values-ack.yaml', valuesInline: values})])
    assert.equal(file.chartInstalls?.[0].unrendered, 'they come partly from valuesFile (files next to the kustomization), which ackctl does not read')
    // A kustomization without an ACK chart is skipped, as before.
    assert.deepEqual(snapshotOf([{apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['a.yaml']}]).stats.skipped, 1)
  })

  it('a Deployment in the input wins over a release of the same controller', () => {
    const objects = scenarioObjects('17-selector-conflicts')
    const snapshot = snapshotOf([...objects, fluxRelease('s3', {aws: {region: 'eu-west-1'}, enableCARM: true})])
    const s3 = effectiveControllers(snapshot).controllers.find((c) => c.serviceAlias === 's3')!
    assert.deepEqual([s3.enableCARM, s3.region], ['false', 'us-west-2'])
  })

  it('the controller account from IRSA: the annotation the chart puts on its ServiceAccount, or the existing one it names', () => {
    const made = effectiveControllers(snapshotOf([fluxRelease('s3', {aws: {region: 'us-west-2'}, serviceAccount: irsa('s3')})])).controllers[0]
    assert.deepEqual([made.accountID, made.origin.accountID], ['999999999999', 'ServiceAccount ack-system/ack-s3-controller (Flux HelmRelease ack-system/ack-s3) eks.amazonaws.com/role-arn'])
    const existing = {apiVersion: 'v1', kind: 'ServiceAccount', metadata: {name: 'shared', namespace: 'ack-system', annotations: {'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/x'}}}
    const named = effectiveControllers(snapshotOf([existing, fluxRelease('s3', {aws: {region: 'us-west-2'}, serviceAccount: {create: false, name: 'shared'}})])).controllers[0]
    assert.equal(named.accountID, '123456789012')
    const none = effectiveControllers(snapshotOf([fluxRelease('s3', {aws: {region: 'us-west-2'}})])).controllers[0]
    assert.equal(none.accountID, '')
  })
})

describe('chart values: Helm coalescing and --set', () => {
  it('maps merge, anything else replaces, null removes', () => {
    assert.deepEqual(coalesce({a: {b: 1, c: 2}, d: 3, e: 4}, {a: {c: 5}, d: {x: 1}, e: null}), {a: {b: 1, c: 5}, d: {x: 1}})
  })

  it('a __proto__ key of JSON input is no value and replaces no prototype', () => {
    const layer = JSON.parse('{"__proto__": {"enableCARM": false}, "aws": {"region": "us-west-2"}}') as Record<string, unknown>
    const merged = coalesce({enableCARM: true}, mergeValues({}, layer))
    assert.deepEqual(merged, {enableCARM: true, aws: {region: 'us-west-2'}})
    for (const out of [mergeValues({}, layer), coalesce({}, layer)]) {
      assert.equal(Object.getPrototypeOf(out), Object.prototype)
      assert.equal((out as {enableCARM?: unknown}).enableCARM, undefined)
    }
  })

  it('--set types values as Helm strvals does, unless forceString', () => {
    assert.deepEqual(setParameter('a.b', 'false', false), {a: {b: false}})
    assert.deepEqual(setParameter('a.b', 'false', true), {a: {b: 'false'}})
    assert.deepEqual(setParameter('n', '042', false), {n: '042'})
    assert.deepEqual(setParameter('n', '42', false), {n: 42})
    assert.deepEqual(setParameter('a\\.b.c', 'x', false), {'a.b': {c: 'x'}})
    assert.equal(setParameter('a[0]', 'x', false), undefined)
  })
})
