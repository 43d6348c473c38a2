import {hitFromFinding} from './pass-through.js'
import type {LintRule} from '../types.js'

/** Several Deployments run the same ACK controller; ackctl lints with the settings of the first. */
export const controllerAmbiguous: LintRule = {
  id: 'controller-ambiguous',
  severity: 'warning',
  summary: 'Several Deployments run the same ACK service controller; ackctl uses the settings of the first (by namespace/name).',
  description:
    'Two controllers of one service reconcile the same resources with possibly different settings (feature gates, ' +
    '`--enable-carm`, watched namespaces), so the role a resource gets depends on which one reconciles it. ackctl ' +
    'predicts with the first Deployment in namespace/name order.',
  remediation: 'Run one controller per service, or give them disjoint `--watch-namespace` sets and lint each separately.',
  check(ctx) {
    return ctx.controllerFindings.filter((f) => f.rule === 'controller-ambiguous').map(hitFromFinding)
  },
}
