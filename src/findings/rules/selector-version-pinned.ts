import {goQuote} from '../../core/go.js'
import {selectorHit} from './refs.js'
import type {LintRule, RuleHit} from '../types.js'

/**
 * A resourceTypeSelector entry with a non-empty `version`. The resource's GVK is the controller's
 * registered version, so when a controller release serves a new version (v1alpha1 -> v1beta1) the
 * entry silently stops matching and resources fall back to default credentials.
 */
export const selectorVersionPinned: LintRule = {
  id: 'selector-version-pinned',
  severity: 'warning',
  summary: 'A resource type pinned to a `version`: it stops matching when the controller serves a new version.',
  description:
    'The controller matches `version` against the API version it registers for the kind. When an upgraded controller ' +
    'serves the kind at a new version, a pinned entry matches nothing, and resources it covered are reconciled with the ' +
    'controller\'s own credentials (or another selector) without any error.',
  remediation: 'Use `version: ""` (any version) unless you really mean to select one API version.',
  check(ctx) {
    const hits: RuleHit[] = []
    for (const s of ctx.snapshot.selectors) {
      s.spec.resourceTypes.forEach((t, i) => {
        if (t.version === '') return
        hits.push(selectorHit(s,
          `IAMRoleSelector ${s.name} resourceTypeSelector[${i}] pins version ${goQuote(t.version)}: it stops matching ` +
          `${t.kind || 'these resources'} once the controller serves another version; use version: ""`))
      })
    }
    return hits
  },
}
