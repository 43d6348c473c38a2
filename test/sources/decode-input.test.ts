import {strict as assert} from 'node:assert'

import {analyse} from '../../src/findings/analyse.js'
import {TEST_TODAY} from '../findings/support.js'
import {buildSnapshot, type RawDocument} from '../../src/sources/decode.js'
import {parseManifests} from '../../src/sources/files.js'
import type {Finding} from '../../src/core/types.js'
import * as YAML from 'yaml'

const selector = (arn: string) => `apiVersion: services.k8s.aws/v1alpha1
kind: IAMRoleSelector
metadata: {name: team-a}
spec:
  arn: ${arn}
  namespaceSelector: {names: [team-a]}
`
const namespace = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: team-a}\n'
const bucket = 'apiVersion: s3.services.k8s.aws/v1alpha1\nkind: Bucket\nmetadata: {name: b, namespace: team-a}\n'
const irs = {enableCARM: 'false', featureGates: 'IAMRoleSelector=true', region: 'us-east-1', accountID: '999999999999'}

function load(files: Record<string, string>) {
  const docs: RawDocument[] = []
  const findings: Finding[] = []
  for (const [file, text] of Object.entries(files)) parseManifests(text, file, docs, findings, {yaml: YAML})
  return buildSnapshot(docs)
}

describe('loader: the same object twice, CRDs, columns', () => {
  it('keeps the last copy of a repeated selector, reports it, and does not predict a false conflict', () => {
    const snap = load({'old.yaml': selector('arn:aws:iam::111111111111:role/old'), 'new.yaml': `${selector('arn:aws:iam::222222222222:role/new')}---\n${namespace}---\n${bucket}`})
    assert.equal(snap.selectors.length, 1)
    assert.equal(snap.selectors[0].spec.arn, 'arn:aws:iam::222222222222:role/new')
    const dup = snap.findings.find((f) => f.rule === 'input-duplicate')
    assert.ok(dup)
    assert.match(dup.message, /IAMRoleSelector team-a is in the input twice \(old\.yaml:1 and new\.yaml:1\); ackctl uses the last one/)
    const [b] = analyse(snap, {overrides: irs, today: TEST_TODAY}).report.resources
    assert.equal(b.outcome, 'ASSUME_ROLE')
    assert.equal(b.roleARN, 'arn:aws:iam::222222222222:role/new')
  })

  it('keeps the last copy of a resource given three times (two API versions are one object), in sorted order, each repeat reported', () => {
    const res = (version: string, name: string, ns: string, account: string) =>
      `apiVersion: s3.services.k8s.aws/${version}\nkind: Bucket\nmetadata: {name: ${name}, namespace: ${ns}}\nstatus: {ackResourceMetadata: {ownerAccountID: "${account}"}}\n`
    const snap = load({
      'a.yaml': `${res('v1beta1', 'z', 'team-b', '111111111111')}---\n${res('v1alpha1', 'b', 'team-a', '111111111111')}---\n${res('v1alpha1', 'a', 'team-a', '111111111111')}`,
      'b.yaml': `${res('v1', 'b', 'team-a', '222222222222')}---\n${res('v1alpha1', 'b', 'team-a', '333333333333')}`,
    })
    assert.deepEqual(snap.resources.map((r) => `${r.namespace}/${r.name} ${r.version} ${r.status?.ownerAccountID}`),
      ['team-a/a v1alpha1 111111111111', 'team-a/b v1alpha1 333333333333', 'team-b/z v1beta1 111111111111'])
    const repeats = snap.findings.filter((f) => f.rule === 'input-duplicate').map((f) => f.message)
    assert.deepEqual(repeats, [
      'Bucket team-a/b is in the input twice (a.yaml:6 and b.yaml:1); ackctl uses the last one',
      'Bucket team-a/b is in the input twice (b.yaml:1 and b.yaml:6); ackctl uses the last one',
    ])
    // Without a CRD, a kind takes the version of its first resource in input order, of the copies kept.
    assert.deepEqual(snap.kinds.map((k) => `${k.group} ${k.kind} ${k.version}`), ['s3.services.k8s.aws Bucket v1beta1'])
  })

  it('records line and column of every object, also inside a List', () => {
    const docs: RawDocument[] = []
    parseManifests(`# header\n${namespace}---\napiVersion: v1\nkind: List\nitems:\n  - ${bucket.trim().split('\n').join('\n    ')}\n`, 'x.yaml', docs, [], {yaml: YAML})
    assert.deepEqual(docs.map((d) => d.location), [{file: 'x.yaml', line: 2, column: 1}, {file: 'x.yaml', line: 9, column: 5}])
  })

  it('knows from a CRD dump whether the IAMRoleSelector CRD is installed', () => {
    const crd = (name: string, group: string) => `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: ${name}}\nspec:\n  group: ${group}\n  names: {kind: X, plural: xs}\n  versions: [{name: v1alpha1, served: true, storage: true}]\n`
    assert.equal(load({'a.yaml': crd('buckets.s3.services.k8s.aws', 's3.services.k8s.aws')}).selectorCrdInstalled, false)
    assert.equal(load({'a.yaml': `${crd('buckets.s3.services.k8s.aws', 's3.services.k8s.aws')}---\n${crd('iamroleselectors.services.k8s.aws', 'services.k8s.aws')}`}).selectorCrdInstalled, true)
    assert.equal(load({'a.yaml': namespace}).selectorCrdInstalled, undefined)
  })

  it('a resource outside the controller\'s --watch-namespace is NOT_RECONCILED, with a warning and no claim about later', () => {
    const snap = load({'a.yaml': `${namespace}---\n${bucket}`})
    const analysis = analyse(snap, {overrides: {region: 'us-east-1', watchNamespace: 'other-a,other-b'}, today: TEST_TODAY})
    const [b] = analysis.report.resources
    assert.equal(b.outcome, 'NOT_RECONCILED')
    assert.equal(b.roleARN, '')
    assert.deepEqual(analysis.report.namespaces.map((n) => n.kinds.map((k) => k.outcome)), [['NOT_RECONCILED']])
    const f = analysis.findings.find((x) => x.rule === 'resource-not-watched')
    assert.ok(f)
    assert.equal(f.severity, 'warning')
    assert.equal(f.message, 'Bucket team-a/b: the s3 controller watches only other-a, other-b (--watch-namespace): it never reconciles resources in namespace team-a')
  })
})
