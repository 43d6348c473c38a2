import {strict as assert} from 'node:assert'
import {readdirSync} from 'node:fs'

import {analyse, runLint} from '../../src/findings/analyse.js'
import {loadSnapshot} from '../../src/sources/index.js'
import type {LintFinding} from '../../src/findings/verdict.js'
import type {Snapshot} from '../../src/core/types.js'
import {loadSpecVectors, vectorSettings, vectorSnapshot, vectorTarget, type Vector} from '../support/vectors.js'
import {TEST_TODAY} from './support.js'

/** A spec vector as a whole snapshot (one resource), linted with the vector's controller settings as flags. */
function lintVector(v: Vector): LintFinding[] {
  const target = vectorTarget(v)
  const base = vectorSnapshot(v)
  // The vectors store selectors without apiVersion/kind/metadata: give them their manifest shape.
  const selectors = base.selectors.map((sel, i) => ({
    ...sel,
    raw: {apiVersion: 'services.k8s.aws/v1alpha1', kind: 'IAMRoleSelector', metadata: {name: sel.name, resourceVersion: sel.resourceVersion}, ...(v.iamRoleSelectors[i].spec === undefined ? {} : {spec: v.iamRoleSelectors[i].spec})},
  }))
  const snapshot: Snapshot = {
    ...base,
    selectors,
    resources: [{...target, apiVersion: v.resource.apiVersion, name: v.resource.name, conditions: []}],
    kinds: [], controllers: [], serviceAccounts: [], findings: [], stats: {documents: 0, objects: 0, used: 0, skipped: 0}, complete: true,
  }
  const s = vectorSettings(v)
  const overrides = {
    enableCARM: s.enableCARM, featureGates: s.featureGates, watchNamespace: s.watchNamespace, region: s.region,
    endpointURL: s.endpointURL, ackSystemNamespace: s.ackSystemNamespace, accountID: s.accountID,
  }
  return runLint(snapshot, {overrides, config: {suppressions: []}, today: TEST_TODAY, failOn: 'error'}).findings
}

const OUTCOME_RULES = new Set(['gate-carm-conflict', 'controller-startup-error', 'selector-conflict', 'carm-invalid-arn', 'carm-missing-entry', 'account-drift'])

/** The lint rule that must report each failing outcome of the spec (and no error rule for the others). */
function expectedRule(v: Vector): string | undefined {
  const {outcome, error} = v.expected as {outcome: string; error?: string}
  if (outcome === 'STARTUP_ERROR') return error?.startsWith("cannot enable feature gate 'IAMRoleSelector'") ? 'gate-carm-conflict' : 'controller-startup-error'
  if (outcome === 'RECONCILE_ERROR') return error?.startsWith('multiple (') ? 'selector-conflict' : 'carm-invalid-arn'
  if (outcome === 'REQUEUE_IAM_ROLE_UNAVAILABLE') return 'carm-missing-entry'
  if (outcome === 'DRIFT_ERROR') return 'account-drift'
  return undefined
}

describe('lint agrees with the spec vectors (same engine as resolve)', () => {
  for (const v of loadSpecVectors()) {
    it(`${v.id}: ${v.title}`, () => {
      const findings = lintVector(v)
      // The rules that mirror resolution outcomes; other rules (e.g. selector-ignored) may add their own findings.
      const errors = findings.filter((f) => OUTCOME_RULES.has(f.rule))
      const rule = expectedRule(v)
      const error = (v.expected as {error?: string}).error
      if (rule === undefined) {
        assert.deepEqual(errors.map((f) => `${f.rule}: ${f.message}`), [], `${v.expected.outcome}: no failing-outcome finding expected`)
        return
      }
      const hits = errors.filter((f) => f.rule === rule)
      assert.ok(hits.length > 0, `expected a ${rule} finding; got:\n${findings.map((f) => `${f.rule}: ${f.message}`).join('\n')}`)
      // The controller's exact text, except for the parse error whose lint message is about the map value.
      if (error !== undefined) assert.ok(hits.some((h) => h.message.includes(error)), `no ${rule} finding carries ${JSON.stringify(error)}:\n${hits.map((h) => h.message).join('\n')}`)
    })
  }
})

describe('lint agrees with ackctl resolve on whole inputs', () => {
  for (const dir of ['fixtures/demo', 'fixtures/lint/scenario']) {
    it(dir, async () => {
      const snapshot = await loadSnapshot({filenames: [dir], recursive: true})
      // One analysis: the resolutions resolve prints and the findings lint prints come from the same call.
      const report = analyse(snapshot, {overrides: {}, today: TEST_TODAY})
      const resolved = report.report
      const on = (rule: string) => new Set(report.findings.filter((f) => f.rule === rule && f.object).map((f) => `${f.object!.kind}/${f.object!.namespace ?? ''}/${f.object!.name}`))
      const conflicts = on('selector-conflict')
      const drifts = on('account-drift')
      const missing = on('carm-missing-entry')
      let failing = 0
      for (const r of resolved.resources) {
        const id = `${r.kind}/${r.namespace}/${r.name}`
        const conflict = r.outcome === 'RECONCILE_ERROR' && r.conflictingSelectors !== undefined
        assert.equal(conflicts.has(id), conflict, `${id}: resolve says ${r.outcome}`)
        assert.equal(drifts.has(id), r.outcome === 'DRIFT_ERROR', `${id}: resolve says ${r.outcome}`)
        if (r.outcome === 'REQUEUE_IAM_ROLE_UNAVAILABLE') assert.ok(missing.has(id) || missing.has(`Namespace//${r.namespace}`), `${id}: requeue not reported`)
        if (r.outcome !== 'ASSUME_ROLE' && r.outcome !== 'DEFAULT_CREDENTIALS') failing++
      }
      assert.ok(failing >= 2, 'the input has failing resources to compare')
      assert.equal(conflicts.size + drifts.size, resolved.resources.filter((r) => r.outcome === 'DRIFT_ERROR' || r.conflictingSelectors).length)
    })
  }
})

describe('lint skips the namespace x kind matrix and finds the same', () => {
  const dirs = ['fixtures/demo', 'fixtures/lint/scenario', ...readdirSync('fixtures/scenarios').map((d) => `fixtures/scenarios/${d}/input`)]
  it(`every finding and the summary are the same with and without the matrix (${dirs.length} inputs)`, async () => {
    let cells = 0
    for (const dir of dirs) {
      const snapshot = await loadSnapshot({filenames: [dir], recursive: true})
      const withMatrix = analyse(snapshot, {overrides: {}, today: TEST_TODAY})
      const without = analyse(snapshot, {overrides: {}, today: TEST_TODAY, matrix: false})
      assert.deepEqual(without.findings, withMatrix.findings, dir)
      assert.deepEqual(without.summary, withMatrix.summary, dir)
      assert.deepEqual(without.report.resources, withMatrix.report.resources, dir)
      assert.deepEqual(without.report.namespaces, [], dir)
      cells += withMatrix.report.namespaces.length
    }
    assert.ok(cells > 50, 'the inputs have namespace rows to leave out')
  })
})
