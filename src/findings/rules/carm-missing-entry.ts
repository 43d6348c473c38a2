import {ANNOTATION_OWNER_ACCOUNT_ID, ANNOTATION_TEAM_ID} from '../../ack/carm.js'
import {compareStrings} from '../../core/values.js'
import type {NamespaceObject} from '../../core/types.js'
import {describeResource, namespaceHit, resourceHit} from './refs.js'
import type {LintContext, LintRule, RuleHit} from '../types.js'

/**
 * A CARM lookup that fails: the namespace's account or team id has no entry (or an empty value)
 * in the map, or the map is missing. Derived from the resolver: a new resource is resolved in every
 * annotated namespace for every controller, so team-vs-account precedence, service-level keys,
 * ignored namespaces and the watch scope are exactly the engine's. Existing resources that need a
 * lookup without a namespace annotation (a foreign `status.ackResourceMetadata.ownerAccountID`)
 * are reported on the resource.
 */
export const carmMissingEntry: LintRule = {
  id: 'carm-missing-entry',
  severity: 'error',
  summary: 'An annotated namespace whose account or team id has no entry (or an empty value) in the CARM map.',
  description:
    'A namespace annotated with `services.k8s.aws/owner-account-id` (or `services.k8s.aws/team-id` with the ' +
    '`TeamLevelCARM` gate) always forces a lookup in `ack-role-account-map` (or `ack-role-team-map`) in the ACK system ' +
    'namespace, even when the account is the controller\'s own. A missing map, a missing key or an empty value makes ' +
    'every resource there requeue every 15 s with `ACK.ResourceSynced=False`, message `IAM Role is not available`. ' +
    'A team key that is missing does not fall back to the account key. Keys are exact and case-sensitive.',
  remediation:
    'Add the key with a role ARN to the ConfigMap in the ACK system namespace (`data: {"<account-or-team>": ' +
    '"arn:aws:iam::<account>:role/<name>"}`), or remove the namespace annotation.',
  check(ctx) {
    const hits: RuleHit[] = []
    const namespaceHits = new Map<string, {ns: NamespaceObject; error: string; aliases: string[]; resources: number}>()
    for (const ns of ctx.snapshot.namespaces) {
      if (!ns.annotations[ANNOTATION_OWNER_ACCOUNT_ID] && !ns.annotations[ANNOTATION_TEAM_ID]) continue
      for (const [error, aliases] of namespaceErrors(ctx, ns.name)) namespaceHits.set(`${ns.name}\u0000${error}`, {ns, error, aliases, resources: 0})
    }
    for (const {resource, resolution} of ctx.resources) {
      if (resolution.outcome !== 'REQUEUE_IAM_ROLE_UNAVAILABLE') continue
      const covered = namespaceHits.get(`${resource.namespace}\u0000${resolution.error}`)
      if (covered) {
        covered.resources++
        continue
      }
      const recorded = resource.status?.ownerAccountID
      hits.push(resourceHit(resource,
        `${describeResource(resource)}${recorded !== undefined ? ` needs a CARM lookup for its recorded owner account ${recorded} and` : ''} ` +
        `requeues with "IAM Role is not available": ${resolution.error}`))
    }
    for (const {ns, error, aliases, resources} of namespaceHits.values()) {
      const who = aliases.length === 0 ? '' : ` (${aliases.join(', ')} controller${aliases.length === 1 ? '' : 's'})`
      hits.push(namespaceHit(ns,
        `resources in Namespace ${ns.name}${who} requeue with "IAM Role is not available": ${error}` +
        (resources > 0 ? ` (${resources} resource${resources === 1 ? '' : 's'} in the input)` : '')))
    }
    return hits
  },
}

/** Lookup errors a new resource in the namespace would hit, with the controllers that hit each. */
function namespaceErrors(ctx: LintContext, namespace: string): Array<[string, string[]]> {
  const byError = new Map<string, string[]>()
  for (const c of ctx.controllers) {
    if (c.config.startupError || !c.config.carmRunning) continue
    // Only the outcome and the error are read: no explanation, no AssumeRole call or conditions.
    const r = ctx.resolver.resolve({
      group: `${c.serviceAlias}.services.k8s.aws`, version: '', kind: '', namespace,
      labels: {}, annotations: {}, status: null, hasReferences: false,
    }, {trace: false, cell: true})
    if (r.outcome !== 'REQUEUE_IAM_ROLE_UNAVAILABLE' || r.error === undefined) continue
    // The stand-in controller has no service of its own to name.
    byError.set(r.error, [...(byError.get(r.error) ?? []), ...(c.standIn ? [] : [c.serviceAlias])])
  }
  return [...byError].sort((a, b) => compareStrings(a[0], b[0]))
}
