import {parseArn} from '../../ack/arn.js'
import {goQuote} from '../../core/go.js'
import {compareStrings} from '../../core/values.js'
import {carmMapsInUse} from './carm-maps.js'
import {configMapHit} from './refs.js'
import type {LintRule, RuleHit} from '../types.js'

const ACCOUNT_KEY = /^(?:[a-z0-9-]+\.)?(\d{12})$/

/**
 * An account-map key that is a 12-digit account (optionally `<service>.` prefixed) whose role ARN is
 * in another account. Since runtime v0.53.0 the controller takes the account from the ARN, so
 * resources of a namespace annotated with one account are managed in another.
 */
export const carmAccountMismatch: LintRule = {
  id: 'carm-account-mismatch',
  severity: 'warning',
  summary: 'A 12-digit account key in `ack-role-account-map` whose role ARN is in another account.',
  description:
    'After a successful CARM lookup the controller uses the account of the role ARN, not the annotation. A key ' +
    '`111122223333` mapped to `arn:aws:iam::444455556666:role/x` silently manages the namespace\'s resources in ' +
    '444455556666, and resources already recorded in 111122223333 hit the account-drift error. Non-numeric keys ' +
    '(aliases such as `team-a`) are not checked.',
  remediation: 'Map each account key to a role in that account, or use a non-numeric key if the indirection is intended.',
  check(ctx) {
    const hits: RuleHit[] = []
    for (const {configMap, kind} of carmMapsInUse(ctx)) {
      if (kind !== 'account') continue
      for (const key of Object.keys(configMap.data).sort(compareStrings)) {
        const m = ACCOUNT_KEY.exec(key)
        const parsed = parseArn(configMap.data[key])
        if (!m || !parsed.ok || parsed.arn.accountID === m[1]) continue
        hits.push(configMapHit(configMap,
          `ConfigMap ${configMap.namespace}/${configMap.name} key ${goQuote(key)} maps account ${m[1]} to ${configMap.data[key]}, ` +
          `a role in account ${goQuote(parsed.arn.accountID)}: its resources are managed in that account`))
      }
    }
    return hits
  },
}
