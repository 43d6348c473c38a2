import {hitFromFinding} from './pass-through.js'
import type {LintRule} from '../types.js'

/** `--eks-capability-role-arn`, and a self-managed controller of the same service in the input (its Deployment, or a GitOps release of its chart). */
export const capabilityWithController: LintRule = {
  id: 'capability-with-controller',
  severity: 'warning',
  summary: 'A self-managed ACK controller (a Deployment, or a GitOps release of its chart) in a cluster declared to run the EKS Capability.',
  description:
    'The capability and a self-managed controller of the same service both reconcile its resources, with different ' +
    'credentials (the capability role and IAMRoleSelectors, against the controller\'s IRSA role and its CARM maps): ' +
    'which one acts on a resource is a race. ackctl resolves as the capability.',
  remediation: 'Uninstall the self-managed controller (helm uninstall, or remove its Flux HelmRelease or Argo CD Application; CRDs and resources stay) once the capability manages the service.',
  check(ctx) {
    return ctx.controllerFindings.filter((f) => f.rule === 'capability-with-controller').map(hitFromFinding)
  },
}
