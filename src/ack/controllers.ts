import {parseArn} from './arn.js'
import {capabilitySettings, declaredCapability} from './capability.js'
import {defaultSettings} from './controller.js'
import {compareStrings} from '../core/values.js'
import {serviceAliasOf} from './resolver.js'
import type {SettingsOverrides} from './settings.js'
import type {ControllerObject, ControllerSettings, Finding, Snapshot} from '../core/types.js'

const OVERRIDABLE: Array<[keyof SettingsOverrides, keyof ControllerSettings, string]> = [
  ['enableCARM', 'enableCARM', '--enable-carm'],
  ['featureGates', 'featureGates', '--feature-gates'],
  ['watchNamespace', 'watchNamespace', '--watch-namespace'],
  ['region', 'region', '--aws-region'],
  ['endpointURL', 'endpointURL', '--aws-endpoint-url'],
  ['ackSystemNamespace', 'ackSystemNamespace', '--ack-system-namespace'],
  ['accountID', 'accountID', '--account-id'],
]

/**
 * One settings record per ACK service in the input (from its controller Deployment, or the
 * controller's defaults), with ackctl's command-line overrides applied to every controller.
 * The controller's own account comes from --account-id, else from its IRSA role ARN.
 */
export function effectiveControllers(
  snapshot: Pick<Snapshot, 'controllers' | 'kinds' | 'resources'>,
  overrides: SettingsOverrides = {},
): {controllers: ControllerSettings[]; findings: Finding[]} {
  const findings: Finding[] = []
  const byAlias = new Map<string, ControllerObject[]>()
  for (const c of snapshot.controllers) byAlias.set(c.serviceAlias, [...(byAlias.get(c.serviceAlias) ?? []), c])
  const aliases = new Set<string>(byAlias.keys())
  for (const k of snapshot.kinds) aliases.add(serviceAliasOf(k.group))
  for (const r of snapshot.resources) aliases.add(serviceAliasOf(r.group))

  const capability = declaredCapability(overrides)
  // Said when nothing says how ACK runs: no Deployment, no capability, no controller switches on ackctl's command line.
  const switches = overrides.enableCARM !== undefined || overrides.featureGates !== undefined
  if (!capability && !switches && snapshot.controllers.length === 0 && aliases.size > 0) {
    findings.push({
      rule: 'eks-capability-undeclared', severity: 'info',
      message: `ACK kinds or resources (${[...aliases].sort(compareStrings).join(', ')}) but no ACK controller Deployment in the input: ackctl assumed self-managed controllers with their defaults (CARM on, IAMRoleSelector off) plus its flags. ` +
        'If the cluster runs the EKS Capability for ACK, pass --eks-capability-role-arn ARN (aws eks describe-capability --cluster-name <cluster> --capability-name <name> --query capability.roleArn)',
    })
  }

  const controllers = [...aliases].sort(compareStrings).map((alias) => {
    const deployments = (byAlias.get(alias) ?? []).sort((a, b) => compareStrings(`${a.namespace}/${a.name}`, `${b.namespace}/${b.name}`))
    if (capability) return capabilityController(alias, capability, deployments, overrides, findings)
    const chosen = deployments[0]
    if (deployments.length > 1) {
      findings.push({
        rule: 'controller-ambiguous', severity: 'warning',
        message: `${deployments.length} ${alias} controller Deployments found (${deployments.map((d) => `${d.namespace}/${d.name}`).join(', ')}); ackctl resolves with the settings of ${chosen.namespace}/${chosen.name}`,
        object: {apiVersion: 'apps/v1', kind: 'Deployment', namespace: chosen.namespace, name: chosen.name},
      })
    }
    const settings: ControllerSettings = chosen ? {...chosen.settings, origin: {...chosen.settings.origin}} : defaultSettings(alias)
    if (settings.accountID === '' && chosen?.roleARN) {
      const arn = parseArn(chosen.roleARN)
      if (arn.ok && arn.arn.accountID !== '') {
        settings.accountID = arn.arn.accountID
        settings.origin.accountID = `ServiceAccount ${chosen.namespace}/${chosen.serviceAccountName} eks.amazonaws.com/role-arn`
      }
    }
    applyOverrides(settings, overrides)
    if (!chosen && settings.region === '') {
      // Without a Deployment the region is not known; do not predict a start-up failure for it.
      settings.origin.region = 'unknown'
    }
    if (!chosen) {
      findings.push({
        rule: 'controller-not-found', severity: 'info',
        message: `no ${alias} controller Deployment in the input: resolving ${alias}.services.k8s.aws resources with the controller's defaults and ackctl's flags`,
      })
    }
    return settings
  })
  return {controllers, findings}
}

/** A service managed by the EKS Capability: its documented settings, then ackctl's controller flags. */
function capabilityController(
  alias: string, capability: NonNullable<ControllerSettings['capability']>, deployments: ControllerObject[],
  overrides: SettingsOverrides, findings: Finding[],
): ControllerSettings {
  const settings = capabilitySettings(alias, capability)
  for (const d of deployments) {
    findings.push({
      rule: 'capability-with-controller', severity: 'warning',
      message: `Deployment ${d.namespace}/${d.name} runs a self-managed ${alias} controller, but --eks-capability-role-arn says the EKS Capability manages ACK: both would reconcile the same ${alias}.services.k8s.aws resources with different credentials; ackctl resolves as the capability. Remove the Deployment (helm uninstall) when the capability takes over`,
      object: {apiVersion: 'apps/v1', kind: 'Deployment', namespace: d.namespace, name: d.name},
    })
  }
  applyOverrides(settings, overrides)
  return settings
}

/** ackctl's controller flags win over what the Deployment (or the capability's model) says. */
function applyOverrides(settings: ControllerSettings, overrides: SettingsOverrides): void {
  for (const [from, to, flag] of OVERRIDABLE) {
    const value = overrides[from]
    if (value === undefined) continue
    ;(settings as unknown as Record<string, string>)[to] = value
    settings.origin[to] = `ackctl ${flag}`
  }
}
