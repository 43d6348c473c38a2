import {controllerHit, describeController} from './refs.js'
import type {LintRule} from '../types.js'


/**
 * A controller with the `IAMRoleSelector` gate and `--enable-carm` not false exits at start-up.
 * Ref: runtime pkg/config/config.go L420-423
 */
export const gateCarmConflict: LintRule = {
  id: 'gate-carm-conflict',
  severity: 'error',
  summary: 'A controller with the `IAMRoleSelector` gate on and `--enable-carm` not false: it will not start.',
  description:
    'CARM and IAMRoleSelector are mutually exclusive. `--enable-carm` defaults to true (also in the Helm chart), so ' +
    'turning on the gate alone makes the controller exit at start-up with `cannot enable feature gate ' +
    '\'IAMRoleSelector\' when flag \'enable-carm\' is set to true`. The public docs suggest the gate alone disables CARM; ' +
    'the code does not.',
  remediation: 'Set `--enable-carm=false` (Helm: `enableCARM: false`) together with `--feature-gates IAMRoleSelector=true`.',
  check(ctx) {
    return ctx.controllers
      .filter((c) => c.config.startupCode === 'gate-carm-conflict')
      .map((c) => controllerHit(c, `${describeController(c)} will not start: ${c.config.startupError}`))
  },
}
