import {ANNOTATION_OWNER_ACCOUNT_ID, ANNOTATION_TEAM_ID} from '../../ack/carm.js'
import {controllerHit, describeController} from './refs.js'
import type {LintRule} from '../types.js'

/**
 * CARM configuration exists, but a controller with `--enable-carm` watches exactly one namespace:
 * it then never starts the CARM caches (`len(watchNamespaces) != 1`), though `EnableCARM` stays
 * true. Ref: runtime pkg/runtime/service_controller.go L203-281
 */
export const carmSingleWatchNamespace: LintRule = {
  id: 'carm-single-watch-namespace',
  severity: 'warning',
  summary: 'CARM configuration exists, but a controller watches exactly one namespace, so CARM is off.',
  description:
    'With exactly one `--watch-namespace` the controller logs `--enable-carm is set to true but --watch-namespace is ' +
    'set to a single namespace. CARM will not be enabled.` and never reads the maps or the namespace annotations. ' +
    'Resources whose status records another account then requeue with `CARM configmap not found`. Two or more ' +
    'watched namespaces work (the docs say the flag must be empty; the code does not).',
  remediation: 'Watch all namespaces (empty `--watch-namespace`) or at least two, or move the single namespace\'s resources to IAMRoleSelectors.',
  check(ctx) {
    const hasCarm = ctx.snapshot.configMaps.length > 0 ||
      ctx.snapshot.namespaces.some((ns) => ns.annotations[ANNOTATION_OWNER_ACCOUNT_ID] || ns.annotations[ANNOTATION_TEAM_ID])
    if (!hasCarm) return []
    return ctx.controllers
      .filter((c) => !c.config.startupError && c.config.enableCARM && c.config.watchNamespaces.length === 1)
      .map((c) => controllerHit(c,
        `${describeController(c)} watches only namespace ${c.config.watchNamespaces[0]}, so CARM does not run: ` +
        'the CARM ConfigMaps and namespace annotations in the input are ignored'))
  },
}
