import {ACK_GROUP_SUFFIX} from '../../ack/api-group.js'
import {goQuote} from '../../core/go.js'
import {selectorHit} from './refs.js'
import type {LintRule, RuleHit} from '../types.js'


/**
 * A resourceTypeSelector group that is not a full ACK API group. The controller compares the
 * group exactly with its registered GVK (`s3.services.k8s.aws`), so `s3` or `S3.services.k8s.aws`
 * never matches. Ref: runtime pkg/runtime/iamroleselector/matcher.go (typeMatch)
 */
export const selectorShortGroup: LintRule = {
  id: 'selector-short-group',
  severity: 'error',
  summary: 'A resource type group such as `s3` instead of `s3.services.k8s.aws`: that entry never matches.',
  description:
    'The controller matches `resourceTypeSelector[].group` with exact, case-sensitive equality against the full API ' +
    'group of the resource (`s3.services.k8s.aws`, `dynamodb.services.k8s.aws`, ...). A short service name, a different ' +
    'spelling or a different case never matches any ACK resource, so the entry is dead and resources fall through ' +
    'to other selectors or to the controller\'s own credentials.',
  remediation: 'Write the full API group, e.g. `group: s3.services.k8s.aws`, or `group: ""` to match every group.',
  check(ctx) {
    const hits: RuleHit[] = []
    for (const s of ctx.snapshot.selectors) {
      s.spec.resourceTypes.forEach((t, i) => {
        if (t.group === '' || (t.group.endsWith(ACK_GROUP_SUFFIX) && t.group === t.group.toLowerCase())) return
        const fix = suggestion(t.group)
        hits.push(selectorHit(s,
          `IAMRoleSelector ${s.name} resourceTypeSelector[${i}] group ${goQuote(t.group)} is not a full ACK API group and never matches` +
          (fix ? `; did you mean ${goQuote(fix)}?` : '')))
      })
    }
    return hits
  },
}

function suggestion(group: string): string | undefined {
  const lower = group.toLowerCase()
  if (lower.endsWith(ACK_GROUP_SUFFIX)) return lower
  if (/^[a-z0-9-]+$/.test(lower)) return `${lower}${ACK_GROUP_SUFFIX}`
  return undefined
}
