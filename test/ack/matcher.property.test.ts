import {strict as assert} from 'node:assert'

import fc from 'fast-check'

import {defaultSettings} from '../../src/ack/controller.js'
import {Resolver} from '../../src/ack/resolver.js'
import {SelectorIndex, type IndexedSelector} from '../../src/ack/selector-index.js'
import {labelsMatch, namespaceMatches, selectorMatches, typeMatches, validateSelector} from '../../src/ack/selector.js'
import type {IamRoleSelectorObject, IamRoleSelectorSpec, Labels, NamespaceObject} from '../../src/core/types.js'
import {buildSnapshot} from '../../src/sources/decode.js'

/*
 * Small alphabets on purpose: collisions (same namespace, same label key with another value, a key
 * that is a prefix of another, NUL inside keys and values, empty strings) are what break indexes.
 */
const nsName = fc.constantFrom('a', 'b', 'prod', 'kube-system', 'x\u0000y', '')
const labelKey = fc.constantFrom('env', 'team', 'kubernetes.io/metadata.name', 'a', 'a\u0000b', '')
const labelValue = fc.constantFrom('', 'dev', 'prod', 'a', 'b\u0000c', 'c')
const labels = fc.dictionary(labelKey, labelValue, {maxKeys: 3})
const group = fc.constantFrom('', 's3.services.k8s.aws', 'dynamodb.services.k8s.aws', 's3')
const version = fc.constantFrom('', 'v1alpha1', 'v1')
const kind = fc.constantFrom('', 'Bucket', 'Table', 'bucket')
const gvk = fc.record({group, version, kind})

const spec: fc.Arbitrary<IamRoleSelectorSpec> = fc.record({
  arn: fc.constant('arn:aws:iam::111111111111:role/r'),
  namespaceNames: fc.array(nsName, {maxLength: 3}),
  namespaceMatchLabels: labels,
  resourceTypes: fc.array(gvk, {maxLength: 3}),
  resourceMatchLabels: labels,
})

/** A cluster: namespaces with labels; a namespace missing from the map is unknown (labels `undefined`). */
const cluster = fc.dictionary(nsName, labels, {maxKeys: 5})
const resource = fc.record({namespace: nsName, gvk: gvk.filter((g) => g.group !== '' && g.version !== '' && g.kind !== ''), labels})

const named = (specs: IamRoleSelectorSpec[]): IndexedSelector[] => specs.map((s, i) => ({name: `s${i}`, resourceVersion: '1', spec: s}))
const ctx = (c: Record<string, Labels>, r: {namespace: string; gvk: {group: string; version: string; kind: string}; labels: Labels}) =>
  ({namespace: r.namespace, nsLabels: Object.hasOwn(c, r.namespace) ? c[r.namespace] : undefined, ...r.gvk, labels: r.labels})
const matches = (s: IamRoleSelectorSpec, c: Record<string, Labels>, r: Parameters<typeof ctx>[1]) => selectorMatches(s, ctx(c, r))

/** FC_RUNS=20000 for a longer search; a failure prints the seed and the shrunk counterexample. */
const RUNS = {numRuns: Number(process.env.FC_RUNS ?? 400)}

describe('matcher properties (fast-check)', () => {
  it('SelectorIndex returns exactly the brute-force matches (as a multiset), query after query', () => {
    fc.assert(fc.property(fc.array(spec, {maxLength: 8}), cluster, fc.array(resource, {minLength: 1, maxLength: 8}), (specs, c, resources) => {
      const selectors = named(specs)
      const index = new SelectorIndex(selectors)
      for (const r of resources) {
        const x = ctx(c, r)
        const got = index.match(x.namespace, x.nsLabels, r.gvk, r.labels).map((s) => s.name).sort()
        const want = selectors.filter((s) => selectorMatches(s.spec, x)).map((s) => s.name).sort()
        assert.deepEqual(got, want)
      }
    }), {...RUNS, examples: [[
      // Label key/value pairs whose joined form collides ("a" + "b\0c" vs "a\0b" + "c"): found by review, kept as a seed.
      [{arn: 'arn:aws:iam::1:role/r', namespaceNames: [], namespaceMatchLabels: {a: 'b\u0000c'}, resourceTypes: [], resourceMatchLabels: {}}],
      {prod: {a: 'b\u0000c', 'a\u0000b': 'c'}},
      [{namespace: 'prod', gvk: {group: 's3.services.k8s.aws', version: 'v1alpha1', kind: 'Bucket'}, labels: {}}],
    ]]})
  })

  it('SelectorIndex with many selectors (its label buckets in use) returns exactly the brute-force matches, in input order', () => {
    // Past a few selectors per (namespace, kind) the index files resource labels by their least shared pair.
    const routed = fc.record({
      arn: fc.constant('arn:aws:iam::111111111111:role/r'),
      namespaceNames: fc.array(nsName, {maxLength: 1}),
      namespaceMatchLabels: fc.dictionary(labelKey, labelValue, {maxKeys: 1}),
      resourceTypes: fc.array(gvk, {maxLength: 1}),
      resourceMatchLabels: labels,
    })
    fc.assert(fc.property(fc.array(routed, {minLength: 9, maxLength: 40}), cluster, fc.array(resource, {minLength: 1, maxLength: 12}), (specs, c, resources) => {
      const selectors = named(specs)
      const index = new SelectorIndex(selectors)
      for (const r of resources) {
        const x = ctx(c, r)
        assert.deepEqual(index.match(x.namespace, x.nsLabels, r.gvk, r.labels).map((s) => s.name),
          selectors.filter((s) => selectorMatches(s.spec, x)).map((s) => s.name))
        assert.deepEqual(index.forNamespace(x.namespace, x.nsLabels).map((s) => s.name),
          selectors.filter((s) => namespaceMatches(s.spec, x.namespace, x.nsLabels)).map((s) => s.name))
      }
    }), RUNS)
  })

  it('an empty selector matches every resource in every namespace, known or not', () => {
    const empty: IamRoleSelectorSpec = {arn: 'arn:aws:iam::1:role/r', namespaceNames: [], namespaceMatchLabels: {}, resourceTypes: [], resourceMatchLabels: {}}
    fc.assert(fc.property(cluster, resource, (c, r) => matches(empty, c, r)), RUNS)
  })

  it('adding a names entry to a non-empty names list never removes a match', () => {
    // Biased towards selectors that match (the resource's namespace first in names, open type and label parts).
    const matching = fc.tuple(spec, resource, fc.array(nsName, {maxLength: 2})).map(([s, r, more]): [IamRoleSelectorSpec, typeof r] =>
      [{...s, namespaceNames: [r.namespace, ...more], resourceTypes: [], resourceMatchLabels: {}}, r])
    fc.assert(fc.property(matching, nsName, cluster, ([s, r], extra, c) => {
      fc.pre(matches(s, c, r))
      return matches({...s, namespaceNames: [...s.namespaceNames, extra]}, c, r)
    }), RUNS)
    fc.assert(fc.property(spec.filter((s) => s.namespaceNames.length > 0), nsName, cluster, resource, (s, extra, c, r) =>
      !matches(s, c, r) || matches({...s, namespaceNames: [...s.namespaceNames, extra]}, c, r)), RUNS)
  })

  it('going from no names to one name can only narrow', () => {
    fc.assert(fc.property(spec, nsName, cluster, resource, (s, name, c, r) => {
      const open = {...s, namespaceNames: []}
      fc.pre(!matches(open, c, r))
      return !matches({...open, namespaceNames: [name]}, c, r)
    }), RUNS)
  })

  it('AND across the three parts', () => {
    fc.assert(fc.property(spec, cluster, resource, (s, c, r) => {
      const x = ctx(c, r)
      assert.equal(selectorMatches(s, x),
        namespaceMatches(s, x.namespace, x.nsLabels) && typeMatches(s, x.group, x.version, x.kind) && labelsMatch(s.resourceMatchLabels, x.labels))
    }), RUNS)
  })

  it('names are ORed, and ANDed with namespace labels', () => {
    fc.assert(fc.property(fc.array(nsName, {minLength: 1, maxLength: 3}), labels, cluster, resource, (names, nsLabels, c, r) => {
      const base = {arn: 'arn:aws:iam::1:role/r', namespaceMatchLabels: {}, resourceTypes: [], resourceMatchLabels: {}}
      const byNames = matches({...base, namespaceNames: names}, c, r)
      assert.equal(byNames, names.some((n) => matches({...base, namespaceNames: [n]}, c, r)))
      const byLabels = matches({...base, namespaceNames: [], namespaceMatchLabels: nsLabels}, c, r)
      assert.equal(matches({...base, namespaceNames: names, namespaceMatchLabels: nsLabels}, c, r), byNames && byLabels)
    }), RUNS)
  })

  it('matchLabels are ANDed: a selector with L1 ∪ L2 matches iff L1 and L2 both match', () => {
    fc.assert(fc.property(labels, labels, labels, (l1, l2, actual) => {
      fc.pre(Object.keys(l1).every((k) => !Object.hasOwn(l2, k)))
      assert.equal(labelsMatch({...l1, ...l2}, actual), labelsMatch(l1, actual) && labelsMatch(l2, actual))
    }), RUNS)
  })

  it('matchLabels need the key present with an equal value ({x: ""} needs x present and empty); unknown namespaces match only empty sets', () => {
    fc.assert(fc.property(labels, labels, (required, actual) => {
      const want = Object.entries(required).every(([k, v]) => Object.hasOwn(actual, k) && actual[k] === v)
      assert.equal(labelsMatch(required, actual), want)
      assert.equal(labelsMatch(required, undefined), Object.keys(required).length === 0)
    }), RUNS)
  })

  it('resource types are ORed; within an entry "" is a wildcard and the rest must be equal', () => {
    fc.assert(fc.property(fc.array(gvk, {minLength: 1, maxLength: 3}), resource, (types, r) => {
      const base = {arn: 'arn:aws:iam::1:role/r', namespaceNames: [], namespaceMatchLabels: {}, resourceMatchLabels: {}}
      const one = (t: {group: string; version: string; kind: string}) =>
        (t.group === '' || t.group === r.gvk.group) && (t.version === '' || t.version === r.gvk.version) && (t.kind === '' || t.kind === r.gvk.kind)
      assert.equal(typeMatches({...base, resourceTypes: types}, r.gvk.group, r.gvk.version, r.gvk.kind), types.some(one))
    }), RUNS)
  })

  it('the synthesised kubernetes.io/metadata.name label selects exactly like names: [ns] (namespaces loaded by the decoder)', () => {
    const dnsName = fc.constantFrom('prod', 'dev', 'kube-system', 'team-a')
    fc.assert(fc.property(fc.uniqueArray(dnsName, {maxLength: 4}), labels, dnsName, dnsName, (names, extraLabels, target, queried) => {
      const snap = buildSnapshot(names.map((n) => ({object: {apiVersion: 'v1', kind: 'Namespace', metadata: {name: n, labels: extraLabels}}})))
      const c: Record<string, Labels> = Object.fromEntries(snap.namespaces.map((n: NamespaceObject) => [n.name, n.labels]))
      const base = {arn: 'arn:aws:iam::1:role/r', resourceTypes: [], resourceMatchLabels: {}}
      const r = {namespace: queried, gvk: {group: 's3.services.k8s.aws', version: 'v1alpha1', kind: 'Bucket'}, labels: {}}
      const byLabel = matches({...base, namespaceNames: [], namespaceMatchLabels: {'kubernetes.io/metadata.name': target}}, c, r)
      const byName = matches({...base, namespaceNames: [target], namespaceMatchLabels: {}}, c, r)
      // Identical for every namespace in the input; a namespace not in the input has no labels at all.
      assert.equal(byLabel, names.includes(queried) ? byName : false)
    }), RUNS)
  })

  it('Resolver: with the IAMRoleSelector gate, 0 valid matches -> default credentials, 1 -> that role, >1 -> the conflict error', () => {
    const settings = ['s3', 'dynamodb'].map((alias) =>
      ({...defaultSettings(alias), accountID: '999999999999', region: 'us-east-1', enableCARM: 'false', featureGates: 'IAMRoleSelector=true'}))
    fc.assert(fc.property(fc.array(spec, {maxLength: 6}), cluster, resource, (specs, c, r) => {
      const selectors: IamRoleSelectorObject[] = specs.map((s, i) => ({
        name: `s${i}`, resourceVersion: String(i), labels: {}, annotations: {}, raw: {}, admission: {status: 'ok', problems: []},
        spec: {...s, arn: `arn:aws:iam::${String(i).padStart(12, '1')}:role/r${i}`},
      }))
      const namespaces = Object.entries(c).map(([name, l]) => ({name, labels: l, annotations: {}}))
      const resolver = new Resolver({namespaces, configMaps: [], selectors}, settings)
      const got = resolver.resolve({...r.gvk, namespace: r.namespace, labels: r.labels, annotations: {}, status: null, hasReferences: false})
      const valid = selectors.filter((s) => validateSelector(s.spec) === undefined && matches(s.spec, c, r))
      assert.equal(resolver.active.length + resolver.dropped.length, selectors.length)
      if (valid.length === 0) assert.deepEqual([got.outcome, got.roleARN, got.accountID], ['DEFAULT_CREDENTIALS', '', '999999999999'])
      else if (valid.length === 1) assert.deepEqual([got.outcome, got.roleARN, got.selector], ['ASSUME_ROLE', valid[0].spec.arn, valid[0].name])
      else {
        assert.deepEqual([got.outcome, got.error], ['RECONCILE_ERROR', `multiple (${valid.length}) matching IAMRoleSelectors found`])
        assert.deepEqual(got.conflictingSelectors, valid.map((s) => s.name).sort())
      }
    }), RUNS)
  })
})
