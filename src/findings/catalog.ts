import {accountDrift} from './rules/account-drift.js'
import {annotationIgnored} from './rules/annotation-ignored.js'
import {carmAccountMismatch} from './rules/carm-account-mismatch.js'
import {carmInvalidArn} from './rules/carm-invalid-arn.js'
import {carmMapAmbiguous} from './rules/carm-map-ambiguous.js'
import {clusterUnreadable} from './rules/cluster-unreadable.js'
import {observedRules} from './rules/observed.js'
import {resourceNotWatched} from './rules/resource-not-watched.js'
import {roleArnUnusable} from './rules/role-arn-unusable.js'
import {carmMapWrongNamespace} from './rules/carm-map-wrong-namespace.js'
import {carmMissingEntry} from './rules/carm-missing-entry.js'
import {carmSingleWatchNamespace} from './rules/carm-single-watch-namespace.js'
import {carmTeamWithoutGate} from './rules/carm-team-without-gate.js'
import {controllerAccountUnknown} from './rules/controller-account-unknown.js'
import {chartValueIgnored} from './rules/chart-value-ignored.js'
import {controllerAmbiguous} from './rules/controller-ambiguous.js'
import {inputDuplicate} from './rules/input-duplicate.js'
import {controllerNotFound} from './rules/controller-not-found.js'
import {controllerSettingsUnknown} from './rules/controller-settings-unknown.js'
import {controllerStartupError} from './rules/controller-startup-error.js'
import {defaultCredentialsFallback} from './rules/default-credentials-fallback.js'
import {gateCarmConflict} from './rules/gate-carm-conflict.js'
import {inputInvalid} from './rules/input-invalid.js'
import {namespaceAssumed} from './rules/namespace-assumed.js'
import {selectorConflict} from './rules/selector-conflict.js'
import {selectorIgnored} from './rules/selector-ignored.js'
import {selectorNoMatch} from './rules/selector-no-match.js'
import {selectorOverlap} from './rules/selector-overlap.js'
import {selectorPrunedField} from './rules/selector-pruned-field.js'
import {selectorShortGroup} from './rules/selector-short-group.js'
import {selectorVersionPinned} from './rules/selector-version-pinned.js'
import {selectorsWithoutGate} from './rules/selectors-without-gate.js'
import {suppressionExpired} from './rules/suppression-expired.js'
import {suppressionInvalid} from './rules/suppression-invalid.js'
import {eksCapabilityUndeclared} from './rules/eks-capability-undeclared.js'
import {capabilityWithController} from './rules/capability-with-controller.js'
import {carmIgnoredByCapability} from './rules/carm-ignored-by-capability.js'
import {capabilityRoleSelected} from './rules/capability-role-selected.js'
import type {LintRule, RuleInfo} from './types.js'

export type {LintContext, LintController, LintRule, LintSeverity, RuleHit, RuleInfo} from './types.js'

/**
 * The one catalog of problems every command reports (resolve, lint, migrate-carm, verify-trust), in
 * documentation order. Ids are stable: they appear in suppressions, CI
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
  roleArnUnusable,
  carmAccountMismatch,
  carmMapWrongNamespace,
  carmMapAmbiguous,
  carmTeamWithoutGate,
  carmSingleWatchNamespace,
  annotationIgnored,
  defaultCredentialsFallback,
  carmIgnoredByCapability,
  capabilityRoleSelected,
  capabilityWithController,
  accountDrift,
  resourceNotWatched,
  ...observedRules,
  inputInvalid,
  inputDuplicate,
  controllerAmbiguous,
  chartValueIgnored,
  controllerSettingsUnknown,
  controllerNotFound,
  namespaceAssumed,
  eksCapabilityUndeclared,
  controllerAccountUnknown,
  clusterUnreadable,
  suppressionInvalid,
  suppressionExpired,
]

/** The catalog as data only (no check functions): what --list-rules, the docs and SARIF print. */
export function ruleCatalog(rules: readonly LintRule[] = RULES): RuleInfo[] {
  return rules.map(({id, severity, summary, description, remediation}) => ({id, severity, summary, description, remediation}))
}
