import {serviceAliasOf} from '../../ack/resolver.js'
import {controllerHit} from './refs.js'
import type {LintRule, RuleHit} from '../types.js'

/**
 * The controller's own account is unknown while resources of its service record an owner account:
 * ackctl then assumes the recorded account is the controller's, so cross-account resources are
 * not recognised. Only reported when it matters (some resource has a recorded owner account).
 */
export const controllerAccountUnknown: LintRule = {
  id: 'controller-account-unknown',
  severity: 'info',
  summary: 'A controller\'s own AWS account is unknown: cross-account resources cannot be recognised from their status.',
  description:
    'The controller compares `status.ackResourceMetadata.ownerAccountID` with its own account (from ' +
    '`sts:GetCallerIdentity`). ackctl learns that account from `--account-id` or from the `eks.amazonaws.com/role-arn` ' +
    'annotation of the controller\'s ServiceAccount; without either it assumes recorded accounts are the controller\'s, ' +
    'so `default-credentials-fallback` and status-based CARM lookups are not predicted. Reported only when a resource ' +
    'of that service records an owner account.',
  remediation: 'Pass `--account-id`, or include the controller\'s ServiceAccount with its IRSA annotation.',
  check(ctx) {
    const hits: RuleHit[] = []
    for (const c of ctx.controllers) {
      if (c.settings.accountID !== '') continue
      const n = ctx.resources.filter(({resource}) => serviceAliasOf(resource.group) === c.serviceAlias && resource.status?.ownerAccountID !== undefined).length
      if (n === 0) continue
      hits.push(controllerHit(c.deployment,
        `the ${c.serviceAlias} controller's own AWS account is unknown (no --account-id, no eks.amazonaws.com/role-arn on its ServiceAccount): ` +
        `the owner accounts recorded by ${n} resource${n === 1 ? '' : 's'} are assumed to be its own`))
    }
    return hits
  },
}
