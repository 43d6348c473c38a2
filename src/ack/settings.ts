/** Controller settings given on ackctl's command line; they override every controller's own. */
export interface SettingsOverrides {
  enableCARM?: string
  featureGates?: string
  watchNamespace?: string
  region?: string
  endpointURL?: string
  ackSystemNamespace?: string
  accountID?: string
}
