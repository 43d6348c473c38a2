import {SEVERITY_RANK} from './order.js'
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
  /** An unsuppressed `input-invalid` error: a document that does not parse (exit 2 in every command). */
  inputErrors: boolean
  /** False when the input could not be read completely (live input, or a snapshot file marked INCOMPLETE): exit 3. */
  complete: boolean
  /** Kubernetes objects read, and documents skipped (not Kubernetes objects, or kinds role resolution does not use). */
  objects: number
  skipped: number
}

/** What every lint formatter renders: sorted findings, the summary and the rule catalog. */
export interface LintReport {
  findings: LintFinding[]
  summary: LintSummary
  rules: RuleInfo[]
}


/** Whether an unsuppressed finding of this severity fails a run with this --fail-on. */
export function failsOn(severity: LintSeverity, failOn: FailOn): boolean {
  if (failOn === 'none') return false
  return SEVERITY_RANK[severity] <= SEVERITY_RANK[failOn]
}
