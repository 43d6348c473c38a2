import {compareStrings} from '../../core/values.js'
import {configMapHit} from './refs.js'
import type {LintRule} from '../types.js'

/**
 * An `ack-role-account-map` / `ack-role-team-map` outside every controller's ACK system namespace
 * (ACK_SYSTEM_NAMESPACE, then K8S_NAMESPACE, then `ack-system`): the CARM informers watch only that
 * namespace, so the map is never read. A controller with ACK_SYSTEM_NAMESPACE set but empty reads
 * the name in any namespace.
 */
export const carmMapWrongNamespace: LintRule = {
  id: 'carm-map-wrong-namespace',
  severity: 'error',
  summary: 'An `ack-role-account-map` or `ack-role-team-map` outside the ACK system namespace: no controller reads it.',
  description:
    'Each CARM map is read by an informer on the ACK system namespace only: `ACK_SYSTEM_NAMESPACE`, else ' +
    '`K8S_NAMESPACE`, else `ack-system`; Helm sets it to the release namespace. A map anywhere else is ignored, and ' +
    'every annotated namespace requeues with `CARM configmap not found`.',
  remediation: 'Move the ConfigMap to the ACK system namespace of the controllers (the namespace the controller Deployment runs in with the Helm chart).',
  check(ctx) {
    const systemNamespaces = new Set(ctx.controllers.map((c) => c.settings.ackSystemNamespace))
    if (systemNamespaces.has('')) return []
    const expected = [...systemNamespaces].sort(compareStrings)
    return ctx.snapshot.configMaps
      .filter((cm) => !systemNamespaces.has(cm.namespace))
      .map((cm) => configMapHit(cm,
        `ConfigMap ${cm.namespace}/${cm.name} is outside the ACK system namespace (${expected.join(', ')}): no controller reads it` +
        // The loader reads a manifest without metadata.namespace as `default`, as kubectl does without -n.
        (cm.namespace === 'default' ? ' (a manifest without metadata.namespace lands in default unless applied with -n; set it explicitly)' : '')))
  },
}
