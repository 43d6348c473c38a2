import {goParseBool, goQuote} from '../core/go.js'
import type {ControllerSettings, UnknownSetting} from '../core/types.js'

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

type SettingField = Exclude<keyof ControllerSettings, 'unknown'>

/** The settings flags set, and (`unknown`) those whose value is set at run time. */
export type ParsedArgs = Partial<Record<SettingField, string>> & {unknown?: Record<string, UnknownSetting>}

/**
 * Where a variable that exists only at run time comes from (`Secret ack-system/s key k`), or
 * undefined when its value is known or it is not defined at all. `implicit`: asked for a variable
 * no argument names (AWS_REGION, ACK_SYSTEM_NAMESPACE): an `envFrom` source not in the input is
 * then not taken to set it (only AWS_REGION, whose absence stops the controller, is).
 */
export type UnknownVar = (name: string, implicit?: boolean) => string | undefined

/** The runtime flags that decide role resolution, mapped to ControllerSettings fields. */
const SETTING_FLAGS: Record<string, SettingField> = {
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
  return expandKnown(value, env, () => undefined).text
}

/**
 * pflag-style parsing of the flags that matter: `--name=value` or `--name value`; boolean flags
 * take a value only after `=` (a bare `--enable-carm false` means true, `false` is an argument).
 * A repeated flag: the last one wins. Parsing stops at `--`. `argsError` is the error pflag stops
 * the controller with: a known flag that needs a value at the very end, or a bad boolean on a known
 * boolean flag (a bad `--enable-carm` is kept raw in `enableCARM` and reported by start-up validation).
 */
export function parseControllerArgs(args: string[], unknown: ReadonlyMap<number, UnknownSetting> = new Map()): ParsedArgs {
  const out: ParsedArgs = {}
  const unknownSetting = (key: string, why: UnknownSetting) => {
    out.unknown = {...out.unknown, [key]: why}
  }
  let stopped = false
  const fail = (error: string) => {
    if (!stopped) out.argsError = error
    stopped = true
  }
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]
    if (arg === '--') break
    if (!arg.startsWith('--')) {
      // A whole argument set at run time (`$(EXTRA_ARGS)`) may be any flag.
      if (unknown.has(i) && !stopped) unknownSetting('args', unknown.get(i)!)
      continue
    }
    const eq = arg.indexOf('=')
    const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq)
    let value: string
    let from = i
    if (eq >= 0) value = arg.slice(eq + 1)
    else if (BOOL_FLAGS.has(name)) value = 'true'
    else if (i + 1 < args.length) value = args[(from = ++i)]
    else {
      if (VALUE_FLAGS.has(name)) fail(`flag needs an argument: --${name}`)
      continue
    }
    const field = SETTING_FLAGS[name]
    if (unknown.has(from)) {
      // Its value is set at run time (an env var from a Secret, or an envFrom source not in the input):
      // neither validated nor used; the last flag wins, so an earlier value is gone too.
      if (field && !stopped) {
        delete out[field]
        unknownSetting(field, unknown.get(from)!)
      }
      continue
    }
    if (field && out.unknown?.[field] !== undefined) delete out.unknown[field]
    if (BOOL_FLAGS.has(name) && goParseBool(value) === undefined) {
      // pflag stops here; for --enable-carm validateController reports it from the raw value.
      if (name === 'enable-carm') stopped = true
      else fail(`invalid argument ${goQuote(value)} for ${goQuote(`--${name}`)} flag: strconv.ParseBool: parsing ${goQuote(value)}: invalid syntax`)
    }
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
  unknownVar: UnknownVar = () => undefined,
): ControllerSettings {
  const settings: ControllerSettings = {...base, origin: {...base.origin}}
  const unknown: Record<string, UnknownSetting> = {}
  const set = (field: keyof ControllerSettings, value: string, origin: string) => {
    if (field === 'allowUnsafeEndpointURLs') settings.allowUnsafeEndpointURLs = goParseBool(value) ?? false
    else (settings as unknown as Record<string, string>)[field] = value
    settings.origin[field] = origin
    delete unknown[field]
  }
  const fromEnv = (field: keyof ControllerSettings, names: string[], openSources: boolean) => {
    for (const name of names) {
      if (env[name] !== undefined) return set(field, env[name], `${where} env ${name}`)
      const source = unknownVar(name, !openSources)
      if (source !== undefined) return void (unknown[field] = {via: `env ${name}`, source})
    }
  }
  fromEnv('region', ['AWS_REGION'], true)
  fromEnv('ackSystemNamespace', ['ACK_SYSTEM_NAMESPACE', 'K8S_NAMESPACE'], false)
  const expanded = args.map((a) => expandKnown(a, env, unknownVar))
  const unknownArgs = new Map<number, UnknownSetting>()
  expanded.forEach((e, i) => { if (e.unknown !== undefined) unknownArgs.set(i, e.unknown) })
  const parsed = parseControllerArgs(expanded.map((e) => e.text), unknownArgs)
  for (const [field, value] of Object.entries(parsed)) {
    if (field === 'argsError') settings.argsError = value as string
    else if (field !== 'unknown') set(field as keyof ControllerSettings, value as string, `${where} arg --${flagName(field)}`)
  }
  Object.assign(unknown, parsed.unknown)
  // A region set at run time is unknown, not missing: no start-up failure is predicted for it.
  if (unknown.region !== undefined) settings.origin.region = 'unknown'
  if (Object.keys(unknown).length > 0) settings.unknown = unknown
  return settings
}

/**
 * expandVars, knowing which variables are set only at run time: the text with the known ones
 * replaced, and, when it refers to an unknown one, that reference and where it comes from.
 */
export function expandKnown(value: string, env: Record<string, string>, unknownVar: UnknownVar): {text: string; unknown?: UnknownSetting} {
  let unknown: UnknownSetting | undefined
  const text = value.replace(/\$\$|\$\(([^)]*)\)/g, (whole, name: string | undefined) => {
    if (whole === '$$') return '$'
    if (name !== undefined && Object.hasOwn(env, name)) return env[name]
    const source = name === undefined ? undefined : unknownVar(name)
    if (source !== undefined) unknown ??= {via: whole, source}
    return whole
  })
  return unknown === undefined ? {text} : {text, unknown}
}

/** The runtime flag (without `--`) that sets a ControllerSettings field; the field's own name when none does. */
export function flagName(field: string): string {
  return Object.entries(SETTING_FLAGS).find(([, f]) => f === field)?.[0] ?? field
}
