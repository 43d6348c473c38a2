import {parseFeatureGates} from '../ack/controller.js'
import {goTrimSpace} from '../core/go.js'
import {capabilitySettings} from '../ack/capability.js'
import type {ControllerSettings, EksCapability} from '../core/types.js'

/**
 * `--feature-gates` with `IAMRoleSelector=true` merged in: other gates keep their text and order
 * (TeamLevelCARM and ServiceLevelCARM may stay: with CARM off they are inert), an existing
 * IAMRoleSelector item is replaced. A string that does not parse keeps its broken items, so the
 * controller's start-up error stays visible in the proof.
 */
export function mergeGates(raw: string): string {
  const trimmed = goTrimSpace(raw)
  if (trimmed === '') return 'IAMRoleSelector=true'
  const items = trimmed.split(',').map(goTrimSpace).filter((item) => {
    const eq = item.indexOf('=')
    return eq < 0 || goTrimSpace(item.slice(0, eq)) !== 'IAMRoleSelector'
  })
  return [...items, 'IAMRoleSelector=true'].join(',')
}

/** The settings a controller runs with after the cut-over: `--enable-carm=false`, gate IAMRoleSelector on. */
export function targetSettings(settings: ControllerSettings): ControllerSettings {
  return {
    ...settings,
    enableCARM: 'false',
    featureGates: mergeGates(settings.featureGates),
    origin: {...settings.origin, enableCARM: 'migrate-carm target', featureGates: 'migrate-carm target'},
  }
}

/** The gate map for Helm's `featureGates` values after the cut-over (parsed gates plus IAMRoleSelector). */
export function targetGateValues(settings: ControllerSettings): Record<string, boolean> {
  const parsed = parseFeatureGates(mergeGates(settings.featureGates))
  const out: Record<string, boolean> = {}
  if (parsed.ok) for (const [name, value] of [...parsed.gates].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) out[name] = value
  else out.IAMRoleSelector = true
  return out
}

/**
 * The settings a service runs with after a cut-over to the EKS Capability: the capability's model
 * (capabilitySettings). Its region is the capability ARN's, else the self-managed controller's (a
 * capability runs in its cluster's region, usually the controllers' own).
 */
export function capabilityTargetSettings(settings: ControllerSettings, capability: EksCapability): ControllerSettings {
  const target = capabilitySettings(settings.serviceAlias, capability)
  if (target.region === '') {
    target.region = settings.region
    target.origin.region = settings.origin.region ?? 'the self-managed controller\'s region'
  }
  for (const k of ['enableCARM', 'featureGates', 'accountID', 'watchNamespace'] as const) target.origin[k] = 'migrate-carm target (EKS Capability)'
  return target
}
