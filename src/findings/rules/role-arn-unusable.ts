import {goQuote} from '../../core/go.js'
import {compareStrings} from '../../core/values.js'
import {parseArn} from '../../ack/arn.js'
import {parseRoleArn} from '../../iam/arn.js'
import {carmMapsInUse} from './carm-maps.js'
import {configMapHit, selectorHit} from './refs.js'
import type {LintRule, RuleHit} from '../types.js'

/**
 * A role ARN the controller accepts (`arn.Parse` only wants six sections) but STS can never assume:
 * white space, an account that is not 12 digits, a session or user ARN, a region. The same
 * validator as verify-trust's ARN check (src/iam/arn.ts), so the two commands name the same mistake.
 */
export const roleArnUnusable: LintRule = {
  id: 'role-arn-unusable',
  severity: 'error',
  summary: 'A role ARN in a CARM map or an IAMRoleSelector that parses but can never be assumed (white space, bad account, session or user ARN).',
  description:
    'The controller checks role ARNs with `arn.Parse` only: any string with the `arn:` prefix and six colon-separated ' +
    'sections passes, and nothing is trimmed. Mistakes such as a trailing space, an 11-digit account, an ' +
    '`arn:aws:sts::...:assumed-role/...` session ARN or an IAM user ARN therefore pass every check and fail only when ' +
    '`sts:AssumeRole` is called, as an AWS error on the resource. `ackctl verify-trust` reports the same mistake for the ' +
    'same ARN.',
  remediation: 'Write the role ARN as IAM shows it: `arn:aws:iam::<12-digit account>:role/<path/>name`, with no white space.',
  check(ctx) {
    const hits: RuleHit[] = []
    for (const {configMap} of carmMapsInUse(ctx)) {
      for (const key of Object.keys(configMap.data).sort(compareStrings)) {
        const value = configMap.data[key]
        // Empty values and values that are not ARNs at all have rules of their own (carm-missing-entry, carm-invalid-arn).
        if (value === '' || !parseArn(value).ok) continue
        const role = parseRoleArn(value)
        if (!role.ok) hits.push(configMapHit(configMap, `ConfigMap ${configMap.namespace}/${configMap.name} key ${goQuote(key)}: ${goQuote(value)} can never be assumed: ${role.reason}`))
      }
    }
    for (const s of ctx.resolver.active) {
      const role = parseRoleArn(s.spec.arn)
      if (!role.ok) hits.push(selectorHit(s, `IAMRoleSelector ${s.name} spec.arn ${goQuote(s.spec.arn)} can never be assumed: ${role.reason}`))
    }
    return hits
  },
}
