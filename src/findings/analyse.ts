import {effectiveControllers, renderedInstall} from '../ack/controllers.js'
import {resolveAll, type ResolveReport} from '../ack/report.js'
import {Resolver} from '../ack/resolver.js'
import type {SettingsOverrides} from '../ack/settings.js'
import {compareStrings} from '../core/values.js'
import type {ControllerSettings, Snapshot} from '../core/types.js'
import {RULES, ruleCatalog} from './catalog.js'
import type {LintConfig} from './config.js'
import {sortFindings} from './order.js'
import {applySuppressions} from './suppress.js'
import type {ConfigSuppression, LintContext, LintController, LintRule} from './types.js'
import {failsOn, type FailOn, type LintFinding, type LintReport} from './verdict.js'

export interface AnalysisOptions {
  overrides: SettingsOverrides
  /** Suppressions from `.ackctl.yaml` (annotations on the objects always apply). */
  config?: LintConfig
  /** `YYYY-MM-DD` (UTC): the day suppression expiry is judged against; passed in, never read from a clock here. */
  today: string
  failOn?: FailOn
  /** Build each resource's decision trace (JSON, YAML, --explain); the verdict does not need it. */
  explain?: boolean
  /**
   * Resolve every (namespace, kind) cell into `report.namespaces` (default true). No rule reads the
   * cells, so the findings are the same without them; only outputs that show the matrix need them.
   */
  matrix?: boolean
  rules?: readonly LintRule[]
}

/**
 * What every command reports about one input: the resolution of every resource and namespace
 * cell, and the findings of the one rule catalog with their suppressions and summary. `resolve`,
 * `lint`, `migrate-carm` and `verify-trust` all start here, so the same input gets the same rule
 * ids and the same exit class everywhere.
 */
export interface Analysis extends LintReport {
  /** Every resource and cell, unfiltered; `report.findings` are the findings below. */
  report: ResolveReport
  controllers: ControllerSettings[]
  resolver: Resolver
}

/** Alias of the stand-in controller used when the input names no ACK service at all. */
export const STAND_IN_ALIAS = 'ack'

/**
 * Works out the controllers once, builds one Resolver and resolves every resource and namespace
 * cell once, runs every rule of the catalog over that shared context, then applies suppressions. Pure.
 */
export function analyse(snapshot: Snapshot, options: AnalysisOptions): Analysis {
  const rules = options.rules ?? RULES
  const failOn = options.failOn ?? 'error'
  const base = analysisContext(snapshot, options.overrides, options.config?.suppressions ?? [], options.today, rules, options.explain ?? false, options.matrix ?? true)
  const {ctx, report} = base
  const findings: LintFinding[] = []
  for (const rule of rules) {
    for (const hit of rule.check(ctx)) {
      // Field by field, not with conditional spreads: a large cluster has a finding per resource.
      const finding: LintFinding = {rule: rule.id, severity: rule.severity, message: hit.message}
      if (hit.object) finding.object = hit.object
      const loc = hit.location
      if (loc) {
        finding.file = loc.file
        if (loc.line !== undefined) finding.line = loc.line
        if (loc.column !== undefined) finding.column = loc.column
      }
      findings.push(finding)
    }
  }
  const sorted = sortFindings(applySuppressions(findings, snapshot, ctx))
  const active = sorted.filter((f) => !f.suppressed)
  const count = (s: string) => active.filter((f) => f.severity === s).length
  report.findings = sorted
  return {
    report,
    controllers: base.settings,
    resolver: ctx.resolver,
    findings: sorted,
    summary: {
      errors: count('error'), warnings: count('warning'), infos: count('info'),
      suppressed: sorted.length - active.length,
      failOn,
      failed: active.some((f) => failsOn(f.severity, failOn)),
      inputErrors: active.some((f) => f.rule === 'input-invalid' && f.severity === 'error'),
      complete: snapshot.complete,
      objects: snapshot.stats.objects,
      skipped: snapshot.stats.skipped,
    },
    rules: ruleCatalog(rules),
  }
}

/** The shared, read-only context every rule sees, and the resolution it was built from. Exported for rule tests. */
export function analysisContext(
  snapshot: Snapshot, overrides: SettingsOverrides, suppressions: ConfigSuppression[], today: string,
  rules: readonly LintRule[] = RULES, explain = false, matrix = true,
): {ctx: LintContext; report: ResolveReport; settings: ControllerSettings[]} {
  const effective = effectiveControllers(snapshot, overrides)
  let settings: ControllerSettings[] = effective.controllers
  const standIn = settings.length === 0
  if (standIn) {
    // No controller, CRD or resource names a service: check CARM/selector config against one stand-in
    // controller with the defaults and ackctl's flags, exactly as effectiveControllers builds one.
    settings = effectiveControllers({controllers: [], resources: [], kinds: [{group: `${STAND_IN_ALIAS}.services.k8s.aws`, version: '', kind: '', origin: 'resource'}]}, overrides).controllers
  }
  const resolver = new Resolver(snapshot, settings)
  const {report, observed} = resolveAll(snapshot, resolver, {explain, matrix, hidden: standIn ? new Set([STAND_IN_ALIAS]) : undefined})
  const controllers: LintController[] = settings.map((s) => {
    const deployment = snapshot.controllers
      .filter((d) => d.serviceAlias === s.serviceAlias)
      .sort((a, b) => compareStrings(`${a.namespace}/${a.name}`, `${b.namespace}/${b.name}`))[0]
    const install = deployment ? undefined : renderedInstall(snapshot.chartInstalls ?? [], s.serviceAlias)
    return {serviceAlias: s.serviceAlias, settings: s, config: resolver.context(s.serviceAlias).config, standIn, ...(deployment ? {deployment} : {}), ...(install ? {install} : {})}
  })
  const ctx: LintContext = {
    snapshot,
    controllers,
    controllerFindings: effective.findings,
    resolver,
    resources: snapshot.resources.map((resource, i) => ({resource, resolution: report.resources[i]})),
    observed,
    suppressions,
    today,
    ruleIds: new Set(rules.map((r) => r.id)),
  }
  return {ctx, report, settings: standIn ? [] : settings}
}

/** Lint is the analysis seen as a list of findings. */
export function runLint(snapshot: Snapshot, options: AnalysisOptions & {config: LintConfig; failOn: FailOn}): LintReport {
  const {findings, summary, rules} = analyse(snapshot, options)
  return {findings, summary, rules}
}
