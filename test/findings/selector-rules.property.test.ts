import {strict as assert} from 'node:assert'

import fc from 'fast-check'

import {namespaceMatches, typeMatches} from '../../src/ack/selector.js'
import {compareStrings} from '../../src/core/values.js'
import type {IamRoleSelectorObject, Labels} from '../../src/core/types.js'
import {analysisContext} from '../../src/findings/analyse.js'
import {selectorNoMatch} from '../../src/findings/rules/selector-no-match.js'
import {selectorOverlap} from '../../src/findings/rules/selector-overlap.js'
import {buildSnapshot, type RawDocument} from '../../src/sources/decode.js'
import {TEST_TODAY} from './support.js'

/*
 * The rule against its definition, pair by pair: two valid selectors overlap when their resource
 * label parts can hold at once, some candidate namespace matches both namespace parts and some
 * candidate kind both type parts; the witness is the first such namespace (input namespaces in
 * input order, then the names the selectors list and `default`, sorted) and the first such kind
 * (installed kinds, else the kinds the selectors name in full). Small alphabets make selectors meet.
 */
const nsName = fc.constantFrom('a', 'b', 'prod', 'kube-system', 'default')
const labelKey = fc.constantFrom('env', 'team', 'kubernetes.io/metadata.name')
const labelValue = fc.constantFrom('', 'dev', 'prod', 'a')
const labels = fc.dictionary(labelKey, labelValue, {maxKeys: 2})
const group = fc.constantFrom('s3.services.k8s.aws', 'dynamodb.services.k8s.aws', '')
const type = fc.record({group, version: fc.constantFrom('', 'v1alpha1'), kind: fc.constantFrom('', 'Bucket', 'Table')})
  .filter((t) => t.group !== '' || t.version !== '' || t.kind !== '')
const selector = fc.record({
  names: fc.uniqueArray(nsName, {maxLength: 2}),
  nsLabels: fc.option(labels, {nil: undefined}),
  types: fc.uniqueArray(type, {maxLength: 2, selector: (t) => `${t.group}/${t.version}/${t.kind}`}),
  resourceLabels: fc.option(labels, {nil: undefined}),
})
const input = fc.record({
  namespaces: fc.uniqueArray(fc.record({name: nsName, labels}), {maxLength: 4, selector: (n) => n.name}),
  selectors: fc.array(selector, {maxLength: 7}),
  installed: fc.subarray(['s3', 'dynamodb']),
})

type Input = typeof input extends fc.Arbitrary<infer T> ? T : never

function documents(x: Input): RawDocument[] {
  const docs: RawDocument[] = []
  for (const svc of x.installed) {
    docs.push({object: {apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: {name: `things.${svc}.services.k8s.aws`},
      spec: {group: `${svc}.services.k8s.aws`, names: {kind: svc === 's3' ? 'Bucket' : 'Table', plural: 'things'}, versions: [{name: 'v1alpha1', storage: true}]}}})
  }
  for (const n of x.namespaces) docs.push({object: {apiVersion: 'v1', kind: 'Namespace', metadata: {name: n.name, labels: n.labels}}})
  x.selectors.forEach((s, i) => {
    const spec: Record<string, unknown> = {arn: `arn:aws:iam::111111111111:role/r${i}`}
    if (s.names.length > 0 || s.nsLabels) spec.namespaceSelector = {names: s.names, ...(s.nsLabels ? {labelSelector: {matchLabels: s.nsLabels}} : {})}
    if (s.types.length > 0) spec.resourceTypeSelector = s.types
    if (s.resourceLabels) spec.resourceLabelSelector = {matchLabels: s.resourceLabels}
    // Names out of input order, so that name order and input order differ.
    docs.push({object: {apiVersion: 'services.k8s.aws/v1alpha1', kind: 'IAMRoleSelector', metadata: {name: `sel-${(i * 7) % 11}-${i}`}, spec}})
  })
  return docs
}

/** The definition, pair by pair, with nothing pruned. */
function bruteForce(active: IamRoleSelectorObject[], namespaces: Array<{name: string; labels: Labels | undefined}>,
  kinds: Array<{group: string; version: string; kind: string}>): Array<{key: string; message: string; object: string}> {
  const out: Array<{key: string; message: string; object: string}> = []
  for (const x of active) {
    for (const y of active) {
      if (compareStrings(x.name, y.name) >= 0) continue
      const [a, b] = [x.spec, y.spec]
      const clash = Object.keys(b.resourceMatchLabels).some((k) => Object.hasOwn(a.resourceMatchLabels, k) && a.resourceMatchLabels[k] !== b.resourceMatchLabels[k])
      if (clash) continue
      const ns = namespaces.find((n) => namespaceMatches(a, n.name, n.labels) && namespaceMatches(b, n.name, n.labels))
      const kind = kinds.find((k) => typeMatches(a, k.group, k.version, k.kind) && typeMatches(b, k.group, k.version, k.kind))
      if (!ns || !kind) continue
      const merged = {...a.resourceMatchLabels, ...b.resourceMatchLabels}
      const text = Object.keys(merged).sort(compareStrings).map((k) => `${k}=${merged[k]}`).join(',')
      out.push({key: `${x.name}\u0000${y.name}`, object: x.name,
        message: `IAMRoleSelectors ${x.name} and ${y.name} would both match a ${kind.kind} (${kind.group}${kind.version ? `/${kind.version}` : ''}) ` +
          `in namespace ${ns.name}${text ? ` labelled ${text}` : ''}: such a resource fails with "multiple (2) matching IAMRoleSelectors found"`})
    }
  }
  return out.sort((p, q) => compareStrings(p.key, q.key))
}

describe('selector-overlap and selector-no-match against their definitions (fast-check)', () => {
  it('finds exactly the overlapping pairs, each with its first shared namespace and kind, in pair order', () => {
    fc.assert(fc.property(input, (x) => {
      const snapshot = buildSnapshot(documents(x))
      const {ctx} = analysisContext(snapshot, {}, [], TEST_TODAY)
      const active = ctx.resolver.active
      const known = new Set(snapshot.namespaces.map((n) => n.name))
      const extra = [...new Set(['default', ...active.flatMap((s) => s.spec.namespaceNames)])].filter((n) => !known.has(n)).sort(compareStrings)
      const namespaces = [...snapshot.namespaces.map((n) => ({name: n.name, labels: n.labels as Labels | undefined})), ...extra.map((name) => ({name, labels: undefined}))]
      const named = active.flatMap((s) => s.spec.resourceTypes.filter((t) => t.group !== '' && t.kind !== ''))
      const kinds = snapshot.kinds.length > 0 ? snapshot.kinds
        : [...new Map(named.map((t) => [`${t.group}/${t.version}/${t.kind}`, t])).values()]
          .sort((p, q) => compareStrings(p.group, q.group) || compareStrings(p.kind, q.kind) || compareStrings(p.version, q.version))
      const want = bruteForce(active, namespaces, kinds)
      const got = selectorOverlap.check(ctx)
      assert.deepEqual(got.map((h) => ({message: h.message, object: h.object?.name})), want.map((w) => ({message: w.message, object: w.object})))
    }), {numRuns: Number(process.env.FC_RUNS ?? 400)})
  })

  it('selector-no-match flags exactly the selectors with a namespace part that no input Namespace satisfies', () => {
    fc.assert(fc.property(input, (x) => {
      const snapshot = buildSnapshot(documents(x))
      const {ctx} = analysisContext(snapshot, {}, [], TEST_TODAY)
      const want = snapshot.namespaces.length === 0 ? [] : ctx.resolver.active
        .filter((s) => s.spec.namespaceNames.length > 0 || Object.keys(s.spec.namespaceMatchLabels).length > 0)
        .filter((s) => !snapshot.namespaces.some((n) => namespaceMatches(s.spec, n.name, n.labels)))
        .map((s) => s.name)
      assert.deepEqual(selectorNoMatch.check(ctx).map((h) => h.object?.name), want)
    }), {numRuns: Number(process.env.FC_RUNS ?? 400)})
  })
})
