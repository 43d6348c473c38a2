import {parseArn} from '../../ack/arn.js'
import {TEAM_MAP} from '../../ack/carm.js'
import {goQuote} from '../../core/go.js'
import {compareStrings} from '../../core/values.js'
import {carmMapsInUse} from './carm-maps.js'
import {configMapHit} from './refs.js'
import type {LintRule, RuleHit} from '../types.js'

/**
 * A CARM map value that `arn.Parse` refuses. A resource whose lookup lands on it fails every
 * reconcile with a plain error (no status): `parsing role ARN "<v>" from "ack-role-team-map"
 * configmap: arn: invalid prefix`. The account branch names the team map too (reconciler.go L314).
 */
export const carmInvalidArn: LintRule = {
  id: 'carm-invalid-arn',
  severity: 'error',
  summary: 'A CARM map value that is not an ARN (the message carries the controller\'s exact parse error).',
  description:
    'The controller only checks a map value with `arn.Parse` (prefix `arn:` and six colon-separated sections) when a ' +
    'resource looks it up. A value that fails makes every such reconcile return `parsing role ARN "<value>" from ' +
    '"ack-role-team-map" configmap: arn: invalid prefix` (or `arn: not enough sections`); no status is written. The ' +
    'account-map branch also names `ack-role-team-map`: a copy/paste bug in the controller. Empty values are reported ' +
    'by `carm-missing-entry` when a namespace uses them.',
  remediation: 'Put a full role ARN in the value: `arn:aws:iam::<account>:role/<name>`.',
  check(ctx) {
    const hits: RuleHit[] = []
    for (const {configMap} of carmMapsInUse(ctx)) {
      for (const key of Object.keys(configMap.data).sort(compareStrings)) {
        const value = configMap.data[key]
        if (value === '') continue
        const parsed = parseArn(value)
        if (parsed.ok) continue
        hits.push(configMapHit(configMap,
          `ConfigMap ${configMap.namespace}/${configMap.name} key ${goQuote(key)} is not a role ARN; resources that look it up fail with: ` +
          `parsing role ARN ${goQuote(value)} from ${goQuote(TEAM_MAP)} configmap: ${parsed.error}`))
      }
    }
    return hits
  },
}
