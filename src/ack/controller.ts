import {goParseBool, goParseUrl, goQuote, goTrimSpace} from '../core/go.js'
import type {ControllerSettings} from '../core/types.js'

/** Feature gates and their defaults. Ref: runtime pkg/featuregate/features.go */
export const GATE_DEFAULTS: Readonly<Record<string, boolean>> = {
  ResourceAdoption: true,
  ReadOnlyResources: true,
  TeamLevelCARM: false,
  ServiceLevelCARM: false,
  IAMRoleSelector: false,
}

/** Namespaces the CARM namespace cache never holds. Ref: runtime pkg/runtime/service_controller.go */
export const CARM_IGNORED_NAMESPACES: ReadonlySet<string> = new Set(['kube-system', 'kube-public', 'kube-node-lease'])

export const DEFAULT_ACK_SYSTEM_NAMESPACE = 'ack-system'

/** A controller after start-up: either the error it exits with, or its effective switches. */
export interface ControllerConfig {
  settings: ControllerSettings
  startupError?: string
  /** `gate-carm-conflict` for the IAMRoleSelector gate with CARM on (a rule of its own); `settings` for every other start-up error. */
  startupCode?: 'gate-carm-conflict' | 'settings'
  enableCARM: boolean
  gates: Record<string, boolean>
  /** Parsed --watch-namespace; empty = all namespaces. */
  watchNamespaces: string[]
  /** `enableCARM && len(watchNamespaces) != 1`: the CARM caches (ConfigMaps, namespace annotations) run. */
  carmRunning: boolean
  /** The IAMRoleSelector gate is on: the selector cache runs (independent of the watch scope). */
  irsRunning: boolean
}

export function defaultSettings(serviceAlias: string): ControllerSettings {
  return {
    serviceAlias,
    accountID: '',
    region: '',
    endpointURL: '',
    allowUnsafeEndpointURLs: false,
    enableCARM: 'true',
    watchNamespace: '',
    featureGates: '',
    ackSystemNamespace: DEFAULT_ACK_SYSTEM_NAMESPACE,
    origin: {},
  }
}

type GatesParse = {ok: true; gates: Map<string, boolean>} | {ok: false; error: string}

/** `parseFeatureGates`: TrimSpace on the whole string, each name and each value; ParseBool values. */
export function parseFeatureGates(raw: string): GatesParse {
  const gates = new Map<string, boolean>()
  const trimmed = goTrimSpace(raw)
  if (trimmed === '') return {ok: true, gates}
  for (const item of trimmed.split(',')) {
    const eq = item.indexOf('=')
    if (eq < 0) return {ok: false, error: `invalid feature gate format: ${item}`}
    const name = goTrimSpace(item.slice(0, eq))
    if (name === '') return {ok: false, error: `invalid feature gate name: ${item}`}
    const value = goTrimSpace(item.slice(eq + 1))
    const enabled = goParseBool(value)
    if (enabled === undefined) return {ok: false, error: `invalid feature gate value for ${name}: ${value}`}
    gates.set(name, enabled)
  }
  return {ok: true, gates}
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/
const DNS1123_LABEL_MESSAGE =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"

/**
 * apimachinery (v0.35) `ValidateNamespaceName(ns, false)` = `IsDNS1123Label` messages. Go measures
 * the length in bytes, and a valid subdomain that is not a label gets "must not contain dots".
 */
export function namespaceNameErrors(name: string): string[] {
  const errors: string[] = []
  if (new TextEncoder().encode(name).length > 63) errors.push('must be no more than 63 characters')
  if (!DNS1123_LABEL.test(name)) errors.push(DNS1123_SUBDOMAIN.test(name) ? 'must not contain dots' : DNS1123_LABEL_MESSAGE)
  return errors
}

type WatchParse = {ok: true; namespaces: string[]} | {ok: false; error: string}

/** `parseWatchNamespaceString`: `""` = all namespaces; entries non-empty, unique, valid names. */
export function parseWatchNamespaces(raw: string): WatchParse {
  if (raw === '') return {ok: true, namespaces: []}
  const seen = new Set<string>()
  for (const ns of raw.split(',')) {
    if (ns === '') return {ok: false, error: 'invalid namespace: empty namespace'}
    if (seen.has(ns)) return {ok: false, error: `duplicate namespace '${ns}'`}
    const errors = namespaceNameErrors(ns)
    if (errors.length > 0) return {ok: false, error: `invalid namespace '${ns}': [${errors.join(' ')}]`}
    seen.add(ns)
  }
  return {ok: true, namespaces: [...seen]}
}

/**
 * Go `url.Parse` plus `checkUnsafeEndpoint`: a URL Go cannot parse is invalid; a parsed URL whose
 * scheme is not https and that has a host is refused unless unsafe endpoints are allowed
 * (`localhost:4566` parses as scheme `localhost` without a host, so it passes).
 */
function endpointError(url: string, allowUnsafe: boolean, what: 'service' | 'identity'): string | undefined {
  const parsed = goParseUrl(url)
  if (!parsed) {
    return `invalid ${what} endpoint. Please refer to https://docs.aws.amazon.com/general/latest/gr/aws-service-information.html for more details`
  }
  if (!allowUnsafe && parsed.scheme !== 'https' && parsed.host !== '') {
    return 'using an unsafe endpoint is not allowed. Please review the controller configuration'
  }
  return undefined
}

/**
 * Start-up validation in the controller's order (flag parsing, then `Config.Validate`, then
 * `BindControllerManager`); the first failure is the text the controller exits with.
 * Ref: runtime pkg/config/config.go Validate, pkg/runtime/service_controller.go
 */
export function validateController(settings: ControllerSettings): ControllerConfig {
  const base: ControllerConfig = {
    settings,
    enableCARM: true,
    gates: {...GATE_DEFAULTS},
    watchNamespaces: [],
    carmRunning: false,
    irsRunning: false,
  }
  const fail = (startupError: string, startupCode: ControllerConfig['startupCode'] = 'settings'): ControllerConfig => ({...base, startupError, startupCode})

  // pflag stops at the first bad argument, before Config.Validate runs.
  if (settings.argsError) return fail(settings.argsError)
  const enableCARM = goParseBool(settings.enableCARM)
  if (enableCARM === undefined) {
    return fail(`invalid argument ${goQuote(settings.enableCARM)} for "--enable-carm" flag: strconv.ParseBool: parsing ${goQuote(settings.enableCARM)}: invalid syntax`)
  }
  base.enableCARM = enableCARM
  // origin.region 'unknown': no Deployment in the input said anything about the region.
  if (settings.region === '' && settings.origin.region !== 'unknown') {
    return fail('unable to start service controller as AWS region is missing. Please pass --aws-region flag or set AWS_REGION environment variable')
  }
  if (settings.endpointURL !== '') {
    const error = endpointError(settings.endpointURL, settings.allowUnsafeEndpointURLs, 'service')
    if (error) return fail(error)
  }
  if (settings.identityEndpointURL) {
    const error = endpointError(settings.identityEndpointURL, settings.allowUnsafeEndpointURLs, 'identity')
    if (error) return fail(error)
  }
  const parsed = parseFeatureGates(settings.featureGates)
  if (!parsed.ok) return fail(`invalid value for flag 'feature-gates': ${parsed.error}`)
  for (const [name, value] of parsed.gates) {
    if (!(name in GATE_DEFAULTS)) return fail(`error overriding feature gates: unknown feature gate: ${name}`)
    base.gates[name] = value
  }
  if (base.gates.IAMRoleSelector && enableCARM) {
    return fail("cannot enable feature gate 'IAMRoleSelector' when flag 'enable-carm' is set to true", 'gate-carm-conflict')
  }
  const watch = parseWatchNamespaces(settings.watchNamespace)
  // main.go parses --watch-namespace right after Validate and exits with the parser's own error
  // ("Unable to parse watch namespaces."); the "unable to get watch namespaces: " wrapper of
  // BindControllerManager is never reached. Ref: s3-controller cmd/controller/main.go, spec §1.
  if (!watch.ok) return fail(watch.error)
  base.watchNamespaces = watch.namespaces
  base.carmRunning = enableCARM && watch.namespaces.length !== 1
  base.irsRunning = base.gates.IAMRoleSelector
  return base
}
