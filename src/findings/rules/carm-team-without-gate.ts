import {ANNOTATION_TEAM_ID, TEAM_MAP} from '../../ack/carm.js'
import {configMapHit, namespaceHit} from './refs.js'
import type {LintRule, RuleHit} from '../types.js'

/**
 * `team-id` annotations or a team map, but no controller with CARM has the `TeamLevelCARM` gate:
 * the team annotations are ignored and the team map is never read.
 */
export const carmTeamWithoutGate: LintRule = {
  id: 'carm-team-without-gate',
  severity: 'warning',
  summary: '`team-id` annotations or an `ack-role-team-map`, but the `TeamLevelCARM` gate is off.',
  description:
    'The team map is watched, and `services.k8s.aws/team-id` namespace annotations are used, only with ' +
    '`--feature-gates TeamLevelCARM=true` (alpha, off by default). Without it those namespaces fall back to their ' +
    '`owner-account-id` annotation, or to the controller\'s own credentials. When the input has no controller ' +
    'Deployment, ackctl assumes the controller defaults; pass `--feature-gates` to lint what actually runs.',
  remediation: 'Enable `TeamLevelCARM=true` on the controllers that should use team ids, or use `owner-account-id` keys in `ack-role-account-map` instead.',
  check(ctx) {
    const carm = ctx.controllers.filter((c) => !c.config.startupError && c.config.carmRunning)
    // With no controller running CARM at all, team annotations are inert for another reason.
    if (carm.length === 0 || carm.some((c) => c.config.gates.TeamLevelCARM)) return []
    const hint = ctx.controllers.every((c) => !c.deployment && !c.install) ? ' (no controller Deployment in the input: pass --feature-gates TeamLevelCARM=true if your controllers run with the gate)' : ''
    const hits: RuleHit[] = []
    for (const ns of ctx.snapshot.namespaces) {
      const team = ns.annotations[ANNOTATION_TEAM_ID]
      if (!team) continue
      hits.push(namespaceHit(ns, `Namespace ${ns.name} annotation ${ANNOTATION_TEAM_ID}=${team} is ignored: no controller runs CARM with the TeamLevelCARM gate${hint}`))
    }
    for (const cm of ctx.snapshot.configMaps) {
      if (cm.name !== TEAM_MAP) continue
      hits.push(configMapHit(cm, `ConfigMap ${cm.namespace}/${cm.name} is never read: no controller runs CARM with the TeamLevelCARM gate${hint}`))
    }
    return hits
  },
}
