/** Controller settings given on ackctl's command line; they override every controller's own. */
export interface SettingsOverrides {
  enableCARM?: string
  featureGates?: string
  watchNamespace?: string
  region?: string
  endpointURL?: string
  ackSystemNamespace?: string
  accountID?: string
  /** `--eks-capability-role-arn`: ACK runs as the EKS Capability with this role (checked by `capabilityFromOverrides`). */
  eksCapabilityRoleARN?: string
  /** `--eks-capability-arn`: the capability's own ARN (its session tag `eks:eks-capability-arn`). */
  eksCapabilityARN?: string
}
