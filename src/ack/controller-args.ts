import {goParseBool, goQuote} from '../core/go.js'
import type {ControllerSettings} from '../core/types.js'

/** Boolean flags of the ACK runtime: pflag only takes their value as `--flag=value`. Ref: runtime pkg/config/config.go BindFlags */
const BOOL_FLAGS = new Set([
  'enable-carm',
  'allow-unsafe-aws-endpoint-urls',
  'aws-endpoint-use-path-style',
  'enable-development-logging',
  'enable-leader-election',
  'enable-field-export-reconciler',
  'enable-cross-namespace',
  'enable-webhook-server',
])

/** The runtime's flags that need a value (`--flag value` or `--flag=value`). */
const VALUE_FLAGS = new Set([
  'metrics-addr', 'healthz-addr', 'webhook-server-addr', 'leader-election-namespace', 'aws-region', 'aws-endpoint-url',
  'aws-identity-endpoint-url', 'http-client-timeout', 'log-level', 'resource-tags', 'watch-namespace', 'watch-selectors',
  'deletion-policy', 'reconcile-default-resync-seconds', 'reconcile-resource-resync-seconds',
  'reconcile-default-max-concurrent-syncs', 'reconcile-resource-max-concurrent-syncs', 'feature-gates', 'reconcile-resources',
])

/** The runtime flags that decide role resolution, mapped to ControllerSettings fields. */
const SETTING_FLAGS: Record<string, keyof ControllerSettings> = {
  'aws-region': 'region',
  'aws-endpoint-url': 'endpointURL',
  'aws-identity-endpoint-url': 'identityEndpointURL',
  'allow-unsafe-aws-endpoint-urls': 'allowUnsafeEndpointURLs',
  'enable-carm': 'enableCARM',
  'watch-namespace': 'watchNamespace',
  'feature-gates': 'featureGates',
}

/**
 * Kubernetes `$(VAR)` expansion of container args and env values: defined variables are replaced,
 * `$$` escapes a `$`, undefined references (and an unterminated `$(`) stay as written. As in
 * Kubernetes' expansion package, the name is everything up to the next `)`.
 */
export function expandVars(value: string, env: Record<string, string>): string {
  return value.replace(/\$\$|\$\(([^)]*)\)/g, (whole, name: string | undefined) => {
    if (whole === '$$') return '$'
    return name !== undefined && Object.hasOwn(env, name) ? env[name] : whole
  })
}

/**
 * pflag-style parsing of the flags that matter: `--name=value` or `--name value`; boolean flags
 * take a value only after `=` (a bare `--enable-carm false` means true, `false` is an argument).
 * A repeated flag: the last one wins. Parsing stops at `--`. `argsError` is the error pflag stops
 * the controller with: a known flag that needs a value at the very end, or a bad boolean on a known
 * boolean flag (a bad `--enable-carm` is kept raw in `enableCARM` and reported by start-up validation).
 */
export function parseControllerArgs(args: string[]): Partial<Record<keyof ControllerSettings, string>> {
  const out: Partial<Record<keyof ControllerSettings, string>> = {}
  let stopped = false
  const fail = (error: string) => {
    if (!stopped) out.argsError = error
    stopped = true
  }
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
    else {
      if (VALUE_FLAGS.has(name)) fail(`flag needs an argument: --${name}`)
      continue
    }
    if (BOOL_FLAGS.has(name) && goParseBool(value) === undefined) {
      // pflag stops here; for --enable-carm validateController reports it from the raw value.
      if (name === 'enable-carm') stopped = true
      else fail(`invalid argument ${goQuote(value)} for ${goQuote(`--${name}`)} flag: strconv.ParseBool: parsing ${goQuote(value)}: invalid syntax`)
    }
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
    if (field === 'argsError') settings.argsError = value
    else set(field as keyof ControllerSettings, value as string, `${where} arg --${flagName(field)}`)
  }
  return settings
}

function flagName(field: string): string {
  return Object.entries(SETTING_FLAGS).find(([, f]) => f === field)?.[0] ?? field
}
