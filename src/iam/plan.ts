import {ACCOUNT_MAP, TEAM_MAP} from '../ack/carm.js'
import {validateController} from '../ack/controller.js'
import {renderedInstall} from '../ack/controllers.js'
import {compareStrings} from '../core/values.js'
import {Resolver, serviceAliasOf} from '../ack/resolver.js'
import type {ControllerObject, ControllerSettings, EksCapability, Snapshot} from '../core/types.js'
import type {PlannedPair, Route} from './check.js'

export interface PlanOptions {
  /** Effective controller settings (effectiveControllers); they say where the CARM maps live. */
  controllers: ControllerSettings[]
  /** `--source-role-arn`: the controller role for every pair. */
  sourceRoleArn?: string
  /** `--role-arn`: extra targets. */
  roleArns?: string[]
  /** `--eks-capability-role-arn`: the capability assumes every role (with session tags). */
  capability?: EksCapability
}

const routeKey = (namespace: string, apiGroup: string) => `${namespace}\u0000${apiGroup}`

/** One thing that makes a controller use a role; `aliases` = the controllers it applies to (null = any). */
interface Use {
  text: string
  aliases: Set<string> | null
  /** A namespace or resource that resolves to the role (not only an entry that names it). */
  resolves: boolean
}

/**
 * Every (controller role, target role) pair to check. Targets are the role ARNs of the CARM maps
 * (account and team, service-level keys included), of IAMRoleSelectors and of `--role-arn`; each
 * pair lists what makes that controller use the target, including the namespaces that resolve to
 * it with the controller's own rules. Entries nothing resolves to are kept and marked unused.
 * Sources are the controllers' IRSA roles (`eks.amazonaws.com/role-arn`) or `--source-role-arn`.
 */
export function planPairs(snapshot: Snapshot, opts: PlanOptions): PlannedPair[] {
  const targets = new Map<string, Map<string, Use>>()
  const use = (arn: string, text: string, aliases: Iterable<string> | null, resolves = false) => {
    const uses = targets.get(arn) ?? new Map<string, Use>()
    targets.set(arn, uses)
    const u = uses.get(text) ?? {text, aliases: aliases === null ? null : new Set<string>(), resolves}
    if (u.aliases && aliases) for (const a of aliases) u.aliases.add(a)
    u.resolves ||= resolves
    uses.set(text, u)
  }
  const systemNamespaces = new Set(opts.controllers.map((c) => c.ackSystemNamespace))
  const anyNamespace = opts.controllers.length === 0 || systemNamespaces.has('')
  const configs = opts.controllers.map(validateController)
  const carmAliases = configs.filter((c) => c.carmRunning).map((c) => c.settings.serviceAlias)
  const irsAliases = configs.filter((c) => c.irsRunning).map((c) => c.settings.serviceAlias)
  // The EKS Capability never reads CARM (lint's carm-ignored-by-capability says so): its entries route nothing.
  for (const cm of opts.capability ? [] : snapshot.configMaps) {
    if (cm.name !== ACCOUNT_MAP && cm.name !== TEAM_MAP) continue
    if (!anyNamespace && !systemNamespaces.has(cm.namespace)) continue
    for (const [key, value] of Object.entries(cm.data)) {
      if (value === '') continue
      const dot = key.indexOf('.')
      const service = dot > 0 && opts.controllers.some((c) => c.serviceAlias === key.slice(0, dot)) ? key.slice(0, dot) : undefined
      use(value, `ConfigMap ${cm.namespace}/${cm.name} key "${key}"`, service ? [service] : carmAliases)
    }
  }
  for (const s of snapshot.selectors) {
    if (s.spec.arn === '') continue
    const groups = s.spec.resourceTypes.map((g) => g.group)
    use(s.spec.arn, `IAMRoleSelector ${s.name}`, groups.length === 0 || groups.includes('') ? irsAliases : irsAliases.filter((a) => groups.includes(`${a}.services.k8s.aws`)))
  }
  for (const arn of opts.roleArns ?? []) use(arn, '--role-arn', null, true)

  // Which namespaces (and resources) resolve to each role, with the controller's own rules.
  const routes = new Map<string, Set<string>>()
  if (opts.controllers.length > 0) {
    const resolver = new Resolver(snapshot, opts.controllers)
    const kinds = snapshot.kinds.map((k) => ({group: k.group, version: k.version, kind: k.kind}))
    for (const c of opts.controllers) {
      const group = `${c.serviceAlias}.services.k8s.aws`
      if (!kinds.some((k) => k.group === group)) kinds.push({group, version: '', kind: ''})
    }
    const record = (arn: string, group: string, ns: string) => {
      if (arn === '' || !targets.has(arn)) return
      use(arn, `Namespace ${ns}`, [serviceAliasOf(group)], true)
      const set = routes.get(arn) ?? new Set<string>()
      set.add(routeKey(ns, group))
      routes.set(arn, set)
    }
    // Only the outcome and the role are read: no explanation, no AssumeRole call or conditions.
    const quick = {trace: false, cell: true}
    for (const ns of snapshot.namespaces) {
      for (const k of kinds) {
        const r = resolver.resolve({...k, namespace: ns.name, labels: {}, annotations: {}, status: null, hasReferences: false}, quick)
        if (r.outcome === 'ASSUME_ROLE') record(r.roleARN, k.group, ns.name)
      }
    }
    for (const res of snapshot.resources) {
      const r = resolver.resolve(res, quick)
      if (r.outcome === 'ASSUME_ROLE') record(r.roleARN, res.group, res.namespace)
    }
  }

  const sources = sourcesByAlias(snapshot, opts)
  const pairs = new Map<string, PlannedPair>()
  for (const [arn, uses] of [...targets].sort((a, b) => compareStrings(a[0], b[0]))) {
    const all = [...uses.values()]
    const named = new Set(all.flatMap((u) => (u.aliases ? [...u.aliases] : [...sources.keys()])))
    const aliases = named.size > 0 ? [...named] : sources.size > 0 ? [...sources.keys()] : ['']
    for (const alias of aliases) {
      const applies = all.filter((u) => u.aliases === null || alias === '' || u.aliases.has(alias) || !named.has(alias))
      const src = sources.get(alias) ?? sources.get('') ?? missingSource(snapshot)
      const key = `${src.arn ?? ''}\n${arn}`
      const pair = pairs.get(key) ?? {
        sourceRoleArn: src.arn, sourceFrom: [], roleArn: arn, usedBy: [], unused: true, controllers: [],
        ...(src.missing ? {sourceMissing: src.missing} : {}),
      }
      for (const u of applies) if (!pair.usedBy.includes(u.text)) pair.usedBy.push(u.text)
      pair.unused &&= !applies.some((u) => u.resolves)
      for (const f of src.from) if (!pair.sourceFrom.includes(f)) pair.sourceFrom.push(f)
      if (alias !== '' && !pair.controllers.includes(alias)) pair.controllers.push(alias)
      if (src.capability) {
        pair.capability = src.capability
        const group = alias === '' ? undefined : `${alias}.services.k8s.aws`
        const mine = [...(routes.get(arn) ?? [])].map((k) => k.split('\u0000')).filter(([, g]) => group === undefined || g === group)
        pair.routes = [...(pair.routes ?? []), ...mine.map(([namespace, apiGroup]) => ({namespace, apiGroup}))]
      }
      if (src.missing && pair.sourceMissing && !pair.sourceMissing.includes(src.missing)) pair.sourceMissing += `; ${src.missing}`
      pairs.set(key, pair)
    }
  }
  const order = (u: string) => (u.startsWith('Namespace ') ? 1 : 0)
  return [...pairs.values()]
    .map((p) => ({
      ...p, usedBy: p.usedBy.sort((a, b) => order(a) - order(b) || compareStrings(a, b)), controllers: p.controllers.sort(compareStrings),
      ...(p.routes ? {routes: uniqueRoutes(p.routes)} : {}),
    }))
    .sort((a, b) => compareStrings(a.roleArn, b.roleArn) || compareStrings(a.sourceRoleArn ?? '', b.sourceRoleArn ?? ''))
}

interface Source {
  arn: string | null
  from: string[]
  missing?: string
  capability?: EksCapability
}

function uniqueRoutes(routes: Route[]): Route[] {
  const byKey = new Map(routes.map((r) => [routeKey(r.namespace, r.apiGroup), r]))
  return [...byKey.values()].sort((a, b) => compareStrings(a.namespace, b.namespace) || compareStrings(a.apiGroup, b.apiGroup))
}

/** alias -> the controller role; `''` -> the `--source-role-arn` role for every alias. */
function sourcesByAlias(snapshot: Snapshot, opts: PlanOptions): Map<string, Source> {
  const out = new Map<string, Source>()
  const capability = opts.capability
  if (capability) {
    // The EKS Capability assumes every selector's role from a session of its capability role.
    const src: Source = {arn: capability.roleARN, from: ['--eks-capability-role-arn'], capability}
    out.set('', src)
    for (const c of opts.controllers) out.set(c.serviceAlias, src)
    return out
  }
  if (opts.sourceRoleArn !== undefined) {
    out.set('', {arn: opts.sourceRoleArn, from: ['--source-role-arn']})
    for (const c of opts.controllers) out.set(c.serviceAlias, {arn: opts.sourceRoleArn, from: ['--source-role-arn']})
    return out
  }
  const deployments = [...snapshot.controllers].sort((a, b) => compareStrings(`${a.namespace}/${a.name}`, `${b.namespace}/${b.name}`))
  for (const c of opts.controllers) {
    const d = deployments.find((x) => x.serviceAlias === c.serviceAlias)
    const install = d ? undefined : renderedInstall(snapshot.chartInstalls ?? [], c.serviceAlias)
    out.set(c.serviceAlias, d ? sourceOf(snapshot, d)
      : install?.roleARN ? {arn: install.roleARN, from: [`ServiceAccount ${install.serviceAccount} (${install.describe})`]}
        : {arn: null, from: [], missing: `no ${c.serviceAlias} controller Deployment in the input${install ? ` and no eks.amazonaws.com/role-arn on the ServiceAccount ${install.describe} runs it as (${install.serviceAccount})` : ''}, so its role is unknown: ${HOW}`})
  }
  return out
}

const HOW = 'pass --source-role-arn, or include the controller\'s Deployment and ServiceAccount (kubectl get deploy,sa -n ack-system -o yaml)'

function sourceOf(snapshot: Snapshot, d: ControllerObject): Source {
  const sa = `ServiceAccount ${d.namespace}/${d.serviceAccountName}`
  if (d.roleARN) return {arn: d.roleARN, from: [sa]}
  const present = snapshot.serviceAccounts.some((s) => s.namespace === d.namespace && s.name === d.serviceAccountName)
  const missing = present
    ? `${sa} (of Deployment ${d.namespace}/${d.name}) has no eks.amazonaws.com/role-arn annotation, so its role likely comes from an EKS Pod Identity association, which the cluster does not show: find it with aws eks list-pod-identity-associations --cluster-name <cluster> --namespace ${d.namespace} --service-account ${d.serviceAccountName} and pass --source-role-arn`
    : `${sa} (of Deployment ${d.namespace}/${d.name}) is not in the input: add it (kubectl get sa -n ${d.namespace} ${d.serviceAccountName} -o yaml) or pass --source-role-arn`
  return {arn: null, from: [], missing}
}

function missingSource(snapshot: Snapshot): Source {
  return {arn: null, from: [], missing: snapshot.controllers.length === 0
    ? `no ACK controller Deployment in the input, so the controller's role is unknown: ${HOW}`
    : `no controller in the input uses this role's service: ${HOW}`}
}
