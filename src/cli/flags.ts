import * as Flags from '@oclif/core/flags'

import type {SettingsOverrides} from '../ack/settings.js'

/**
 * Flags shared by every command that reads configuration. kubectl's conventions for input,
 * and the controller's own flag syntax for settings, so container args can be pasted as they are.
 */
export const sourceFlags = {
  filename: Flags.string({
    char: 'f',
    summary: 'File, directory or - (stdin) with manifests or a `kubectl get -o yaml` dump. Repeatable. Without it, the live cluster is read.',
    multiple: true,
  }),
  recursive: Flags.boolean({char: 'R', summary: 'Process directories given with -f recursively (node_modules and .git are left out unless named).', default: false}),
  kubeconfig: Flags.string({summary: 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config).'}),
  context: Flags.string({summary: 'The kubeconfig context to use.'}),
  'request-timeout': Flags.string({summary: 'Timeout of each request to the cluster, e.g. 30s, 1m (0 = none).', default: '30s'}),
  'read-timeout': Flags.string({summary: 'Bound of the whole cluster read, every request and retry included (0 = none).', default: '5m'}),
  'allow-empty-input': Flags.boolean({summary: 'Exit 0 instead of 2 when the files hold no Kubernetes object (e.g. a pre-commit run over unrelated files).', default: false}),
}

/**
 * How findings become the exit code, the same in every command: suppressions (annotations, and
 * `.ackctl.yaml` or --config), their expiry day, and the severity that fails the run.
 */
export const verdictFlags = {
  'fail-on': Flags.string({summary: 'Exit 1 when an unsuppressed finding has this severity or worse.', options: ['error', 'warning', 'none'], default: 'error', helpGroup: 'VERDICT'}),
  config: Flags.string({summary: 'Config file with suppressions (default: .ackctl.yaml from the working directory upward).', helpGroup: 'VERDICT'}),
  today: Flags.string({summary: 'Judge suppression expiry as of this date (YYYY-MM-DD, UTC; default: today).', helpGroup: 'VERDICT'}),
}

/** Controller settings that override what the Deployments in the input say, for every controller. */
export const controllerFlags = {
  'enable-carm': Flags.string({summary: 'Override the controllers\' --enable-carm (true|false).', helpGroup: 'CONTROLLER SETTINGS'}),
  'feature-gates': Flags.string({summary: 'Override --feature-gates, e.g. IAMRoleSelector=true,TeamLevelCARM=true.', helpGroup: 'CONTROLLER SETTINGS'}),
  'watch-namespace': Flags.string({summary: 'Override --watch-namespace (comma-separated).', helpGroup: 'CONTROLLER SETTINGS'}),
  'aws-region': Flags.string({summary: 'Override --aws-region.', helpGroup: 'CONTROLLER SETTINGS'}),
  'aws-endpoint-url': Flags.string({summary: 'Override --aws-endpoint-url.', helpGroup: 'CONTROLLER SETTINGS'}),
  'ack-system-namespace': Flags.string({summary: 'Override ACK_SYSTEM_NAMESPACE (where the CARM ConfigMaps live).', helpGroup: 'CONTROLLER SETTINGS'}),
  'account-id': Flags.string({summary: 'The controller\'s own AWS account (what sts:GetCallerIdentity returns).', helpGroup: 'CONTROLLER SETTINGS'}),
  'eks-capability-role-arn': Flags.string({summary: 'ACK runs as the EKS Capability with this capability role: CARM off, IAMRoleSelector on, the role is the default credentials.', helpGroup: 'CONTROLLER SETTINGS'}),
  'eks-capability-arn': Flags.string({summary: 'The EKS capability\'s ARN (its eks:eks-capability-arn session tag and region); with --eks-capability-role-arn.', helpGroup: 'CONTROLLER SETTINGS'}),
}

/** What every command that analyses configuration takes: input, controller settings, verdict. */
export const analysisFlags = {...sourceFlags, ...controllerFlags, ...verdictFlags}

export function settingsOverrides(flags: Record<string, unknown>): SettingsOverrides {
  const s = (k: string) => (typeof flags[k] === 'string' ? (flags[k] as string) : undefined)
  return {
    enableCARM: s('enable-carm'),
    featureGates: s('feature-gates'),
    watchNamespace: s('watch-namespace'),
    region: s('aws-region'),
    endpointURL: s('aws-endpoint-url'),
    ackSystemNamespace: s('ack-system-namespace'),
    accountID: s('account-id'),
    eksCapabilityRoleARN: s('eks-capability-role-arn'),
    eksCapabilityARN: s('eks-capability-arn'),
  }
}
