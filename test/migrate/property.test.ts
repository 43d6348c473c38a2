import {strict as assert} from 'node:assert'

import fc from 'fast-check'

import {effectiveControllers} from '../../src/ack/controllers.js'
import {planMigration, DEFAULT_LABEL_KEY, type MigrationResult, type Strategy} from '../../src/migrate/index.js'
import {isDns1123Subdomain} from '../../src/migrate/names.js'
import {decodeGenerated, prove, targetSnapshot} from '../../src/migrate/prove.js'
import {targetSettings} from '../../src/migrate/target.js'
import {validateSelector} from '../../src/ack/selector.js'
import {buildSnapshot} from '../../src/sources/decode.js'
import type {Snapshot} from '../../src/core/types.js'

const CONTROLLER_ACCOUNT = '999999999999'
const ACCOUNTS = ['111111111111', '222222222222', CONTROLLER_ACCOUNT, 'team-a', '333333333333']
const TEAMS = ['t1', 't2']
const ROLES = [
  'arn:aws:iam::111111111111:role/r1', 'arn:aws:iam::222222222222:role/r1', 'arn:aws:iam::111111111111:role/path/r2',
  'arn:aws:iam::222222222222:role/Other_Role', 'not-an-arn', '',
]
const SERVICES = [{alias: 's3', kind: 'Bucket'}, {alias: 'sqs', kind: 'Queue'}, {alias: 'ec2', kind: 'VPC'}]
const NAMESPACES = ['ns0', 'ns1', 'ns2', 'kube-system', 'team-x']

/** What the generator may include; the strict variant leaves out what no translation can carry over. */
interface Limits {
  existingSelectors: boolean
  hostileLabels: boolean
  regionAnnotations: boolean
}

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, {nil: undefined})

/** Mostly well-configured controllers; now and then one already on IAMRoleSelector, with CARM off, or broken. */
function controllerArb() {
  return fc.record({
    present: fc.constantFrom(true, true, false),
    mode: fc.constantFrom('carm', 'carm', 'carm', 'carm', 'carm-off', 'irs', 'broken'),
    team: fc.boolean(), service: fc.boolean(),
    watch: fc.constantFrom('', '', '', '', 'ns0', 'ns0,ns1,kube-system'),
    crd: fc.constantFrom(true, true, false),
  })
}

function docsArb(limits: Limits) {
  const namespace = fc.record({
    owner: maybe(fc.constantFrom(...ACCOUNTS)),
    team: maybe(fc.constantFrom(...TEAMS)),
    region: limits.regionAnnotations ? maybe(fc.constantFrom('eu-west-1', 'us-west-2')) : fc.constant(undefined),
    label: limits.hostileLabels ? maybe(fc.constantFrom('r1', 'other', 'r1-111111111111', 'prod')) : fc.constant(undefined),
  })
  const key = fc.oneof(
    {weight: 4, arbitrary: fc.constantFrom(...ACCOUNTS)}, {weight: 2, arbitrary: fc.constantFrom(...TEAMS)},
    {weight: 2, arbitrary: fc.tuple(fc.constantFrom(...SERVICES.map((x) => x.alias)), fc.constantFrom(...ACCOUNTS, ...TEAMS)).map(([a, k]) => `${a}.${k}`)},
  )
  const role = fc.oneof({weight: 6, arbitrary: fc.constantFrom(...ROLES.slice(0, 4))}, {weight: 1, arbitrary: fc.constantFrom(...ROLES.slice(4))})
  const map = fc.dictionary(key, role, {minKeys: 3, maxKeys: 9})
  const resource = fc.record({
    service: fc.integer({min: 0, max: SERVICES.length - 1}),
    namespace: fc.constantFrom(...NAMESPACES, 'elsewhere'),
    owner: maybe(fc.constantFrom(...ACCOUNTS)),
    label: limits.hostileLabels ? maybe(fc.constantFrom('r1-resources', 'r1-111111111111-resources', 'x')) : fc.constant(undefined),
  })
  const selector = fc.record({
    arn: fc.constantFrom(...ROLES.slice(0, 4)),
    names: fc.subarray(NAMESPACES, {maxLength: 2}),
    group: maybe(fc.constantFrom(...SERVICES.map((s) => `${s.alias}.services.k8s.aws`))),
    resourceLabel: fc.boolean(),
  })
  return fc.record({
    controllers: fc.tuple(controllerArb(), controllerArb(), controllerArb()),
    namespaces: fc.dictionary(fc.constantFrom(...NAMESPACES), namespace, {maxKeys: 5}),
    accountMap: fc.option(map, {nil: undefined, freq: 8}),
    teamMap: maybe(map),
    resources: fc.array(resource, {maxLength: 6}),
    selectors: limits.existingSelectors ? fc.array(selector, {maxLength: 2}) : fc.constant([] as Array<{arn: string; names: string[]; group: string | undefined; resourceLabel: boolean}>),
    strategy: fc.constantFrom<Strategy>('names', 'labels'),
  })
}

type Generated = ReturnType<typeof docsArb> extends fc.Arbitrary<infer T> ? T : never

/** Kubernetes objects for the generated configuration, through the shared decoder like any input. */
function snapshotOf(g: Generated): Snapshot {
  const docs: unknown[] = []
  g.controllers.forEach((c, i) => {
    const {alias, kind} = SERVICES[i]
    const group = `${alias}.services.k8s.aws`
    if (c.crd) docs.push({apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: {name: `${kind.toLowerCase()}s.${group}`}, spec: {group, names: {kind, plural: `${kind.toLowerCase()}s`}, versions: [{name: 'v1alpha1', storage: true}]}})
    if (!c.present) return
    // broken: the gate on while CARM is on, which the controller refuses at start-up.
    const irs = c.mode === 'irs' || c.mode === 'broken'
    const gates = [c.team ? 'TeamLevelCARM=true' : '', c.service ? 'ServiceLevelCARM=true' : '', irs ? 'IAMRoleSelector=true' : ''].filter((x) => x).join(',')
    const enableCARM = c.mode === 'carm' || c.mode === 'broken'
    const args = ['--aws-region=us-west-2', `--enable-carm=${enableCARM}`, ...(gates ? [`--feature-gates=${gates}`] : []), ...(c.watch ? [`--watch-namespace=${c.watch}`] : [])]
    docs.push({apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: `ack-${alias}-controller`, namespace: 'ack-system'}, spec: {template: {spec: {containers: [{name: 'c', image: `public.ecr.aws/aws-controllers-k8s/${alias}-controller:1.0.0`, args}]}}}})
  })
  for (const [name, n] of Object.entries(g.namespaces)) {
    const annotations: Record<string, string> = {}
    if (n.owner) annotations['services.k8s.aws/owner-account-id'] = n.owner
    if (n.team) annotations['services.k8s.aws/team-id'] = n.team
    if (n.region) annotations['services.k8s.aws/default-region'] = n.region
    const labels: Record<string, string> = n.label === 'prod' ? {env: 'prod'} : n.label ? {[DEFAULT_LABEL_KEY]: n.label} : {}
    docs.push({apiVersion: 'v1', kind: 'Namespace', metadata: {name, labels, annotations}})
  }
  if (g.accountMap) docs.push({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'ack-role-account-map', namespace: 'ack-system'}, data: g.accountMap})
  if (g.teamMap) docs.push({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'ack-role-team-map', namespace: 'ack-system'}, data: g.teamMap})
  g.resources.forEach((r, i) => {
    const {alias, kind} = SERVICES[r.service]
    docs.push({
      apiVersion: `${alias}.services.k8s.aws/v1alpha1`, kind, metadata: {name: `r${i}`, namespace: r.namespace, labels: r.label ? {[DEFAULT_LABEL_KEY]: r.label} : {}},
      ...(r.owner ? {status: {ackResourceMetadata: {ownerAccountID: r.owner}}} : {}),
    })
  })
  g.selectors.forEach((s, i) => docs.push({
    apiVersion: 'services.k8s.aws/v1alpha1', kind: 'IAMRoleSelector', metadata: {name: i === 0 ? 'r1' : `existing-${i}`},
    spec: {
      arn: s.arn, namespaceSelector: {names: s.names},
      ...(s.group ? {resourceTypeSelector: [{group: s.group, version: '', kind: ''}]} : {}),
      ...(s.resourceLabel ? {resourceLabelSelector: {matchLabels: {[DEFAULT_LABEL_KEY]: 'x'}}} : {}),
    },
  }))
  return buildSnapshot(docs.map((object) => ({object})))
}

function migrate(g: Generated): {snapshot: Snapshot; result: MigrationResult} {
  const snapshot = snapshotOf(g)
  const {controllers, findings} = effectiveControllers(snapshot, {accountID: CONTROLLER_ACCOUNT, region: 'us-west-2'})
  const result = planMigration(snapshot, controllers, {strategy: g.strategy, labelKey: DEFAULT_LABEL_KEY, invocation: {sourceArgs: ['-f', 'x.yaml'], live: false}}, findings)
  return {snapshot, result}
}

const strict: Limits = {existingSelectors: false, hostileLabels: false, regionAnnotations: false}
const anything: Limits = {existingSelectors: true, hostileLabels: true, regionAnnotations: true}

describe('migrate-carm properties (random CARM configurations)', () => {
  it('without existing selectors or labels in the way, every resource and namespace keeps exactly its role', () => {
    fc.assert(fc.property(docsArb(strict), (g) => {
      const {result} = migrate(g)
      const changed = result.differences.filter((d) => d.verdict === 'changed')
      assert.deepEqual(changed, [], JSON.stringify({g, changed, notes: result.notes}, null, 1))
      assert.equal(result.equivalent, true)
    }), {numRuns: 300})
  })

  it('whatever the input, every difference that breaks equivalence is named by a note', () => {
    fc.assert(fc.property(docsArb(anything), (g) => {
      const {result} = migrate(g)
      assert.deepEqual(result.notes.filter((n) => n.code === 'unexplained-difference'), [], JSON.stringify({g, differences: result.differences}, null, 1))
      assert.equal(result.equivalent, !result.differences.some((d) => d.verdict === 'changed'))
    }), {numRuns: 300})
  })

  it('generates valid, unique, deterministic selectors that never reuse an existing name', () => {
    fc.assert(fc.property(docsArb(anything), (g) => {
      const {snapshot, result} = migrate(g)
      const names = result.selectors.map((s) => s.metadata.name)
      assert.equal(new Set(names).size, names.length)
      for (const s of result.selectors) {
        assert.ok(isDns1123Subdomain(s.metadata.name) && s.metadata.name.length <= 63, s.metadata.name)
        assert.ok(!snapshot.selectors.some((e) => e.name === s.metadata.name), `reuses ${s.metadata.name}`)
        const decoded = decodeGenerated(s)
        assert.equal(decoded.admission.status, 'ok', decoded.admission.problems.join('; '))
        assert.equal(validateSelector(decoded.spec), undefined)
      }
      assert.equal(JSON.stringify(migrate(g).result), JSON.stringify(result))
    }), {numRuns: 150})
  })

  it('run again after applying its output, it generates nothing and still proves equivalence', () => {
    fc.assert(fc.property(docsArb(strict), (g) => {
      const {snapshot, result} = migrate(g)
      fc.pre(result.selectors.length > 0)
      const applied = targetSnapshot(snapshot, result.selectors, result.labelChanges)
      const {controllers, findings} = effectiveControllers(applied, {accountID: CONTROLLER_ACCOUNT, region: 'us-west-2'})
      const again = planMigration(applied, controllers, {strategy: g.strategy, labelKey: DEFAULT_LABEL_KEY, invocation: {sourceArgs: [], live: true}}, findings)
      assert.deepEqual(again.selectors.map((x) => x.metadata.name), [])
      assert.deepEqual(again.labelChanges, [])
      assert.equal(again.equivalent, true)
    }), {numRuns: 150})
  })

  it('the proof notices a selector that is missing (it is not a rubber stamp)', () => {
    fc.assert(fc.property(docsArb(strict), (g) => {
      const {snapshot, result} = migrate(g)
      const victim = result.selectors.find((s) => !s.spec.resourceLabelSelector)
      fc.pre(victim !== undefined)
      const {controllers} = effectiveControllers(snapshot, {accountID: CONTROLLER_ACCOUNT, region: 'us-west-2'})
      const proof = prove(snapshot, controllers, controllers.map(targetSettings), result.selectors.filter((s) => s !== victim), result.labelChanges)
      assert.ok(proof.changed > 0, `dropping ${victim!.metadata.name} went unnoticed`)
    }), {numRuns: 100})
  })
})
