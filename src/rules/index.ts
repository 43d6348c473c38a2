import {accountDrift} from './account-drift.js'
import {carmAccountMismatch} from './carm-account-mismatch.js'
import {carmInvalidArn} from './carm-invalid-arn.js'
import {carmMapWrongNamespace} from './carm-map-wrong-namespace.js'
import {carmMissingEntry} from './carm-missing-entry.js'
import {carmSingleWatchNamespace} from './carm-single-watch-namespace.js'
import {carmTeamWithoutGate} from './carm-team-without-gate.js'
import {controllerAccountUnknown} from './controller-account-unknown.js'
import {controllerAmbiguous} from './controller-ambiguous.js'
import {inputDuplicate} from './input-duplicate.js'
import {controllerNotFound} from './controller-not-found.js'
import {controllerStartupError} from './controller-startup-error.js'
import {defaultCredentialsFallback} from './default-credentials-fallback.js'
import {gateCarmConflict} from './gate-carm-conflict.js'
import {inputInvalid} from './input-invalid.js'
import {selectorConflict} from './selector-conflict.js'
import {selectorIgnored} from './selector-ignored.js'
import {selectorNoMatch} from './selector-no-match.js'
import {selectorOverlap} from './selector-overlap.js'
import {selectorPrunedField} from './selector-pruned-field.js'
import {selectorShortGroup} from './selector-short-group.js'
import {selectorVersionPinned} from './selector-version-pinned.js'
import {selectorsWithoutGate} from './selectors-without-gate.js'
import {suppressionExpired} from './suppression-expired.js'
import {suppressionInvalid} from './suppression-invalid.js'
import type {LintRule, RuleInfo} from './types.js'

export type {LintContext, LintController, LintRule, LintSeverity, RuleHit, RuleInfo} from './types.js'

/**
 * The lint catalog, in documentation order. Ids are stable: they appear in suppressions, CI
 * configuration and SARIF baselines. docs/rules.md is generated from this array.
 */
export const RULES: readonly LintRule[] = [
  selectorConflict,
  selectorOverlap,
  selectorIgnored,
  selectorPrunedField,
  selectorShortGroup,
  selectorVersionPinned,
  selectorNoMatch,
  selectorsWithoutGate,
  gateCarmConflict,
  controllerStartupError,
  carmMissingEntry,
  carmInvalidArn,
  carmAccountMismatch,
  carmMapWrongNamespace,
  carmTeamWithoutGate,
  carmSingleWatchNamespace,
  defaultCredentialsFallback,
  accountDrift,
  inputInvalid,
  inputDuplicate,
  controllerAmbiguous,
  controllerNotFound,
  controllerAccountUnknown,
  suppressionInvalid,
  suppressionExpired,
]

/** The catalog as data only (no check functions): what --list-rules, the docs and SARIF print. */
export function ruleCatalog(rules: readonly LintRule[] = RULES): RuleInfo[] {
  return rules.map(({id, severity, summary, description, remediation}) => ({id, severity, summary, description, remediation}))
}
