import {hitFromFinding} from './pass-through.js'
import type {LintRule} from '../types.js'

/** A service with resources or CRDs but no controller Deployment in the input: lint assumes the defaults. */
export const controllerNotFound: LintRule = {
  id: 'controller-not-found',
  severity: 'info',
  summary: 'No controller Deployment for a service in the input: ackctl assumes the controller defaults plus its flags, or the settings a chart install\'s values render.',
  description:
    'Role resolution depends on the controller\'s flags (`--enable-carm`, `--feature-gates`, `--watch-namespace`, ' +
    '`ACK_SYSTEM_NAMESPACE`). Without the Deployment in the input, ackctl uses the controller defaults (CARM on, ' +
    'all gates at their defaults) and any overrides given on its command line. A Flux HelmRelease or OCIRepository, or an ' +
    'Argo CD Application, that installs the service\'s controller chart (`<service>-chart`) takes its place when the ' +
    'input holds all its values (Flux `spec.values` and `spec.valuesFrom` ConfigMaps; Argo CD `helm.values`, `helm.valuesObject`, `helm.parameters`): ' +
    'ackctl renders them as the ACK chart does and resolves with those settings, and the finding says so. When some ' +
    'values come from where ackctl cannot read them (a Flux `valuesFrom` Secret, Argo CD `valueFiles`), the finding names the ' +
    'release and says why, and ackctl resolves with the defaults.',
  remediation: 'Include the controller Deployments (e.g. `helm template` of the controller charts) or pass their settings with `--enable-carm`, `--feature-gates`, `--watch-namespace`, `--ack-system-namespace`.',
  check(ctx) {
    const hits = ctx.controllerFindings.filter((f) => f.rule === 'controller-not-found').map(hitFromFinding)
    if (ctx.controllers.some((c) => c.standIn)) {
      hits.push({message: 'no ACK controller Deployment, CRD or resource in the input: linting with the controller defaults and ackctl\'s flags'})
    }
    return hits
  },
}
