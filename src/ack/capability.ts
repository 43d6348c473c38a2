import {parseArn} from './arn.js'
import {parseRoleArn} from '../iam/arn.js'
import {DEFAULT_ACK_SYSTEM_NAMESPACE} from './controller.js'
import type {SettingsOverrides} from './settings.js'
import type {ControllerSettings, EksCapability} from '../core/types.js'

/** The service principal that assumes a capability role. Ref: EKS User Guide, "Amazon EKS capability IAM role". */
export const CAPABILITY_SERVICE_PRINCIPAL = 'capabilities.eks.amazonaws.com'

/** The session tags the capability sets on every AWS call. Ref: EKS User Guide, "Configure ACK permissions", Session tags. */
export const TAG_CAPABILITY_ARN = 'eks:eks-capability-arn'
export const TAG_NAMESPACE = 'eks:kubernetes-namespace'
export const TAG_API_GROUP = 'eks:kubernetes-api-group'

const ORIGIN = 'EKS Capability (--eks-capability-role-arn)'

/**
 * The settings ackctl assumes for a service managed by the EKS Capability: the documented model
 * ("the Capability Role is used by default; IAM Role Selectors override it"), i.e. CARM off and the
 * IAMRoleSelector gate on, every namespace watched, the role's account as the controller's own (the
 * capability role must be in the cluster's account). The region is the cluster's: known only from
 * the capability ARN. ackctl's controller flags still override these (applied by the caller).
 * Ref: EKS User Guide `ack-permissions`, `capability-role`; spec §4.4 (the build is not public).
 */
export function capabilitySettings(serviceAlias: string, capability: EksCapability): ControllerSettings {
  const role = parseArn(capability.roleARN)
  const cap = capability.capabilityARN ? parseArn(capability.capabilityARN) : undefined
  const region = cap?.ok ? cap.arn.region : ''
  return {
    serviceAlias,
    accountID: role.ok ? role.arn.accountID : '',
    region,
    endpointURL: '',
    allowUnsafeEndpointURLs: false,
    enableCARM: 'false',
    watchNamespace: '',
    featureGates: 'IAMRoleSelector=true',
    ackSystemNamespace: DEFAULT_ACK_SYSTEM_NAMESPACE,
    origin: {
      accountID: `${ORIGIN}: the capability role's account`,
      region: region === '' ? 'unknown' : `${ORIGIN}: the capability ARN's region`,
      enableCARM: ORIGIN, featureGates: ORIGIN, watchNamespace: ORIGIN,
    },
    capability: {...capability},
  }
}

/**
 * The capability the flags declare, as given (checked once, at the command line, by
 * `capabilityFromOverrides`): every later reader takes it from here.
 */
export function declaredCapability(overrides: SettingsOverrides): EksCapability | undefined {
  if (overrides.eksCapabilityRoleARN === undefined) return undefined
  return {roleARN: overrides.eksCapabilityRoleARN, ...(overrides.eksCapabilityARN !== undefined ? {capabilityARN: overrides.eksCapabilityARN} : {})}
}

type CapabilityCheck = {ok: true; capability?: EksCapability} | {ok: false; error: string}

/**
 * Checks `--eks-capability-role-arn` and `--eks-capability-arn` before anything is resolved: the role
 * must be an IAM role ARN, the capability ARN an EKS capability ARN in the same account, and the
 * cluster (when its account is known, e.g. from an EKS kubeconfig context) in that account too.
 */
export function capabilityFromOverrides(overrides: SettingsOverrides, cluster?: {accountID: string; from: string}): CapabilityCheck {
  const roleARN = overrides.eksCapabilityRoleARN
  if (roleARN === undefined) {
    if (overrides.eksCapabilityARN !== undefined) return {ok: false, error: '--eks-capability-arn needs --eks-capability-role-arn (the capability\'s IAM role, from `aws eks describe-capability`)'}
    return {ok: true}
  }
  // The same role ARN check as verify-trust's; the message names the usual mix-ups.
  const role = parseRoleArn(roleARN)
  if (!role.ok) {
    const arn = parseArn(roleARN)
    const what = !arn.ok ? 'is not an ARN' : arn.arn.service === 'sts' ? 'is an STS session ARN, not a role ARN' : arn.arn.service === 'eks' ? 'is an EKS ARN (the capability itself?), not its IAM role' : 'is not an IAM role ARN'
    return {ok: false, error: `--eks-capability-role-arn ${JSON.stringify(roleARN)} ${what}: give the capability's role, arn:aws:iam::<account>:role/<name> (aws eks describe-capability --cluster-name <cluster> --capability-name <name> --query capability.roleArn)`}
  }
  const capability: EksCapability = {roleARN}
  const account = role.role.accountId
  if (overrides.eksCapabilityARN !== undefined) {
    const cap = parseArn(overrides.eksCapabilityARN)
    if (!cap.ok || cap.arn.service !== 'eks' || !cap.arn.resource.startsWith('capability/') || cap.arn.region === '') {
      return {ok: false, error: `--eks-capability-arn ${JSON.stringify(overrides.eksCapabilityARN)} is not an EKS capability ARN (arn:aws:eks:<region>:<account>:capability/<cluster>/ack/<name>)`}
    }
    if (cap.arn.accountID !== account) {
      return {ok: false, error: `the capability role ${roleARN} is in account ${account}, but the capability ${overrides.eksCapabilityARN} is in account ${cap.arn.accountID}: a capability role must be in the cluster's account (EKS User Guide, "Amazon EKS capability IAM role")`}
    }
    capability.capabilityARN = overrides.eksCapabilityARN
  }
  if (cluster && cluster.accountID !== account) {
    return {ok: false, error: `the capability role ${roleARN} is in account ${account}, but the cluster (${cluster.from}) is in account ${cluster.accountID}: a capability role must be in the cluster's account; pass the role of this cluster's capability`}
  }
  if (overrides.accountID !== undefined && overrides.accountID !== account) {
    return {ok: false, error: `--account-id ${overrides.accountID} contradicts --eks-capability-role-arn: the capability's own account is its role's, ${account}`}
  }
  return {ok: true, capability}
}
