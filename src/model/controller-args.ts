import {goParseBool} from './go.js'
import type {ControllerSettings} from './types.js'

/** Boolean flags of the ACK runtime: pflag only takes their value as `--flag=value`. */
const BOOL_FLAGS = new Set([
  'enable-carm',
  'allow-unsafe-aws-endpoint-urls',
  'aws-endpoint-use-path-style',
  'enable-development-logging',
  'enable-leader-election',
  'enable-cross-namespace',
  'enable-webhook-server',
])

/** The runtime flags that decide role resolution, mapped to ControllerSettings fields. */
const SETTING_FLAGS: Record<string, keyof ControllerSettings> = {
  'aws-region': 'region',
  'aws-endpoint-url': 'endpointURL',
  'allow-unsafe-aws-endpoint-urls': 'allowUnsafeEndpointURLs',
  'enable-carm': 'enableCARM',
  'watch-namespace': 'watchNamespace',
  'feature-gates': 'featureGates',
}

/**
 * Kubernetes `$(VAR)` expansion of container args: defined variables are replaced, `$$` escapes,
 * undefined references stay as written.
 */
export function expandVars(value: string, env: Record<string, string>): string {
  return value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (whole, name: string | undefined) => {
    if (whole === '$$') return '$'
    return name !== undefined && Object.hasOwn(env, name) ? env[name] : whole
  })
}

/**
 * pflag-style parsing of the flags that matter: `--name=value` or `--name value`; boolean flags
 * take a value only after `=` (a bare `--enable-carm false` means true, `false` is an argument).
 * A repeated flag: the last one wins. Parsing stops at `--`.
 */
export function parseControllerArgs(args: string[]): Partial<Record<keyof ControllerSettings, string>> {
  const out: Partial<Record<keyof ControllerSettings, string>> = {}
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]
    if (arg === '--') break
    if (!arg.startsWith('--')) continue
    const eq = arg.indexOf('=')
    const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq)
    let value: string
    if (eq >= 0) value = arg.slice(eq + 1)
    else if (BOOL_FLAGS.has(name)) value = 'true'
    else if (i + 1 < args.length) value = args[++i]
    else continue
    const field = SETTING_FLAGS[name]
    if (field) out[field] = value
  }
  return out
}

/**
 * Settings a controller container runs with, from its (expanded) args and env.
 * `--aws-region` falls back to env AWS_REGION; ACK_SYSTEM_NAMESPACE to K8S_NAMESPACE, then `ack-system`.
 */
export function settingsFromContainer(
  base: ControllerSettings,
  args: string[],
  env: Record<string, string>,
  where: string,
): ControllerSettings {
  const settings: ControllerSettings = {...base, origin: {...base.origin}}
  const set = (field: keyof ControllerSettings, value: string, origin: string) => {
    if (field === 'allowUnsafeEndpointURLs') settings.allowUnsafeEndpointURLs = goParseBool(value) ?? false
    else (settings as unknown as Record<string, string>)[field] = value
    settings.origin[field] = origin
  }
  if (env.AWS_REGION !== undefined) set('region', env.AWS_REGION, `${where} env AWS_REGION`)
  if (env.ACK_SYSTEM_NAMESPACE !== undefined) set('ackSystemNamespace', env.ACK_SYSTEM_NAMESPACE, `${where} env ACK_SYSTEM_NAMESPACE`)
  else if (env.K8S_NAMESPACE !== undefined) set('ackSystemNamespace', env.K8S_NAMESPACE, `${where} env K8S_NAMESPACE`)
  const parsed = parseControllerArgs(args.map((a) => expandVars(a, env)))
  for (const [field, value] of Object.entries(parsed)) {
    set(field as keyof ControllerSettings, value as string, `${where} arg --${flagName(field)}`)
  }
  return settings
}

function flagName(field: string): string {
  return Object.entries(SETTING_FLAGS).find(([, f]) => f === field)?.[0] ?? field
}
