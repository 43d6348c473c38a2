import {describeResource, resourceHit} from './refs.js'
import type {LintRule} from '../types.js'

/**
 * A resource the resolver predicts to hit the region or account drift check: the controller
 * returns the error on every reconcile (no condition, retried with backoff) and never touches AWS.
 * Ref: runtime pkg/runtime/reconciler.go L355-382
 */
export const accountDrift: LintRule = {
  id: 'account-drift',
  severity: 'error',
  summary: 'A resource predicted to hit the controller\'s account or region drift error.',
  description:
    'After choosing the role, the controller compares the resource\'s recorded `status.ackResourceMetadata.region` ' +
    'and `ownerAccountID` with the region and role account it would use now. A difference returns `Resource already ' +
    'exists in account <recorded>, but the role used for reconciliation is in account <new>. ` (or the region text) on ' +
    'every reconcile. It writes no condition, so the resource looks healthy while it is never synced again. Typical ' +
    'causes: a selector or map entry pointing at a role in another account, a region annotation changed after ' +
    'creation, or a pre-v0.53 non-numeric CARM key recorded as the owner account.',
  remediation:
    'Point the selector or CARM entry at a role in the recorded account (or restore the region), or recreate the ' +
    'resource in the new account deliberately.',
  check(ctx) {
    return ctx.resources
      .filter(({resolution}) => resolution.outcome === 'DRIFT_ERROR')
      .map(({resource, resolution}) => resourceHit(resource,
        `${describeResource(resource)}: the controller fails every reconcile with "${resolution.error}"`))
  },
}
