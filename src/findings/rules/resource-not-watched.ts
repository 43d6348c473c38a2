import {describeResource, resourceHit} from './refs.js'
import type {LintRule} from '../types.js'

/**
 * A resource outside its controller's `--watch-namespace`: the manager's cache never holds it, so it
 * is never reconciled (outcome NOT_RECONCILED). What it would get once watched is not predicted: watching
 * a namespace also changes which namespaces CARM caches, and with one namespace turns CARM off.
 */
export const resourceNotWatched: LintRule = {
  id: 'resource-not-watched',
  severity: 'warning',
  summary: 'An ACK resource in a namespace its controller does not watch (--watch-namespace): it is never reconciled.',
  description:
    'A controller started with `--watch-namespace` only caches, and so only reconciles, objects in those namespaces. ' +
    'A resource anywhere else is never created, updated or deleted in AWS, and gets no status. ackctl reports it as ' +
    '`NOT_RECONCILED` and does not guess the role it would get once watched: adding a namespace changes the ' +
    'controller\'s CARM caches too (a single watched namespace disables CARM), so resolve again with the new ' +
    '`--watch-namespace`.',
  remediation: 'Add the namespace to the controller\'s `--watch-namespace` (then run `ackctl resolve --watch-namespace ...` to see its role), or move the resource to a watched namespace.',
  check(ctx) {
    return ctx.resources
      .filter(({resolution}) => resolution.outcome === 'NOT_RECONCILED')
      .map(({resource, resolution}) => resourceHit(resource, `${describeResource(resource)}: ${resolution.error ?? 'not reconciled'}`))
  },
}
