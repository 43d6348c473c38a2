import {selectorHit} from './refs.js'
import type {LintRule, RuleHit} from '../types.js'

/** An IAMRoleSelector that names the capability role itself: the capability then assumes its own role. */
export const capabilityRoleSelected: LintRule = {
  id: 'capability-role-selected',
  severity: 'warning',
  summary: 'An IAMRoleSelector names the EKS capability role itself.',
  description:
    'Resources a selector matches are reconciled by assuming the selector\'s role from a capability-role session. ' +
    'When that role is the capability role, the call is a role assuming itself: it needs the role\'s trust policy to ' +
    'name the role (with `sts:TagSession`), and gains nothing over matching no selector at all.',
  remediation: 'Delete the selector (unmatched resources use the capability role), or point it at a role of its own.',
  check(ctx) {
    const roles = new Set(ctx.controllers.flatMap((c) => (c.settings.capability ? [c.settings.capability.roleARN] : [])))
    if (roles.size === 0) return []
    const hits: RuleHit[] = []
    for (const s of ctx.snapshot.selectors) {
      if (roles.has(s.spec.arn)) hits.push(selectorHit(s, `IAMRoleSelector ${s.name} selects the EKS capability role ${s.spec.arn} itself: matched resources assume the capability role from a session of the same role`))
    }
    return hits
  },
}
