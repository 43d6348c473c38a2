import {hitFromFinding} from './pass-through.js'
import type {LintRule} from '../types.js'

/** ACK resources without metadata.namespace, as the loader reports them (resolved in "default"). */
export const namespaceAssumed: LintRule = {
  id: 'namespace-assumed',
  severity: 'info',
  summary: 'ACK resources without `metadata.namespace`: ackctl resolves them in `default`.',
  description:
    'Role routing depends on the namespace (CARM annotations, IAMRoleSelector namespace names and labels). A ' +
    'manifest without `metadata.namespace` goes wherever it is applied: `kubectl apply -n NS`, `helm install -n NS`, ' +
    'else the kubeconfig context\'s namespace, else `default`. ackctl reads files only, so it resolves such resources ' +
    'in `default`; when they will run elsewhere, the prediction is for the wrong namespace. A live cluster\'s objects ' +
    'always have their namespace. One finding names the first such resource and counts the others.',
  remediation:
    'Give the resources their namespace in the files ackctl reads: `helm template -n NS` (for charts that write ' +
    '`.Release.Namespace`), kustomize\'s `namespace:`, or `metadata.namespace` in the manifest.',
  check(ctx) {
    return ctx.snapshot.findings.filter((f) => f.rule === 'namespace-assumed').map(hitFromFinding)
  },
}
