import {strict as assert} from 'node:assert'

import {effectiveControllers} from '../../src/ack/controllers.js'
import {Resolver} from '../../src/ack/resolver.js'
import {analyse, probe} from '../../src/migrate/analyse.js'
import {targetSettings} from '../../src/migrate/target.js'
import {buildSnapshot} from '../../src/sources/decode.js'

/**
 * A cluster of many alike namespaces: every one annotated for CARM, half of them in a namespace CARM
 * ignores (a single watched namespace for one controller), three installed groups.
 */
function cluster(namespaces: number, extra: unknown[] = []) {
  const docs: unknown[] = [...extra]
  const kinds = [['s3', 'Bucket'], ['sqs', 'Queue'], ['ec2', 'VPC']]
  for (const [alias, kind] of kinds) {
    const group = `${alias}.services.k8s.aws`
    docs.push({apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: {name: `${kind.toLowerCase()}s.${group}`}, spec: {group, names: {kind, plural: `${kind.toLowerCase()}s`}, versions: [{name: 'v1alpha1', storage: true}]}})
    const args = ['--aws-region=us-west-2', '--enable-carm=true', ...(alias === 'ec2' ? ['--feature-gates=TeamLevelCARM=false'] : [])]
    docs.push({apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: `ack-${alias}-controller`, namespace: 'ack-system'}, spec: {template: {spec: {containers: [{name: 'c', image: `public.ecr.aws/aws-controllers-k8s/${alias}-controller:1.0.0`, args}]}}}})
  }
  const accounts: Record<string, string> = {}
  for (let i = 0; i < namespaces; i++) {
    const account = String(100000000000 + (i % 4))
    accounts[account] = `arn:aws:iam::${account}:role/ack`
    const annotations: Record<string, string> = {'services.k8s.aws/owner-account-id': account}
    if (i % 2 === 0) annotations['services.k8s.aws/team-id'] = 'platform'
    docs.push({apiVersion: 'v1', kind: 'Namespace', metadata: {name: `ns-${i}`, annotations}})
  }
  docs.push({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'ack-role-account-map', namespace: 'ack-system'}, data: accounts})
  return buildSnapshot(docs.map((object) => ({object})))
}

describe('migration analysis', () => {
  it('holds one answer for alike namespace x group cells, each equal to what the engine resolves for it', () => {
    const snapshot = cluster(60)
    const current = effectiveControllers(snapshot, {}).controllers
    const analysis = analyse(snapshot, current, current.map(targetSettings))
    const fresh = new Resolver(snapshot, current)
    const after = new Resolver(snapshot, current.map(targetSettings))
    let cells = 0
    const todays = new Set<unknown>()
    const afters = new Set<unknown>()
    for (const [ns, row] of analysis.cells) {
      for (const [group, cell] of row) {
        cells++
        todays.add(cell.today)
        afters.add(cell.after)
        const kind = snapshot.kinds.find((k) => k.group === group)!
        const expected = fresh.resolve(probe(ns, kind), {trace: true, cell: true})
        // The held answer is the engine's for a cell (no AssumeRole call or conditions, which the
        // migration never reads), with only the trace steps that say an annotation is ignored.
        assert.deepEqual({...cell.today, trace: []}, {...expected, trace: []}, `${ns} ${group}`)
        assert.deepEqual(cell.today.trace, expected.trace.filter((t) => t.step === 'namespace' || t.step === 'carm-team'), `${ns} ${group}`)
        // After the cut-over, with the existing selectors only: the engine's outcome, region and endpoint.
        const then = after.resolve(probe(ns, kind), {trace: false, cell: true})
        assert.deepEqual(cell.after, {outcome: then.outcome, region: then.region, endpoint: then.endpoint}, `${ns} ${group}`)
      }
    }
    assert.equal(cells, 180)
    // 60 namespaces, 4 accounts and 2 team settings: at most 8 distinct answers, not one per cell.
    assert.ok(todays.size <= 8, `${todays.size} answers for ${cells} cells`)
    assert.ok(afters.size <= 3, `${afters.size} 'after' objects for ${cells} cells`)
  })

  it('resolves the same after its resolvers forget their namespace caches', () => {
    const selectors = [
      {apiVersion: 'services.k8s.aws/v1alpha1', kind: 'IAMRoleSelector', metadata: {name: 'by-name'}, spec: {arn: 'arn:aws:iam::100000000001:role/x', namespaceSelector: {names: ['ns-1', 'ns-2']}}},
      {apiVersion: 'services.k8s.aws/v1alpha1', kind: 'IAMRoleSelector', metadata: {name: 'queues'}, spec: {arn: 'arn:aws:iam::100000000002:role/q', resourceTypeSelector: [{group: 'sqs.services.k8s.aws', version: '', kind: ''}]}},
    ]
    const snapshot = cluster(6, selectors)
    const current = effectiveControllers(snapshot, {}).controllers
    const resolver = new Resolver(snapshot, current.map(targetSettings))
    const answers = () => [...snapshot.namespaces].flatMap((ns) => snapshot.kinds.map((k) => resolver.resolve(probe(ns.name, k), {trace: true})))
    const first = answers()
    assert.ok(first.some((r) => r.outcome === 'RECONCILE_ERROR') && first.some((r) => r.source === 'iamroleselector'))
    resolver.forgetNamespaces()
    assert.deepEqual(answers(), first)
  })
})
