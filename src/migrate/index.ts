import type {ControllerSettings, Finding, Snapshot} from '../core/types.js'
import type {LintFinding} from '../findings/verdict.js'
import {analyse} from './analyse.js'
import {planningNotes} from './exceptions.js'
import {Notes} from './notes.js'
import {buildPlan, capabilityChanges} from './plan.js'
import {buildProfiles} from './profile.js'
import {proofNotes} from './proof-notes.js'
import {prove} from './prove.js'
import {capabilityTargetSettings, targetSettings} from './target.js'
import {translate} from './translate.js'
import type {MigrationOptions, MigrationResult} from './types.js'

export * from './types.js'

/**
 * CARM -> IAMRoleSelector, proven before anything changes. Learns from the resolution engine what
 * every namespace (per installed group) and every resource gets from CARM today; generates selectors
 * (and the namespace or resource labels they need) that give exactly that once every controller runs
 * with `--enable-carm=false` and the IAMRoleSelector gate; resolves everything again under those
 * target settings to prove it; and reports what cannot be carried over and the cut-over plan.
 * `current` = `effectiveControllers(snapshot, overrides).controllers`; `findings` = its findings.
 */
export function planMigration(snapshot: Snapshot, current: ControllerSettings[], options: MigrationOptions, findings: Finding[] = []): MigrationResult {
  const capability = options.capability
  const target = capability ? current.map((s) => capabilityTargetSettings(s, capability)) : current.map(targetSettings)
  const notes = new Notes()
  const analysis = analyse(snapshot, current, target)
  const {profiles, needs} = buildProfiles(analysis, options.strategy, options.labelKey, notes)
  const translation = translate(analysis, profiles, needs, options.strategy, options.labelKey, new Set(snapshot.selectors.map((s) => s.name)))
  planningNotes(snapshot, analysis, translation, needs, options.labelKey, findings, notes)
  const planning = notes.list()
  const proof = prove(snapshot, current, target, translation.selectors, translation.labelChanges)
  proofNotes(current, proof, planning, notes)
  const anyCarm = [...analysis.cells.values()].some((row) => [...row.values()].some((c) => c.carm)) || analysis.resources.some((r) => r.carm)
  if (translation.selectors.length === 0 && !anyCarm) {
    notes.add('info', 'nothing-to-migrate', 'no namespace or resource in the input gets a role from CARM today: there is nothing to translate')
  }
  const iam = capability ? capabilityChanges(capability, [...snapshot.selectors.map((s) => s.spec.arn), ...translation.selectors.map((s) => s.spec.arn)]) : undefined
  const plan = buildPlan(snapshot, analysis, current, translation.selectors, translation.labelChanges, options, iam)
  return {
    selectors: translation.selectors,
    equivalent: proof.changed === 0,
    differences: proof.differences,
    notes: notes.list(),
    plan,
    labelChanges: translation.labelChanges,
    ...(iam ? {capability: iam} : {}),
    summary: {
      strategy: options.strategy, labelKey: options.labelKey, selectors: translation.selectors.length,
      roles: new Set(translation.selectors.map((s) => s.spec.arn)).size, resources: proof.resources, cells: proof.cells,
      keep: proof.keep, alreadyFailing: proof.alreadyFailing, changed: proof.changed, startsActing: proof.startsActing, complete: snapshot.complete,
    },
  }
}

/**
 * The migration of an analysed input, as `ackctl migrate-carm` runs it: the controllers the analysis
 * worked out, and the input's unsuppressed findings (the catalog's rule ids) as notes.
 */
export function migrateAnalysed(snapshot: Snapshot, analysis: {controllers: ControllerSettings[]; findings: LintFinding[]}, options: MigrationOptions): MigrationResult {
  return planMigration(snapshot, analysis.controllers, options, analysis.findings.filter((f) => !f.suppressed))
}
