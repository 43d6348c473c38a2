import {compareStrings} from '../../core/values.js'
import {configMapHit} from './refs.js'
import type {LintRule, RuleHit} from '../types.js'

/**
 * With `ACK_SYSTEM_NAMESPACE` set but empty the CARM informer watches every namespace and matches
 * the map by name only, so two maps of the same name race: the last one delivered wins.
 * Ref: runtime pkg/runtime/cache/account.go (informer filtered by metadata.name), spec §1.
 */
export const carmMapAmbiguous: LintRule = {
  id: 'carm-map-ambiguous',
  severity: 'warning',
  summary: 'Several CARM ConfigMaps of the same name that one controller could read (ACK_SYSTEM_NAMESPACE empty).',
  description:
    'When `ACK_SYSTEM_NAMESPACE` is set but empty, the controller\'s ConfigMap informer watches all namespaces and ' +
    'keeps whichever `ack-role-account-map` (or `ack-role-team-map`) it receives last: which roles apply then depends ' +
    'on event order, and can change at every restart. ackctl assumes the map of the last namespace in name order.',
  remediation: 'Keep one map of each name in the cluster, or set `ACK_SYSTEM_NAMESPACE` to the namespace that holds them.',
  check(ctx) {
    const hits: RuleHit[] = []
    for (const [alias, c] of [...ctx.resolver.contexts].sort((a, b) => compareStrings(a[0], b[0]))) {
      for (const map of [c.accountMap, c.teamMap]) {
        if (!map.configMap || !map.shadowed || map.shadowed.length === 0) continue
        const ns = c.config.settings.ackSystemNamespace
        hits.push(configMapHit(map.configMap,
          `the ${alias} controller could read ${map.name} from ${[map.configMap, ...map.shadowed].map((m) => m.namespace).join(', ')} ` +
          `(ACK_SYSTEM_NAMESPACE is ${ns === '' ? 'empty: any namespace' : ns}); it keeps whichever its informer delivers last, ` +
          `ackctl assumes ${map.configMap.namespace}: keep one`))
      }
    }
    return hits
  },
}
