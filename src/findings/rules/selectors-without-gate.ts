import {selectorHit} from './refs.js'
import type {LintRule} from '../types.js'

/**
 * IAMRoleSelectors in the input, but no controller runs with the `IAMRoleSelector` feature gate:
 * the selectors are never read. Reported once, on the first selector.
 */
export const selectorsWithoutGate: LintRule = {
  id: 'selectors-without-gate',
  severity: 'warning',
  summary: 'IAMRoleSelectors exist, but no controller has the `IAMRoleSelector` feature gate on.',
  description:
    'A controller reads IAMRoleSelectors only with `--feature-gates IAMRoleSelector=true` (alpha, off by default). ' +
    'Without it the selectors are inert: resources keep using CARM or the controller\'s own credentials. When the ' +
    'input has no controller Deployment, ackctl assumes the controller defaults; pass the controllers\' settings ' +
    '(`--feature-gates`, `--enable-carm`) to lint what actually runs.',
  remediation:
    'Enable the gate on the controllers that should use the selectors (Helm: `featureGates.IAMRoleSelector=true` ' +
    'and `enableCARM=false`), or pass `--feature-gates IAMRoleSelector=true --enable-carm=false` to ackctl when the ' +
    'Deployments are not in the input.',
  check(ctx) {
    const first = ctx.snapshot.selectors[0]
    if (!first || ctx.controllers.some((c) => c.config.gates.IAMRoleSelector)) return []
    const aliases = ctx.controllers.filter((c) => !c.standIn).map((c) => c.serviceAlias)
    const assumed = ctx.controllers.every((c) => !c.deployment && !c.install)
    const n = ctx.snapshot.selectors.length
    return [selectorHit(first,
      `${n} IAMRoleSelector${n === 1 ? '' : 's'} in the input, but no controller${aliases.length ? ` (${aliases.join(', ')})` : ''} ` +
      'has the IAMRoleSelector feature gate on: the selectors are never used' +
      (!assumed ? '' : (ctx.snapshot.chartInstalls ?? []).length > 0
        // A chart install (Flux, Argo CD) says the controllers are self-managed: the capability is not the question.
        ? ' (no controller Deployment in the input, only chart installs ackctl does not render: if your controllers run with the gate, pass --feature-gates IAMRoleSelector=true --enable-carm=false)'
        : ' (no controller Deployment in the input: if ACK runs as the EKS Capability, pass --eks-capability-role-arn; if your controllers run with the gate, pass --feature-gates IAMRoleSelector=true --enable-carm=false)'))]
  },
}
