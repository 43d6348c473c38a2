import type {ControllerConfig} from '../ack/controller.js'
import type {Resolver} from '../ack/resolver.js'
import type {
  AckResourceObject, ChartInstall, ControllerObject, ControllerSettings, Finding, ObjectRef, Resolution, Snapshot, SourceLocation,
} from '../core/types.js'

/** Lint severities: `error` and `warning` can fail a run (see --fail-on); `info` never does. */
export type LintSeverity = 'error' | 'warning' | 'info'

/** What the docs, `--list-rules` and SARIF `tool.driver.rules` say about one rule. Stable across releases. */
export interface RuleInfo {
  /** Stable kebab-case id: used in output, suppression annotations and config files. */
  id: string
  severity: LintSeverity
  /** One line: what the rule catches. */
  summary: string
  /** Why it matters, in the controller's terms (what the controller does with such input). */
  description: string
  /** What to change so that the finding goes away. */
  remediation: string
}

/** One controller as lint sees it: its settings, its start-up outcome, and where the settings came from. */
export interface LintController {
  serviceAlias: string
  settings: ControllerSettings
  config: ControllerConfig
  /** The controller Deployment in the input, when there is one. */
  deployment?: ControllerObject
  /** Without a Deployment: the chart install whose rendered values give the settings, when there is one. */
  install?: ChartInstall
  /**
   * True when the input has no controller Deployment and no ACK kind at all: ackctl then lints
   * with one stand-in controller (the controller defaults plus ackctl's flags).
   */
  standIn: boolean
}

/** A resource and what its controller is predicted to do with it (resolved once per lint run). */
export interface ResolvedResource {
  resource: AckResourceObject
  resolution: Resolution
}

/** A suppression entry from the config file (`.ackctl.yaml` `lint.suppressions`). */
export interface ConfigSuppression {
  /** Rule id; `undefined` when the entry has none (itself a finding). */
  rule?: string
  /** Object pattern `Kind/name` or `Kind/namespace/name` with `*` wildcards; absent = every object. */
  object?: string
  reason?: string
  /** `YYYY-MM-DD`: the suppression applies through that day (UTC). */
  expires?: string
  /** Shape problems found while reading the entry (e.g. `expires` is not a date). */
  problems: string[]
  location?: SourceLocation
}

/**
 * Everything a rule may look at. Resolution is computed once by the runner and shared, so rules
 * that mirror resolution outcomes can never disagree with `ackctl resolve`.
 */
export interface LintContext {
  snapshot: Snapshot
  controllers: LintController[]
  /** Findings from working out controller settings (`controller-ambiguous`, `controller-not-found`, ...). */
  controllerFindings: Finding[]
  /** The engine: `dropped` and `active` selectors, per-alias controller contexts with their CARM maps. */
  resolver: Resolver
  resources: ResolvedResource[]
  /** What the resources' status says the controllers did, where it differs from the prediction (rule ids `observed-*`). */
  observed: Finding[]
  suppressions: ConfigSuppression[]
  /** `YYYY-MM-DD` (UTC), passed in by the command: lint itself never reads a clock. */
  today: string
  /** Ids of every rule in the catalog (to recognise unknown ids in suppressions). */
  ruleIds: ReadonlySet<string>
}

/** One problem a rule found; the runner adds the rule id, severity and the file location. */
export interface RuleHit {
  message: string
  object?: ObjectRef
  location?: SourceLocation
}

/** A lint rule: data plus one pure function over the whole snapshot. */
export interface LintRule extends RuleInfo {
  check(ctx: LintContext): RuleHit[]
}
