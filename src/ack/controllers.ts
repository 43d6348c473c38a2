import {parseArn} from './arn.js'
import {capabilitySettings, declaredCapability} from './capability.js'
import {defaultSettings} from './controller.js'
import {flagName} from './controller-args.js'
import {compareStrings} from '../core/values.js'
import {serviceAliasOf} from './resolver.js'
import type {SettingsOverrides} from './settings.js'
import type {ChartInstall, ControllerObject, ControllerSettings, Finding, Snapshot, UnknownSetting} from '../core/types.js'

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
  snapshot: Pick<Snapshot, 'controllers' | 'kinds' | 'resources' | 'chartInstalls'>,
  overrides: SettingsOverrides = {},
): {controllers: ControllerSettings[]; findings: Finding[]} {
  const findings: Finding[] = []
  const byAlias = new Map<string, ControllerObject[]>()
  for (const c of snapshot.controllers) byAlias.set(c.serviceAlias, [...(byAlias.get(c.serviceAlias) ?? []), c])
  const aliases = new Set<string>(byAlias.keys())
  for (const k of snapshot.kinds) aliases.add(serviceAliasOf(k.group))
  for (const r of snapshot.resources) aliases.add(serviceAliasOf(r.group))
  // A release ackctl renders installs its service's controller, as a Deployment does.
  for (const i of snapshot.chartInstalls ?? []) if (i.settings) aliases.add(i.serviceAlias)

  const capability = declaredCapability(overrides)
  // Said when nothing says how ACK runs: no Deployment, no capability, no controller switches on ackctl's command line.
  const switches = overrides.enableCARM !== undefined || overrides.featureGates !== undefined
  // A chart install in the input (a Flux HelmRelease, an Argo CD Application) says the controllers are self-managed.
  const installs = snapshot.chartInstalls ?? []
  if (!capability && !switches && snapshot.controllers.length === 0 && aliases.size > 0 && installs.length === 0) {
    findings.push({
      rule: 'eks-capability-undeclared', severity: 'info',
      message: `ACK kinds or resources (${[...aliases].sort(compareStrings).join(', ')}) but no ACK controller Deployment in the input: ackctl assumed self-managed controllers with their defaults (CARM on, IAMRoleSelector off) plus its flags. ` +
        'If the cluster runs the EKS Capability for ACK, pass --eks-capability-role-arn ARN (aws eks describe-capability --cluster-name <cluster> --capability-name <name> --query capability.roleArn)',
    })
  }

  const controllers = [...aliases].sort(compareStrings).map((alias) => {
    const deployments = (byAlias.get(alias) ?? []).sort((a, b) => compareStrings(`${a.namespace}/${a.name}`, `${b.namespace}/${b.name}`))
    if (capability) return capabilityController(alias, capability, deployments, deployments.length > 0 ? undefined : renderedInstall(installs, alias), overrides, findings)
    const chosen = deployments[0]
    if (deployments.length > 1) {
      findings.push({
        rule: 'controller-ambiguous', severity: 'warning',
        message: `${deployments.length} ${alias} controller Deployments found (${deployments.map((d) => `${d.namespace}/${d.name}`).join(', ')}); ackctl resolves with the settings of ${chosen.namespace}/${chosen.name}`,
        object: {apiVersion: 'apps/v1', kind: 'Deployment', namespace: chosen.namespace, name: chosen.name},
      })
    }
    // Without a Deployment, a chart install whose values the input holds says how the chart runs it.
    const rendered = chosen ? undefined : renderedInstall(installs, alias)
    const from = chosen?.settings ?? rendered?.settings
    const settings: ControllerSettings = from
      ? {...from, origin: {...from.origin}, ...(from.unknown ? {unknown: {...from.unknown}} : {})}
      : defaultSettings(alias)
    const irsa = chosen?.roleARN
      ? {roleARN: chosen.roleARN, from: `ServiceAccount ${chosen.namespace}/${chosen.serviceAccountName}`}
      : rendered?.roleARN ? {roleARN: rendered.roleARN, from: `ServiceAccount ${rendered.serviceAccount} (${rendered.describe})`} : undefined
    if (settings.accountID === '' && irsa) {
      const arn = parseArn(irsa.roleARN)
      if (arn.ok && arn.arn.accountID !== '') {
        settings.accountID = arn.arn.accountID
        settings.origin.accountID = `${irsa.from} eks.amazonaws.com/role-arn`
      }
    }
    applyOverrides(settings, overrides)
    if (chosen && settings.unknown) findings.push(settingsUnknown(alias, chosen, settings.unknown))
    if (!chosen && !rendered && settings.region === '') {
      // Without a Deployment the region is not known; do not predict a start-up failure for it.
      settings.origin.region = 'unknown'
    }
    for (const ignored of rendered?.ignoredValues ?? []) {
      findings.push({rule: 'chart-value-ignored', severity: 'warning', message: `${rendered!.describe} (chart ${rendered!.chart}): ${ignored}`, object: rendered!.object, ...locationOf(rendered!)})
    }
    if (!chosen) {
      const mine = installs.filter((i) => i.serviceAlias === alias).sort((a, b) => compareStrings(a.describe, b.describe))
      const others = mine.filter((i) => i !== rendered).map((i) => `${i.describe} (chart ${i.chart}${i.unrendered ? `; ackctl cannot render its values: ${i.unrendered}` : ''})`)
      findings.push({
        rule: 'controller-not-found', severity: 'info',
        message: rendered
          ? `no ${alias} controller Deployment in the input: resolving ${alias}.services.k8s.aws resources with the settings ${rendered.describe} gives the controller ` +
            `(its values as chart ${rendered.chart} renders them: ${renderedSummary(rendered.settings!)}) and ackctl's flags` +
            (others.length > 0 ? `; also in the input: ${others.join(' and ')}` : '')
          : mine.length === 0
            ? `no ${alias} controller Deployment in the input: resolving ${alias}.services.k8s.aws resources with the controller's defaults and ackctl's flags`
            : `no ${alias} controller Deployment in the input, only ${others.join(' and ')}: resolving ${alias}.services.k8s.aws resources with the controller's defaults and ackctl's flags, not the release's values; lint the rendered chart (helm template with those values) or pass its settings (--enable-carm, --feature-gates, --watch-namespace, --aws-region)`,
        ...(rendered ? {object: rendered.object, ...locationOf(rendered)} : {}),
      })
    }
    return settings
  })
  return {controllers, findings}
}

/**
 * The chart install that says how a service's controller runs when the input has no Deployment for
 * it: the first (by kind, namespace and name) whose values ackctl could render.
 */
export function renderedInstall(installs: readonly ChartInstall[], alias: string): ChartInstall | undefined {
  return installs.filter((i) => i.serviceAlias === alias && i.settings).sort((a, b) => compareStrings(a.describe, b.describe))[0]
}

/** A finding's position: where the release is written. */
const locationOf = ({location}: ChartInstall): Pick<Finding, 'file' | 'line' | 'column'> =>
  location ? {file: location.file, ...(location.line !== undefined ? {line: location.line} : {}), ...(location.column !== undefined ? {column: location.column} : {})} : {}

/** `--enable-carm=false --feature-gates IAMRoleSelector=true,... --aws-region us-west-2`: what decides roles. */
function renderedSummary(s: ControllerSettings): string {
  return [
    `--enable-carm=${s.enableCARM}`,
    `--feature-gates ${JSON.stringify(s.featureGates)}`,
    `--watch-namespace ${JSON.stringify(s.watchNamespace)}`,
    `--aws-region ${JSON.stringify(s.region)}`,
    `ACK_SYSTEM_NAMESPACE ${JSON.stringify(s.ackSystemNamespace)}`,
  ].join(', ')
}

/** A service managed by the EKS Capability: its documented settings, then ackctl's controller flags. */
function capabilityController(
  alias: string, capability: NonNullable<ControllerSettings['capability']>, deployments: ControllerObject[], install: ChartInstall | undefined,
  overrides: SettingsOverrides, findings: Finding[],
): ControllerSettings {
  const settings = capabilitySettings(alias, capability)
  if (install) {
    findings.push({
      rule: 'capability-with-controller', severity: 'warning',
      message: `${install.describe} installs a self-managed ${alias} controller (chart ${install.chart}), but --eks-capability-role-arn says the EKS Capability manages ACK: both would reconcile the same ${alias}.services.k8s.aws resources with different credentials; ackctl resolves as the capability. Remove the release when the capability takes over`,
      object: install.object, ...locationOf(install),
    })
  }
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

/** ackctl's controller flags win over what the Deployment (or the capability's model) says, and settle what it left unknown. */
function applyOverrides(settings: ControllerSettings, overrides: SettingsOverrides): void {
  for (const [from, to, flag] of OVERRIDABLE) {
    const value = overrides[from]
    if (value === undefined) continue
    ;(settings as unknown as Record<string, string>)[to] = value
    settings.origin[to] = `ackctl ${flag}`
    if (settings.unknown) delete settings.unknown[to]
  }
  if (settings.unknown && Object.keys(settings.unknown).length === 0) delete settings.unknown
}

/** How a Deployment sets a field (`--enable-carm`; ACK_SYSTEM_NAMESPACE is env only), and ackctl's flag that settles it, if any. */
const controllerFlag = (field: string) => (field === 'ackSystemNamespace' ? 'ACK_SYSTEM_NAMESPACE' : `--${flagName(field)}`)
const ackctlFlag = (field: string) => OVERRIDABLE.find(([, to]) => to === field)?.[2]

/**
 * Settings that the controller's Deployment sets at run time from what the input does not hold
 * (OLM installs take them from an `envFrom` ConfigMap): ackctl resolved with the defaults.
 */
function settingsUnknown(alias: string, d: ControllerObject, unknown: Record<string, UnknownSetting>): Finding {
  const defaults = defaultSettings(alias) as unknown as Record<string, unknown>
  const bySource = new Map<string, string[]>()
  for (const f of Object.keys(unknown).sort(compareStrings)) bySource.set(unknown[f].source, [...(bySource.get(unknown[f].source) ?? []), f])
  const name = (f: string) => (f === 'args' ? 'an argument' : controllerFlag(f))
  const parts = [...bySource].map(([source, fields]) => `${fields.map(name).join(', ')} from ${fields.map((f) => unknown[f].via).join(', ')}: ${source}`)
  const fields = Object.keys(unknown).sort(compareStrings)
  const defaulted = fields.filter((f) => f !== 'args' && f !== 'region').map((f) => `${name(f)}=${JSON.stringify(String(defaults[f] ?? ''))}`)
  const assumed = [
    ...defaulted.length > 0 ? [`the defaults ${defaulted.join(', ')}`] : [],
    ...unknown.region ? ['an unknown region (no start-up failure is predicted for it)'] : [],
    ...unknown.args ? ['that argument left out'] : [],
  ]
  const flags = [...new Set(fields.flatMap((f) => ackctlFlag(f) ?? []))]
  // ackctl reads ConfigMaps, never Secrets: for a Secret, only its flags help.
  const configMaps = [...bySource.keys()].some((source) => source.startsWith('ConfigMap'))
  return {
    rule: 'controller-settings-unknown', severity: 'warning',
    message: `the ${alias} controller (Deployment ${d.namespace}/${d.name}) takes ${parts.join('; ')} (set at run time). ` +
      `ackctl resolved with ${assumed.join(' and ')}: ${[...configMaps ? ['add the ConfigMap to the input'] : [], ...flags.length > 0 ? [`pass ${flags.join(', ')}`] : []].join(', or ') || 'check the Deployment'}`,
    object: {apiVersion: 'apps/v1', kind: 'Deployment', namespace: d.namespace, name: d.name},
  }
}
