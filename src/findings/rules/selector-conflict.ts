import {describeResource, resourceHit} from './refs.js'
import type {LintRule} from '../types.js'

/**
 * An existing resource matched by two or more valid IAMRoleSelectors. The controller returns
 * `multiple (N) matching IAMRoleSelectors found` on every reconcile, writes no condition and names
 * no selector. Derived from the resolver's outcome. Ref: runtime pkg/runtime/reconciler.go L331-334
 */
export const selectorConflict: LintRule = {
  id: 'selector-conflict',
  severity: 'error',
  summary: 'Two or more IAMRoleSelectors match an existing resource: the controller refuses to reconcile it.',
  description:
    'When more than one valid IAMRoleSelector matches a resource, the controller fails every reconcile with ' +
    '`multiple (N) matching IAMRoleSelectors found`. It writes no condition and no status, and never says which ' +
    'selectors collide; the resource is retried with backoff forever. Identical role ARNs still conflict.',
  remediation:
    'Make the selectors disjoint: narrow one with `namespaceSelector.names`, a namespace `labelSelector`, a ' +
    '`resourceTypeSelector`, or a `resourceLabelSelector` that the other selector cannot match; or delete one of them.',
  check(ctx) {
    return ctx.resources
      .filter(({resolution}) => resolution.outcome === 'RECONCILE_ERROR' && resolution.conflictingSelectors !== undefined)
      .map(({resource, resolution}) => resourceHit(resource,
        `${describeResource(resource)} is matched by ${resolution.conflictingSelectors!.length} IAMRoleSelectors ` +
        `(${resolution.conflictingSelectors!.join(', ')}): the controller fails it with "${resolution.error}"`))
  },
}
