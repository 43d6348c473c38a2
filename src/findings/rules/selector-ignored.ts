import {selectorHit} from './refs.js'
import type {LintRule} from '../types.js'

/**
 * Selectors the controller's own validation refuses: it only logs `invalid IAMRoleSelector, not
 * caching`, so they can neither match nor conflict. The text is the controller's, from the engine.
 * Ref: runtime pkg/runtime/iamroleselector/matcher.go validateSelector
 */
export const selectorIgnored: LintRule = {
  id: 'selector-ignored',
  severity: 'error',
  summary: 'An IAMRoleSelector the controller silently drops (empty or invalid ARN, empty or duplicate names, bad resource types, empty label key).',
  description:
    'The API server accepts these selectors, but the controller validates every selector it sees and does not cache ' +
    'an invalid one: it only logs `invalid IAMRoleSelector, not caching`, writes nothing to the selector and sets no ' +
    'condition on resources. Resources it was meant for fall back to the controller\'s own credentials. The message ' +
    'carries the controller\'s validation text: `ARN cannot be empty`, `invalid ARN: ...`, `invalid namespace selector: ...`, ' +
    '`invalid resource type selector: ...`, `invalid label selector: label key cannot be empty`.',
  remediation:
    'Fix the field the controller names: a full role ARN in `spec.arn` (`arn:aws:iam::<account>:role/<name>`), ' +
    'unique non-empty namespace names, resource types with at least one of group, version or kind and no duplicates, ' +
    'and non-empty label keys.',
  check(ctx) {
    return ctx.resolver.dropped
      .filter((d) => d.by === 'controller')
      .map((d) => selectorHit(d.selector,
        `IAMRoleSelector ${d.selector.name} is ignored by the controller (it only logs "invalid IAMRoleSelector, not caching"): ${d.error}`))
  },
}
