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
  remediation: 'Pass `--account-id`, or include the controller\'s ServiceAccount with its IRSA annotation; with EKS Pod Identity, the association\'s role account (`aws eks list-pod-identity-associations`).',
  check(ctx) {
    const hits: RuleHit[] = []
    // One pass over the resources (not one per controller): recorded owner accounts per service.
    const recorded = new Map<string, number>()
    for (const {resource} of ctx.resources) {
      if (resource.status?.ownerAccountID === undefined) continue
      const alias = serviceAliasOf(resource.group)
      recorded.set(alias, (recorded.get(alias) ?? 0) + 1)
    }
    for (const c of ctx.controllers) {
      if (c.settings.accountID !== '') continue
      const n = recorded.get(c.serviceAlias) ?? 0
      if (n === 0) continue
      const d = c.deployment
      const sa = d ? ctx.snapshot.serviceAccounts.find((x) => x.namespace === d.namespace && x.name === d.serviceAccountName) : undefined
      // A ServiceAccount without the IRSA annotation: the role comes from an EKS Pod Identity association (or the node).
      const podIdentity = sa
        ? `. ServiceAccount ${sa.namespace}/${sa.name} has no eks.amazonaws.com/role-arn, so its role likely comes from an EKS Pod Identity association: ` +
          `aws eks list-pod-identity-associations --cluster-name <cluster> --namespace ${sa.namespace} --service-account ${sa.name}, then pass --account-id (and --source-role-arn to verify-trust)`
        : ''
      hits.push(controllerHit(c,
        `the ${c.serviceAlias} controller's own AWS account is unknown (no --account-id, no eks.amazonaws.com/role-arn on its ServiceAccount): ` +
        `the owner accounts recorded by ${n} resource${n === 1 ? '' : 's'} are assumed to be its own${podIdentity}`))
    }
    return hits
  },
}
