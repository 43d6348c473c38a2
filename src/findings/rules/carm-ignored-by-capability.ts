import {ACCOUNT_MAP, ANNOTATION_OWNER_ACCOUNT_ID, ANNOTATION_TEAM_ID, TEAM_MAP} from '../../ack/carm.js'
import {configMapHit, namespaceHit} from './refs.js'
import type {LintRule, RuleHit} from '../types.js'

/**
 * CARM configuration in a cluster that runs the EKS Capability: the capability reads IAMRoleSelectors
 * only, so the ConfigMaps and namespace annotations route nothing. Ref: EKS User Guide, ack-permissions.
 */
export const carmIgnoredByCapability: LintRule = {
  id: 'carm-ignored-by-capability',
  severity: 'warning',
  summary: 'CARM ConfigMaps or namespace annotations in a cluster that runs the EKS Capability, which ignores them.',
  description:
    'The EKS Capability for ACK chooses a role with IAMRoleSelectors, and uses the capability role otherwise. ' +
    '`ack-role-account-map`, `ack-role-team-map` and the `owner-account-id` / `team-id` namespace annotations are not ' +
    'read: resources in those namespaces use the capability role, in the cluster\'s account, unless a selector ' +
    'covers them.',
  remediation:
    'Cover each CARM-routed namespace with an IAMRoleSelector (`ackctl migrate-carm --to-eks-capability-role-arn ...`, ' +
    'run without `--eks-capability-role-arn` so that it reads what CARM routes, writes them), then delete the ConfigMaps ' +
    'and annotations.',
  check(ctx) {
    if (!ctx.controllers.some((c) => c.settings.capability)) return []
    const hits: RuleHit[] = []
    for (const cm of ctx.snapshot.configMaps) {
      if (cm.name !== ACCOUNT_MAP && cm.name !== TEAM_MAP) continue
      const n = Object.keys(cm.data).length
      hits.push(configMapHit(cm, `ConfigMap ${cm.namespace}/${cm.name} (${n} entr${n === 1 ? 'y' : 'ies'}) is not read by the EKS Capability: only IAMRoleSelectors choose a role`))
    }
    for (const ns of ctx.snapshot.namespaces) {
      const key = ns.annotations[ANNOTATION_OWNER_ACCOUNT_ID] ? ANNOTATION_OWNER_ACCOUNT_ID : ns.annotations[ANNOTATION_TEAM_ID] ? ANNOTATION_TEAM_ID : undefined
      if (!key) continue
      hits.push(namespaceHit(ns, `Namespace ${ns.name} is annotated ${key}=${ns.annotations[key]}, which the EKS Capability does not read: its resources use an IAMRoleSelector's role or the capability role`))
    }
    return hits
  },
}
