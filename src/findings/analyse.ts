import {effectiveControllers} from '../ack/controllers.js'
import {compareStrings} from '../core/values.js'
import {sortFindings} from '../ack/report.js'
import {Resolver} from '../ack/resolver.js'
import type {SettingsOverrides} from '../ack/settings.js'
import type {ControllerSettings, Snapshot} from '../core/types.js'
import {RULES, ruleCatalog} from './catalog.js'
import type {ConfigSuppression, LintContext, LintController, LintRule} from './types.js'
import type {LintConfig} from './config.js'
import {applySuppressions} from './suppress.js'
import {failsOn, type FailOn, type LintFinding, type LintReport} from './verdict.js'

export interface LintOptions {
  overrides: SettingsOverrides
  config: LintConfig
  /** `YYYY-MM-DD` (UTC): the day suppression expiry is judged against. */
  today: string
  failOn: FailOn
  rules?: readonly LintRule[]
}

/** Alias of the stand-in controller used when the input names no ACK service at all. */
export const STAND_IN_ALIAS = 'ack'

/**
 * Lints a snapshot: works out the controllers once, builds one Resolver and resolves every
 * resource once, runs every rule over that shared context, then applies suppressions. Pure.
 */
export function runLint(snapshot: Snapshot, options: LintOptions): LintReport {
  const rules = options.rules ?? RULES
  const ctx = lintContext(snapshot, options.overrides, options.config.suppressions, options.today, rules)
  const findings: LintFinding[] = []
  for (const rule of rules) {
    for (const hit of rule.check(ctx)) {
      const loc = hit.location
      findings.push({
        rule: rule.id, severity: rule.severity, message: hit.message,
        ...(hit.object ? {object: hit.object} : {}),
        ...(loc ? {file: loc.file, ...(loc.line !== undefined ? {line: loc.line} : {}), ...(loc.column !== undefined ? {column: loc.column} : {})} : {}),
      })
    }
  }
  // Load findings no rule claims (e.g. from the live reader) keep their own id and severity.
  const claimed = new Set(rules.map((r) => r.id))
  for (const f of snapshot.findings) if (!claimed.has(f.rule)) findings.push({...f})

  const applied = applySuppressions(findings, snapshot, ctx)
  const sorted = sortFindings(applied) as LintFinding[]
  const active = sorted.filter((f) => !f.suppressed)
  const count = (s: string) => active.filter((f) => f.severity === s).length
  return {
    findings: sorted,
    summary: {
      errors: count('error'), warnings: count('warning'), infos: count('info'),
      suppressed: sorted.length - active.length,
      failOn: options.failOn,
      failed: active.some((f) => failsOn(f.severity, options.failOn)),
      complete: snapshot.complete,
    },
    rules: ruleCatalog(rules),
  }
}

/** The shared, read-only context every rule sees. Exported for rule unit tests. */
export function lintContext(
  snapshot: Snapshot, overrides: SettingsOverrides, suppressions: ConfigSuppression[], today: string, rules: readonly LintRule[] = RULES,
): LintContext {
  const effective = effectiveControllers(snapshot, overrides)
  let settings: ControllerSettings[] = effective.controllers
  const standIn = settings.length === 0
  if (standIn) {
    // No controller, CRD or resource names a service: lint CARM/selector config against one stand-in
    // controller with the defaults and ackctl's flags, exactly as effectiveControllers builds one.
    settings = effectiveControllers({controllers: [], resources: [], kinds: [{group: `${STAND_IN_ALIAS}.services.k8s.aws`, version: '', kind: '', origin: 'resource'}]}, overrides).controllers
  }
  const resolver = new Resolver(snapshot, settings)
  const controllers: LintController[] = settings.map((s) => {
    const deployment = snapshot.controllers
      .filter((d) => d.serviceAlias === s.serviceAlias)
      .sort((a, b) => compareStrings(`${a.namespace}/${a.name}`, `${b.namespace}/${b.name}`))[0]
    return {serviceAlias: s.serviceAlias, settings: s, config: resolver.context(s.serviceAlias).config, standIn, ...(deployment ? {deployment} : {})}
  })
  return {
    snapshot,
    controllers,
    controllerFindings: effective.findings,
    resolver,
    resources: snapshot.resources.map((resource) => ({resource, resolution: resolver.resolve(resource)})),
    suppressions,
    today,
    ruleIds: new Set(rules.map((r) => r.id)),
  }
}
