import {Resolver, type DroppedSelector} from '../ack/resolver.js'
import {decodeSelectorSpec} from '../ack/selector-schema.js'
import {FAILING_OUTCOMES, type ControllerSettings, type IamRoleSelectorObject, type Outcome, type Resolution, type Snapshot} from '../core/types.js'
import {probe} from './analyse.js'
import type {Difference, LabelChange, OutcomeSummary, SelectorManifest} from './types.js'

export interface Proof {
  differences: Difference[]
  /** Resources and cells checked, and how many keep exactly what they have today. */
  resources: number
  cells: number
  keep: number
  alreadyFailing: number
  changed: number
  startsActing: number
  /** Every resource and cell that fails today, whether or not the cut-over changes it (`fields` may be empty). */
  failing: Difference[]
  /** Generated selectors the API server or the controller would drop (never expected; reported if it happens). */
  droppedGenerated: DroppedSelector[]
}

/** A generated manifest as the API server admits it and the controller decodes it. */
export function decodeGenerated(m: SelectorManifest): IamRoleSelectorObject {
  const {spec, admission} = decodeSelectorSpec(JSON.parse(JSON.stringify(m.spec)))
  return {
    name: m.metadata.name, resourceVersion: '', labels: {...m.metadata.labels}, annotations: {...m.metadata.annotations},
    spec, admission, raw: m as unknown as Record<string, unknown>,
  }
}

/** The snapshot after the change: labels set, generated selectors added beside the existing ones. */
export function targetSnapshot(snapshot: Snapshot, selectors: SelectorManifest[], labelChanges: LabelChange[]): Snapshot {
  const refKey = (apiVersion: string, kind: string, namespace: string | undefined, name: string) => `${apiVersion}\u0000${kind}\u0000${namespace ?? ''}\u0000${name}`
  const changes = new Map<string, LabelChange[]>()
  for (const c of labelChanges) {
    const k = refKey(c.object.apiVersion, c.object.kind, c.object.namespace, c.object.name)
    changes.set(k, [...(changes.get(k) ?? []), c])
  }
  const relabel = <T extends {labels: Record<string, string>}>(obj: T, key: string): T => {
    const list = changes.get(key)
    if (!list) return obj
    const labels = {...obj.labels}
    for (const c of list) {
      if (c.value === null) delete labels[c.key]
      else labels[c.key] = c.value
    }
    return {...obj, labels}
  }
  return {
    ...snapshot,
    namespaces: snapshot.namespaces.map((n) => relabel(n, refKey('v1', 'Namespace', undefined, n.name))),
    resources: snapshot.resources.map((r) => relabel(r, refKey(r.apiVersion, r.kind, r.namespace, r.name))),
    selectors: [...snapshot.selectors, ...selectors.map(decodeGenerated)],
  }
}

export function summarize(r: Resolution): OutcomeSummary {
  return {
    outcome: r.outcome, roleARN: r.roleARN, accountID: r.accountID, region: r.region, endpoint: r.endpoint,
    ...(r.error === undefined ? {} : {error: r.error}),
    ...(r.errorCode === undefined ? {} : {errorCode: r.errorCode}),
    ...(r.selector === undefined ? {} : {selector: r.selector}),
    ...(r.conflictingSelectors ? {conflictingSelectors: r.conflictingSelectors} : {}),
  }
}

/** The kind of a failure (the engine's error code), so that two failures of the same kind compare equal. */
export function errorClass(r: Pick<Resolution, 'errorCode'>): string | undefined {
  return r.errorCode
}

/** Which of outcome, roleARN, accountID, region and endpoint (between successes) and error class differ. */
export function differingFields(before: Resolution, after: Resolution): string[] {
  const fields: string[] = []
  for (const f of ['outcome', 'roleARN', 'accountID'] as const) if (before[f] !== after[f]) fields.push(f)
  // A failure returns before the region and endpoint are computed: compare them only between successes.
  if (!FAILING_OUTCOMES.has(before.outcome) && !FAILING_OUTCOMES.has(after.outcome)) {
    for (const f of ['region', 'endpoint'] as const) if (before[f] !== after[f]) fields.push(f)
  }
  if (errorClass(before) !== errorClass(after)) fields.push('error')
  return fields
}

/**
 * The installed kinds, plus one kind-less entry per controller whose group has no known kind (its
 * CRDs were not in the input): CARM does not look at the kind, so that entry stands for all of them.
 */
export function proofKinds(snapshot: Pick<Snapshot, 'kinds' | 'controllers'>): Array<{group: string; version: string; kind: string}> {
  const groups = new Set(snapshot.kinds.map((k) => k.group))
  const extra = [...new Set(snapshot.controllers.map((c) => `${c.serviceAlias}.services.k8s.aws`))].filter((g) => !groups.has(g)).sort()
  return [...snapshot.kinds, ...extra.map((group) => ({group, version: '', kind: ''}))]
}

/**
 * The equivalence proof: the real engine resolves every resource and every (namespace, installed
 * kind) cell under today's settings and again under the target settings with the generated selectors
 * and label changes applied, and every difference is listed. A resource or cell that fails today has
 * no role to keep: it is counted as already failing, never against equivalence, and listed only
 * when the cut-over changes what happens to it.
 */
const ACTING: ReadonlySet<Outcome> = new Set<Outcome>(['ASSUME_ROLE', 'DEFAULT_CREDENTIALS'])

export function prove(snapshot: Snapshot, current: ControllerSettings[], target: ControllerSettings[], selectors: SelectorManifest[], labelChanges: LabelChange[]): Proof {
  const after = targetSnapshot(snapshot, selectors, labelChanges)
  const b = new Resolver(snapshot, current)
  const a = new Resolver(after, target)
  const proof: Proof = {differences: [], resources: 0, cells: 0, keep: 0, alreadyFailing: 0, changed: 0, startsActing: 0, failing: [], droppedGenerated: []}
  const generated = new Set(selectors.map((s) => s.metadata.name))
  proof.droppedGenerated = a.dropped.filter((d) => generated.has(d.selector.name) && !snapshot.selectors.includes(d.selector))

  const compare = (before: Resolution, afterR: Resolution, where: Omit<Difference, 'verdict' | 'fields' | 'before' | 'after'>) => {
    const fields = differingFields(before, afterR)
    const failing = FAILING_OUTCOMES.has(before.outcome)
    if (failing) proof.alreadyFailing++
    else if (fields.length === 0) proof.keep++
    else proof.changed++
    // Most resources keep their role: no item for them.
    if (!failing && fields.length === 0) return
    const item: Difference = {verdict: failing ? 'already-failing' : 'changed', ...where, fields, before: summarize(before), after: summarize(afterR)}
    // A stuck resource (requeued, erroring) that starts acting after the cut-over is the most dangerous
    // change a migration can make: it reaches AWS, possibly with the controller's own credentials.
    if (failing && ACTING.has(afterR.outcome)) {
      item.startsActing = true
      proof.startsActing++
    }
    if (failing) proof.failing.push(item)
    if (fields.length > 0) proof.differences.push(item)
  }
  // The comparison reads neither the AssumeRole call nor the conditions: the engine skips them (`cell`),
  // two fewer objects for each of the two resolutions of every resource and cell.
  const only = {trace: false, cell: true}
  snapshot.resources.forEach((r, i) => {
    proof.resources++
    compare(b.resolve(r, only), a.resolve(after.resources[i], only), {subject: 'resource', namespace: r.namespace, apiVersion: r.apiVersion, kind: r.kind, name: r.name})
  })
  const kinds = proofKinds(snapshot)
  for (const ns of new Set(snapshot.namespaces.map((n) => n.name))) {
    for (const k of kinds) {
      proof.cells++
      const t = probe(ns, k)
      compare(b.resolve(t, only), a.resolve(t, only), {subject: 'new-resource', namespace: ns, apiVersion: `${k.group}/${k.version}`, kind: k.kind})
    }
  }
  return proof
}
