import type {IamRoleSelectorObject} from '../../core/types.js'
import {SELECTOR_API_VERSION, selectorHit} from './refs.js'
import type {LintRule, RuleHit} from '../types.js'

const TOP_LEVEL = new Set(['apiVersion', 'kind', 'metadata', 'spec', 'status'])
const PRUNED = 'pruned by the API server'

/**
 * What the API server does to an IAMRoleSelector on admission (CRD structural schema): unknown
 * fields are pruned, required keys missing after pruning and wrong types reject the object. Uses
 * the engine's admission problems (`decodeSelectorSpec`, object name) plus checks on the raw
 * object (top-level fields, apiVersion).
 */
export const selectorPrunedField: LintRule = {
  id: 'selector-pruned-field',
  severity: 'error',
  summary: 'IAMRoleSelector fields the API server prunes or rejects: matchExpressions, apiVersion in a resource type, unknown keys, namespaceSelector without names.',
  description:
    'The IAMRoleSelector CRD is structural: fields it does not declare are silently pruned on admission, so a ' +
    '`matchExpressions` (only `matchLabels` exists), an `apiVersion` in a `resourceTypeSelector` entry (the fields are ' +
    '`group`, `version`, `kind`) or a misspelt key simply disappears and the selector matches more than intended. ' +
    'Required keys (`spec.arn`, `namespaceSelector.names`, `matchLabels` inside a label selector, all three of ' +
    '`group`/`version`/`kind`) and wrong types make the API server reject the whole object, so `kubectl apply` fails. ' +
    'Object names must be lowercase RFC 1123 subdomains. When the input holds the IAMRoleSelector CRD, its schema ' +
    'decides: one from before ACK runtime v0.57.0 has no `resourceLabelSelector`, which is then pruned too.',
  remediation:
    'Write the selector in the CRD\'s shape: `spec.arn`, `spec.namespaceSelector.names` (use `names: []` with a ' +
    '`labelSelector` only), `labelSelector.matchLabels`, `resourceTypeSelector: [{group, version, kind}]` (empty strings ' +
    'are wildcards) and `resourceLabelSelector.matchLabels`. Replace `matchExpressions` with `matchLabels`, or split ' +
    'the selector into several. For `resourceLabelSelector`, upgrade the CRD first (the controller chart\'s `crds/`).',
  check(ctx) {
    const hits: RuleHit[] = []
    for (const s of ctx.snapshot.selectors) {
      for (const problem of [...rawProblems(s), ...s.admission.problems]) hits.push(selectorHit(s, describe(s.name, problem)))
    }
    return hits
  },
}

function describe(name: string, problem: string): string {
  const hint = problem.includes('matchExpressions') ? ' (IAMRoleSelector label selectors support matchLabels only)'
    : /resourceTypeSelector\[\d+\]\.apiVersion/.test(problem) ? ' (resource types are written as group, version and kind)'
      : ''
  const effect = problem.includes(`unknown field, ${PRUNED}`)
    ? 'the field is dropped and the selector behaves as if it were absent'
    : 'the API server rejects the object, so kubectl apply fails and the selector never exists'
  return `IAMRoleSelector ${name}: ${problem}${hint}: ${effect}`
}

function rawProblems(s: IamRoleSelectorObject): string[] {
  const problems: string[] = []
  for (const key of Object.keys(s.raw)) if (!TOP_LEVEL.has(key)) problems.push(`${key}: unknown field, ${PRUNED}`)
  const apiVersion = s.raw.apiVersion
  if (apiVersion !== SELECTOR_API_VERSION) {
    problems.push(`no matches for kind "IAMRoleSelector" in version ${JSON.stringify(apiVersion)} (the CRD serves ${SELECTOR_API_VERSION} only)`)
  }
  return problems
}
