import {controllerHit, describeController} from './refs.js'
import type {LintRule} from '../types.js'

/** Any other start-up failure of a controller (bad flag values, missing region, unknown gate). */
export const controllerStartupError: LintRule = {
  id: 'controller-startup-error',
  severity: 'error',
  summary: 'A controller whose flags make it exit at start-up (other than the IAMRoleSelector/CARM conflict).',
  description:
    'The controller validates its flags before it reconciles anything and exits on the first problem, in this ' +
    'order: `--enable-carm` value, missing region, endpoint URL, `--feature-gates` syntax and names, the ' +
    'IAMRoleSelector/CARM conflict (its own rule, `gate-carm-conflict`), `--watch-namespace`. The message is the ' +
    'controller\'s own text. Every resource of that service is then unmanaged.',
  remediation: 'Fix the flag the message names in the controller Deployment (or Helm values).',
  check(ctx) {
    return ctx.controllers
      .filter((c) => c.config.startupCode === 'settings')
      .map((c) => controllerHit(c, `${describeController(c)} will not start: ${c.config.startupError}`))
  },
}
