import {ACCOUNT_MAP, ANNOTATION_DEFAULT_REGION, ANNOTATION_ENDPOINT_URL, ANNOTATION_OWNER_ACCOUNT_ID, ANNOTATION_TEAM_ID} from '../ack/carm.js'
import {CARM_IGNORED_NAMESPACES} from '../ack/controller.js'
import {goQuote} from '../core/go.js'
import {compareStrings} from '../core/values.js'
import {serviceAliasOf} from '../ack/resolver.js'
import {FAILING_OUTCOMES, type Finding, type ObjectRef, type Snapshot} from '../core/types.js'
import type {Analysis} from './analyse.js'
import {configMapRef, describeRef, listText, namespaceRef, Notes, resourceRef, selectorRef} from './notes.js'
import {overlap} from './overlap.js'
import type {ResourceNeed} from './profile.js'
import {decodeGenerated, targetSnapshot} from './prove.js'
import type {Translation} from './translate.js'

const deploymentRef = (snapshot: Snapshot, alias: string): ObjectRef[] =>
  snapshot.controllers.filter((c) => c.serviceAlias === alias).map((c) => ({apiVersion: 'apps/v1', kind: 'Deployment', namespace: c.namespace, name: c.name}))

/** Whether a finding's object is this controller's Deployment (or, for a controller known only from flags, names none). */
const sameController = (object: ObjectRef | undefined, refs: ObjectRef[]): boolean =>
  object === undefined ? refs.length === 0 : refs.some((r) => r.kind === object.kind && r.namespace === object.namespace && r.name === object.name)

/** How each controller stands today, and the load-time findings about its settings. */
function controllerNotes(snapshot: Snapshot, analysis: Analysis, findings: Finding[], notes: Notes): void {
  for (const [alias, ctx] of [...analysis.before.contexts].sort((a, b) => compareStrings(a[0], b[0]))) {
    const c = ctx.config
    const refs = deploymentRef(snapshot, alias)
    if (c.startupError) notes.add('warning', 'controller-does-not-start', `the ${alias} controller does not start today (${c.startupError}): none of its resources has a role to carry over; fix its settings first`, refs)
    else if (c.irsRunning) notes.add('info', 'controller-already-switched', `the ${alias} controller already runs with IAMRoleSelector: its resources keep the existing selectors, and the generated selectors leave its kinds out`, refs)
    else if (!c.enableCARM) notes.add('info', 'carm-off', `CARM is off in the ${alias} controller (--enable-carm=false): its resources use its own credentials today, and the generated selectors leave its kinds out`, refs)
    else if (!c.carmRunning && !findings.some((f) => f.rule === 'carm-single-watch-namespace' && sameController(f.object, refs))) {
      // Where the catalog's carm-single-watch-namespace says it (CARM configuration exists), it is said once.
      const annotated = [...analysis.namespaces.values()].filter((n) => (n.annotations[ANNOTATION_OWNER_ACCOUNT_ID] ?? '') !== '' || (n.annotations[ANNOTATION_TEAM_ID] ?? '') !== '').map((n) => n.name)
      notes.add('warning', 'carm-not-running', `the ${alias} controller watches a single namespace (--watch-namespace=${c.settings.watchNamespace}), so CARM does not run in it: the CARM annotations${annotated.length > 0 ? ` of Namespace ${listText(annotated)}` : ''} are ignored today and nothing is generated for them`, [...refs, ...annotated.map(namespaceRef)])
    }
  }
  for (const f of findings) {
    // A finding about an object names the object (live and file input alike); a document finding its file.
    const where = f.file === undefined || f.object ? '' : `${f.file}${f.line === undefined ? '' : `:${f.line}`}: `
    notes.add(f.severity, f.rule, `${where}${f.message}`, f.object ? [f.object] : [])
  }
}

/** Annotations CARM ignores today (watch scope, TeamLevelCARM off), from the engine's own trace; kube-system and the like are the catalog's. */
function ignoredAnnotations(analysis: Analysis, notes: Notes): void {
  const migrating = new Set(analysis.groups.filter((g) => g.migrating).map((g) => g.group))
  const byText = new Map<string, {ns: string; what: string; why: string; aliases: Set<string>}>()
  for (const [ns, row] of analysis.cells) {
    const annotations = analysis.namespaces.get(ns)!.annotations
    const carmAnnotations = [ANNOTATION_OWNER_ACCOUNT_ID, ANNOTATION_TEAM_ID].filter((k) => (annotations[k] ?? '') !== '').map((k) => `${k}=${goQuote(annotations[k])}`).join(', ')
    for (const cell of row.values()) {
      // Controllers where CARM does not run at all get one note of their own (controllerNotes).
      if (!migrating.has(cell.group) || !analysis.before.context(serviceAliasOf(cell.group)).config.carmRunning) continue
      for (const step of cell.today.trace) {
        let what: string, why: string
        if (step.step === 'namespace') {
          // kube-system and the like: the catalog's annotation-ignored already says it, for every command.
          if (CARM_IGNORED_NAMESPACES.has(ns)) continue
          what = carmAnnotations
          why = step.detail.slice(step.detail.indexOf(': ') + 2)
        } else if (step.step === 'carm-team' && step.detail.includes(' ignored: ')) {
          what = `${ANNOTATION_TEAM_ID}=${goQuote(annotations[ANNOTATION_TEAM_ID] ?? '')}`
          why = step.detail.slice(step.detail.indexOf(' ignored: ') + 10)
        } else continue
        const key = `${ns}\u0000${what}\u0000${why}`
        const entry = byText.get(key) ?? {ns, what, why, aliases: new Set<string>()}
        entry.aliases.add(serviceAliasOf(cell.group))
        byText.set(key, entry)
      }
    }
  }
  for (const [, e] of [...byText].sort((a, b) => compareStrings(a[0], b[0]))) {
    const plural = e.aliases.size > 1
    notes.add('warning', 'carm-annotation-ignored', `Namespace ${e.ns}: the ${listText([...e.aliases].sort(compareStrings))} controller${plural ? 's ignore' : ' ignores'} ${e.what} today (${e.why}); nothing is generated for it`, [namespaceRef(e.ns)])
  }
}

/** Namespace default-region / endpoint-url annotations that CARM ignores today but the IAMRoleSelector cache reads. */
function regionChanges(analysis: Analysis, notes: Notes): void {
  for (const [ns, row] of analysis.cells) {
    const changes = new Map<string, string[]>()
    const add = (what: string, alias: string) => changes.set(what, [...(changes.get(what) ?? []), alias])
    for (const cell of row.values()) {
      if (FAILING_OUTCOMES.has(cell.today.outcome) || FAILING_OUTCOMES.has(cell.after.outcome)) continue
      const alias = serviceAliasOf(cell.group)
      if (cell.today.region !== cell.after.region) add(`${ANNOTATION_DEFAULT_REGION}: region ${cell.today.region || '""'} -> ${cell.after.region || '""'}`, alias)
      if (cell.today.endpoint !== cell.after.endpoint) add(`${ANNOTATION_ENDPOINT_URL}: endpoint ${cell.today.endpoint || '""'} -> ${cell.after.endpoint || '""'}`, alias)
    }
    if (changes.size === 0) continue
    const text = [...changes].sort((a, b) => compareStrings(a[0], b[0])).map(([what, aliases]) => `${what} for ${listText(aliases)}`).join('; ')
    notes.add('warning', 'namespace-annotations-take-effect', `Namespace ${ns} annotations that CARM ignores today take effect after the cut-over (the IAMRoleSelector namespace cache reads every namespace): ${text}; resources there that record another region will stop with the region drift error`, [namespaceRef(ns)])
  }
}

/** Docs-style "team" keys in the account map, and entries nothing resolves through. */
function mapEntryNotes(snapshot: Snapshot, analysis: Analysis, notes: Notes): void {
  const used = new Map<string, Set<string>>()
  const teamKeys = new Map<string, {namespaces: Set<string>; cm: ObjectRef; id: string}>()
  const carms = [...[...analysis.cells.values()].flatMap((row) => [...row.values()]), ...analysis.resources]
  // Ids namespaces look up but fail on (empty value, invalid ARN): those entries are broken, not unused.
  const failing = new Set<string>()
  for (const row of analysis.cells.values()) {
    for (const cell of row.values()) {
      if (cell.today.outcome !== 'REQUEUE_IAM_ROLE_UNAVAILABLE' && cell.today.outcome !== 'RECONCILE_ERROR') continue
      const a = analysis.namespaces.get(cell.namespace)!.annotations
      for (const id of [a[ANNOTATION_OWNER_ACCOUNT_ID], a[ANNOTATION_TEAM_ID]]) if (id) failing.add(id).add(`${serviceAliasOf(cell.group)}.${id}`)
    }
  }
  for (const c of carms) {
    if (!c.carm) continue
    const e = c.carm.entry
    const cm = `${e.namespace}/${e.map}`
    used.set(cm, (used.get(cm) ?? new Set()).add(e.key))
    if (e.map === ACCOUNT_MAP && !/^[0-9]{12}$/.test(e.id)) {
      const k = `${cm}\u0000${e.key}`
      const t = teamKeys.get(k) ?? {namespaces: new Set<string>(), cm: configMapRef(e.namespace, e.map), id: e.id}
      t.namespaces.add('namespace' in c ? c.namespace : c.resource.namespace)
      teamKeys.set(k, t)
    }
  }
  for (const [k, t] of [...teamKeys].sort((a, b) => compareStrings(a[0], b[0]))) {
    const key = k.split('\u0000')[1]
    const recorded = snapshot.resources.filter((r) => r.status?.ownerAccountID === t.id)
    notes.add('info', 'account-map-team-key', `ConfigMap ${t.cm.namespace}/${t.cm.name} key ${goQuote(key)} is not an AWS account ID (the docs' "team" keys go through the account path; the account comes from the role ARN): translated like any other entry for Namespace ${listText([...t.namespaces].sort(compareStrings))}${recorded.length > 0 ? `; ${recorded.length} resource(s) record it as their owner account (created before runtime v0.53.0) and hit the account drift error` : ''}`, [t.cm, ...[...t.namespaces].map(namespaceRef), ...recorded.map(resourceRef)])
  }
  const seen = new Set<string>()
  for (const ctx of analysis.before.contexts.values()) {
    for (const map of [ctx.accountMap, ctx.teamMap]) {
      const cm = map.configMap
      if (!cm || seen.has(`${cm.namespace}/${cm.name}`)) continue
      seen.add(`${cm.namespace}/${cm.name}`)
      const unused = Object.keys(cm.data).filter((k) => !used.get(`${cm.namespace}/${cm.name}`)?.has(k) && !failing.has(k)).sort(compareStrings)
      if (unused.length > 0) notes.add('info', 'unused-map-entry', `ConfigMap ${cm.namespace}/${cm.name} key${unused.length > 1 ? 's' : ''} ${listText(unused.map(goQuote), 20)}: no namespace or resource in the input resolves through ${unused.length > 1 ? 'them' : 'it'} today, so nothing is generated`, [configMapRef(cm.namespace, cm.name)])
    }
  }
}

/** Decisions the translation made about the generated selectors, and their overlaps with existing ones. */
function selectorNotes(snapshot: Snapshot, analysis: Analysis, t: Translation, needs: ResourceNeed[], labelKey: string, notes: Notes): void {
  const restricted = t.selectors.filter((s) => s.spec.resourceTypeSelector && !s.spec.resourceLabelSelector)
  if (restricted.length > 0) {
    const lists = restricted.map((s) => `${s.metadata.name} (${s.spec.resourceTypeSelector!.map((g) => g.group).join(', ')})`)
    notes.add('info', 'explicit-groups', `IAMRoleSelector ${listText(lists, 20)} list${restricted.length > 1 ? '' : 's'} API groups explicitly: selectors have no priority or negation, so where one namespace needs different roles per service (service-level keys, per-controller settings), each selector leaves out the groups that get another role or none`, restricted.map((s) => selectorRef(s.metadata.name)))
  }
  if (restricted.length > 0 && !analysis.installedKnown) {
    const missing = analysis.groups.filter((g) => !g.kinds.some((k) => k.origin === 'crd')).map((g) => g.group)
    notes.add('warning', 'installed-kinds-unknown', `the installed ACK kinds are not fully known (no CustomResourceDefinition in the input for ${listText(missing.length > 0 ? missing : ['any group'])}): IAMRoleSelector ${listText(restricted.map((s) => s.metadata.name))} list only the groups ackctl saw, so a controller installed later would use its own credentials in their namespaces; add the CRDs to the input (kubectl get crd -o yaml) and run again`, restricted.map((s) => selectorRef(s.metadata.name)))
  }
  for (const n of needs) {
    const name = t.selectors.find((s) => s.spec.resourceLabelSelector && s.spec.arn === n.carm.roleARN)?.metadata.name ?? ''
    notes.add('warning', 'resource-label-needed', `${describeRef(resourceRef(n.resource))} keeps ${n.carm.roleARN} only through its recorded owner account ${goQuote(n.resource.status?.ownerAccountID ?? '')} (its namespace gives new resources another answer): it gets the label ${labelKey}=${name}, which IAMRoleSelector ${name} selects; label it before the cut-over`, [resourceRef(n.resource), selectorRef(name)])
  }
  for (const c of t.labelChanges) {
    if (c.previous !== undefined) notes.add('info', 'label-replaced', `${describeRef(c.object)} label ${c.key}=${c.previous} is replaced by ${c.key}=${c.value}`, [c.object])
  }
  const after = targetSnapshot(snapshot, [], t.labelChanges).namespaces
  for (const g of t.selectors.map(decodeGenerated)) {
    for (const e of analysis.existing.active) {
      const o = overlap(g.spec, e.spec, after)
      if (!o) continue
      const where = [o.namespaces.length > 0 ? `in Namespace ${listText(o.namespaces)}` : '', o.elsewhere ? 'in namespaces not in the input' : ''].filter((x) => x).join(' and ')
      notes.add('warning', 'overlaps-existing', `generated IAMRoleSelector ${g.name} and existing ${e.name} can match the same resources (${where}): a resource both match stops with "multiple (2) matching IAMRoleSelectors found"`, [selectorRef(g.name), selectorRef(e.name), ...o.namespaces.map(namespaceRef)])
    }
  }
}

/** Every planning-time note: what cannot be carried over, and what the translation decided. */
export function planningNotes(snapshot: Snapshot, analysis: Analysis, t: Translation, needs: ResourceNeed[], labelKey: string, findings: Finding[], notes: Notes): void {
  controllerNotes(snapshot, analysis, findings, notes)
  for (const ns of analysis.invalidNamespaces) {
    notes.add('warning', 'namespace-name-invalid', `Namespace ${JSON.stringify(ns)} does not have a valid name: it is left out of the translation`, [namespaceRef(ns)])
  }
  ignoredAnnotations(analysis, notes)
  regionChanges(analysis, notes)
  mapEntryNotes(snapshot, analysis, notes)
  selectorNotes(snapshot, analysis, t, needs, labelKey, notes)
}
