import {parseArn} from './arn.js'
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

  const controllers = [...aliases].sort(compareStrings).map((alias) => {
    const deployments = (byAlias.get(alias) ?? []).sort((a, b) => compareStrings(`${a.namespace}/${a.name}`, `${b.namespace}/${b.name}`))
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
    for (const [from, to, flag] of OVERRIDABLE) {
      const value = overrides[from]
      if (value === undefined) continue
      ;(settings as unknown as Record<string, string>)[to] = value
      settings.origin[to] = `ackctl ${flag}`
    }
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
    if (settings.accountID === '') {
      findings.push({
        rule: 'controller-account-unknown', severity: 'info',
        message: `the ${alias} controller's own AWS account is unknown (no --account-id, no eks.amazonaws.com/role-arn on its ServiceAccount): recorded owner accounts are assumed to be its own`,
      })
    }
    return settings
  })
  return {controllers, findings}
}
