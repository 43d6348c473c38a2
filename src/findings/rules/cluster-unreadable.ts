import {hitFromFinding} from './pass-through.js'
import type {LintRule} from '../types.js'

/** A collection the live reader could not list, or a snapshot file that says its read was incomplete. */
export const clusterUnreadable: LintRule = {
  id: 'cluster-unreadable',
  severity: 'error',
  summary: 'Something ackctl needs could not be read from the cluster (RBAC, a missing API), so the result is incomplete.',
  description:
    'Each collection ackctl lists (Namespaces, CRDs, IAMRoleSelectors, controller Deployments and ServiceAccounts, the ' +
    'CARM ConfigMaps, every ACK kind) decides roles. When one cannot be read, the prediction may be wrong for every ' +
    'resource it touches; the run still reports what it could read, and exits 3. A file written by `ackctl snapshot` ' +
    'of such a read carries the same finding.',
  remediation: 'Grant the `list` permission the message names (see the README\'s read-only ClusterRole), or check the context with `kubectl auth can-i list <resource> -A`.',
  check(ctx) {
    return ctx.snapshot.findings.filter((f) => f.rule === 'cluster-unreadable').map(hitFromFinding)
  },
}
