import {ANNOTATION_OWNER_ACCOUNT_ID, ANNOTATION_TEAM_ID} from '../../ack/carm.js'
import {namespaceView} from '../../ack/namespace-view.js'
import {serviceAliasOf} from '../../ack/resolver.js'
import {describeResource, resourceHit} from './refs.js'
import type {LintRule, RuleHit} from '../types.js'

/**
 * A resource that was cross-account (its status records an account other than the controller's)
 * or sits in a CARM-annotated namespace, but that the resolver predicts will be reconciled with the
 * controller's own credentials: reads, updates and deletes then go to the controller's account.
 * Derived from the resolver's outcome (spec §8, migration hazard 1).
 */
export const defaultCredentialsFallback: LintRule = {
  id: 'default-credentials-fallback',
  severity: 'warning',
  summary: 'A cross-account resource (or one in an annotated namespace) that will now use the controller\'s own credentials.',
  description:
    'When CARM is off (IAMRoleSelector gate, `--enable-carm=false`, a single watched namespace, an ignored namespace) ' +
    'and no selector matches, the controller uses its own credentials while the resource\'s recorded account stays as ' +
    'it was, and no drift error stops it: reads, creates and deletes go to the controller\'s account. This is the main ' +
    'hazard of a CARM to IAMRoleSelector migration. The controller\'s account must be known (`--account-id` or the ' +
    'IRSA annotation of its ServiceAccount) to judge recorded owner accounts.',
  remediation:
    'Cover the resource with an IAMRoleSelector for its account before the switch (a self-managed controller\'s ' +
    '`--enable-carm=false`, or the move to the EKS Capability, which never reads CARM).',
  check(ctx) {
    const hits: RuleHit[] = []
    const byName = new Map(ctx.snapshot.namespaces.map((ns) => [ns.name, ns]))
    const annotated = new Map(ctx.snapshot.namespaces
      .filter((ns) => ns.annotations[ANNOTATION_OWNER_ACCOUNT_ID] || ns.annotations[ANNOTATION_TEAM_ID])
      .map((ns) => [ns.name, ns]))
    for (const {resource, resolution} of ctx.resources) {
      if (resolution.outcome !== 'DEFAULT_CREDENTIALS') continue
      const own = ctx.resolver.contexts.get(serviceAliasOf(resource.group))?.config.settings.accountID ?? ''
      const recorded = resource.status?.ownerAccountID
      const ns = annotated.get(resource.namespace)
      let why: string | undefined
      if (recorded !== undefined && own !== '' && recorded !== own) {
        why = `its status records account ${recorded}, not the ${ctx.resolver.contexts.get(serviceAliasOf(resource.group))?.config.settings.capability ? 'capability role\'s' : 'controller\'s'} ${own}`
      } else if (recorded !== undefined && own === '') {
        // The prediction rests on a guess (spec §7, migration hazard 1): say so rather than show a plain default.
        hits.push(resourceHit(resource,
          `${describeResource(resource)}: its status records account ${recorded}, and the ${serviceAliasOf(resource.group)} controller's own account is unknown ` +
          `(no --account-id, no eks.amazonaws.com/role-arn): ackctl assumes they are the same; if they are not, the controller reconciles it with its own ` +
          `credentials in another account (no drift error). Pass --account-id to know`))
        continue
      } else if (ns) {
        const key = ns.annotations[ANNOTATION_TEAM_ID] ? ANNOTATION_TEAM_ID : ANNOTATION_OWNER_ACCOUNT_ID
        why = `Namespace ${ns.name} is annotated ${key}=${ns.annotations[key]}`
      }
      if (why === undefined) continue
      const context = ctx.resolver.context(serviceAliasOf(resource.group))
      const config = context.config
      // The engine's own view of the namespace (not the trace, which only --explain and JSON build).
      const ignored = namespaceView(context, resource.namespace, byName.get(resource.namespace)).carmIgnored
      const capability = config.settings.capability
      const skipped = capability ? 'the EKS Capability does not read CARM' : ignored === undefined ? undefined : `Namespace ${resource.namespace} CARM annotations are ignored: ${ignored}`
      const because = [
        ...(config.irsRunning ? ['no IAMRoleSelector matches it'] : []),
        skipped ?? (!config.enableCARM ? 'CARM is off (--enable-carm=false)' : 'CARM does not run (--watch-namespace names a single namespace)'),
      ]
      const credentials = capability ? `the EKS capability role ${capability.roleARN}` : 'the controller\'s own credentials'
      hits.push(resourceHit(resource,
        `${describeResource(resource)}: ${why}, but ${because.join(' and ')}: it will be reconciled with ${credentials}` +
        `${own ? ` (account ${own})` : ''}`))
    }
    return hits
  },
}
