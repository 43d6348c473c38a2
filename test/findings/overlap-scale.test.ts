import {strict as assert} from 'node:assert'

import {analysisContext} from '../../src/findings/analyse.js'
import {selectorOverlap} from '../../src/findings/rules/selector-overlap.js'
import {buildSnapshot, type RawDocument} from '../../src/sources/decode.js'
import {TEST_TODAY} from './support.js'

/** A large platform: many namespaces, kinds and selectors, with a handful of overlapping pairs. */
function bigInput(): RawDocument[] {
  const docs: RawDocument[] = []
  const add = (object: unknown) => docs.push({object})
  const services = Array.from({length: 40}, (_, i) => `svc${i}`)
  for (const s of services) {
    add({apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: {name: `things.${s}.services.k8s.aws`},
      spec: {group: `${s}.services.k8s.aws`, names: {kind: 'Thing', plural: 'things'}, versions: [{name: 'v1alpha1', storage: true}]}})
  }
  for (let i = 0; i < 3000; i++) add({apiVersion: 'v1', kind: 'Namespace', metadata: {name: `ns-${i}`, labels: {team: `t${i % 60}`}}})
  // 300 selectors by name, five namespaces each, all disjoint.
  for (let i = 0; i < 300; i++) {
    add({apiVersion: 'services.k8s.aws/v1alpha1', kind: 'IAMRoleSelector', metadata: {name: `names-${i}`},
      spec: {arn: `arn:aws:iam::111111111111:role/r${i}`, namespaceSelector: {names: [0, 1, 2, 3, 4].map((k) => `ns-${i * 5 + k}`)}}})
  }
  // 60 selectors by team label, each for one service only: disjoint from one another and, by type, from the name ones below 1500.
  for (let t = 0; t < 60; t++) {
    add({apiVersion: 'services.k8s.aws/v1alpha1', kind: 'IAMRoleSelector', metadata: {name: `team-${t}`},
      spec: {arn: `arn:aws:iam::222222222222:role/t${t}`, namespaceSelector: {names: [], labelSelector: {matchLabels: {team: `t${t}`}}},
        resourceTypeSelector: [{group: `svc${t % 40}.services.k8s.aws`, version: '', kind: ''}], resourceLabelSelector: {matchLabels: {owner: 'team'}}}})
  }
  // The name selectors carry a resource label that the team ones cannot have...
  for (const d of docs) {
    const o = d.object as {kind: string; metadata: {name: string}; spec: Record<string, unknown>}
    if (o.kind === 'IAMRoleSelector' && o.metadata.name.startsWith('names-')) o.spec.resourceLabelSelector = {matchLabels: {owner: 'names'}}
  }
  // ...except two, which collide with a team selector and with each other.
  add({apiVersion: 'services.k8s.aws/v1alpha1', kind: 'IAMRoleSelector', metadata: {name: 'zz-wide'}, spec: {arn: 'arn:aws:iam::333333333333:role/w', namespaceSelector: {names: ['ns-2999']}}})
  add({apiVersion: 'services.k8s.aws/v1alpha1', kind: 'IAMRoleSelector', metadata: {name: 'zz-wider'},
    spec: {arn: 'arn:aws:iam::333333333333:role/w', resourceTypeSelector: [{group: 'svc19.services.k8s.aws', version: '', kind: 'Thing'}], resourceLabelSelector: {matchLabels: {owner: 'team'}}}})
  return docs
}

describe('selector-overlap at scale', () => {
  it('3000 namespaces x 40 kinds x 362 selectors: finds exactly the overlapping pairs, with witnesses', () => {
    const snapshot = buildSnapshot(bigInput())
    const {ctx} = analysisContext(snapshot, {}, [], TEST_TODAY)
    const hits = selectorOverlap.check(ctx)
    const msg = (a: string, b: string, group: string, ns: string) =>
      `IAMRoleSelectors ${a} and ${b} would both match a Thing (${group}.services.k8s.aws/v1alpha1) in namespace ${ns} labelled owner=team: such a resource fails with "multiple (2) matching IAMRoleSelectors found"`
    // zz-wider (every namespace, svc19) meets team-19 and team-59 (svc19 too) in their first namespace in name order;
    // zz-wide (ns-2999, every type) meets team-59 (ns-2999 is team t59) and zz-wider; names-* never meet anything.
    assert.deepEqual(hits.map((h) => h.message), [
      msg('team-19', 'zz-wider', 'svc19', 'ns-1039'),
      msg('team-59', 'zz-wide', 'svc19', 'ns-2999'),
      msg('team-59', 'zz-wider', 'svc19', 'ns-1019'),
      msg('zz-wide', 'zz-wider', 'svc19', 'ns-2999'),
    ])
    assert.deepEqual(hits.map((h) => h.object?.name), ['team-19', 'team-59', 'team-59', 'zz-wide'])
  })
})
