import type {Finding} from '../core/types.js'
import type {LintSeverity, RuleInfo} from './types.js'

/** How a finding was suppressed: by an annotation on its object, or by a config-file entry. */
export interface Suppression {
  kind: 'annotation' | 'config'
  reason: string
  /** The annotation key, or `file:line` of the config entry. */
  source: string
  expires?: string
}

/** A lint finding: a model Finding with a lint severity, and its suppression when suppressed. */
export interface LintFinding extends Finding {
  severity: LintSeverity
  suppressed?: Suppression
}

export type FailOn = 'error' | 'warning' | 'none'

export interface LintSummary {
  /** Unsuppressed findings by severity. */
  errors: number
  warnings: number
  infos: number
  /** Suppressed findings (still listed, marked as such). */
  suppressed: number
  failOn: FailOn
  /** True when an unsuppressed finding is at or above --fail-on. */
  failed: boolean
  /** False when the input could not be read completely (live input): exit 3. */
  complete: boolean
}

/** What every lint formatter renders: sorted findings, the summary and the rule catalog. */
export interface LintReport {
  findings: LintFinding[]
  summary: LintSummary
  rules: RuleInfo[]
}

const RANK: Record<LintSeverity, number> = {error: 2, warning: 1, info: 0}

/** Whether an unsuppressed finding of this severity fails a run with this --fail-on. */
export function failsOn(severity: LintSeverity, failOn: FailOn): boolean {
  if (failOn === 'none') return false
  return RANK[severity] >= RANK[failOn]
}
