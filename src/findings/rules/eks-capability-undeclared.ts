import {hitFromFinding} from './pass-through.js'
import type {LintRule} from '../types.js'

/**
 * ACK kinds or resources, but no controller Deployment at all: the cluster may run the EKS Capability,
 * which ackctl cannot see from inside the cluster. Says what was assumed and how to declare it.
 */
export const eksCapabilityUndeclared: LintRule = {
  id: 'eks-capability-undeclared',
  severity: 'info',
  summary: 'ACK kinds or resources but no controller Deployment: ackctl assumed self-managed controllers, not the EKS Capability.',
  description:
    'The EKS Capability for ACK runs outside the cluster: no Deployment, no ServiceAccount, no logs. Its model differs ' +
    'from a self-managed controller with default settings: the capability role is the default credentials, ' +
    'IAMRoleSelectors are read and CARM is not. Without `--eks-capability-role-arn` ackctl cannot tell the two apart ' +
    'and predicts with the self-managed defaults (CARM on, IAMRoleSelector off), where every selector is unused.',
  remediation:
    'If the cluster runs the capability, pass `--eks-capability-role-arn` (from `aws eks describe-capability ' +
    '--cluster-name <cluster> --capability-name <name> --query capability.roleArn`); otherwise include the controller ' +
    'Deployments (`helm template`, or `kubectl get deploy -n ack-system -o yaml`).',
  check(ctx) {
    return ctx.controllerFindings.filter((f) => f.rule === 'eks-capability-undeclared').map(hitFromFinding)
  },
}
