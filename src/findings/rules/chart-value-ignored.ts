import {hitFromFinding} from './pass-through.js'
import type {LintRule} from '../types.js'

/** A chart release sets a value the ACK chart does not render as its author would expect. */
export const chartValueIgnored: LintRule = {
  id: 'chart-value-ignored',
  severity: 'warning',
  summary: 'A GitOps release of an ACK chart sets a value the chart ignores (`watchNamespace` without `installScope: namespace`).',
  description:
    'The ACK charts render `watchNamespace` into `--watch-namespace` only when `installScope` is `namespace`; with the ' +
    'default `installScope: cluster` it is dropped and the controller watches every namespace, reconciling resources ' +
    'the release was meant to leave to another controller. ackctl renders the release as the chart does and reports ' +
    'the value it dropped.',
  remediation: 'Set `installScope: namespace` with `watchNamespace` (the chart then also gives the controller a Role instead of a ClusterRole), or remove `watchNamespace`.',
  check(ctx) {
    return ctx.controllerFindings.filter((f) => f.rule === 'chart-value-ignored').map(hitFromFinding)
  },
}
