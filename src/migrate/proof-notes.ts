import {serviceAliasOf} from '../ack/api-group.js'
import {compareStrings} from '../core/values.js'
import type {ControllerSettings, ObjectRef} from '../core/types.js'
import {FAILING_OUTCOMES} from '../core/types.js'
import {describeRef, listText, namespaceRef, Notes, resourceRef, selectorRef} from './notes.js'
import {errorClass, type Proof} from './prove.js'
import type {Difference, MigrationNote, OutcomeSummary} from './types.js'

/** Notes whose objects explain a `changed` difference: what the translation knew it could not carry over. */
export const EXPLAINING_CODES: ReadonlySet<string> = new Set([
  'existing-selector-changes-role', 'existing-selectors-conflict', 'conflict-with-existing', 'namespace-label-pinned',
  'resource-role-differs', 'namespace-annotations-take-effect', 'overlaps-existing', 'namespace-name-invalid',
])

/** Note codes of what fails today, by error class: never a catalog rule id (those codes are the input's findings). */
const CODE_BY_CLASS: Record<string, string> = {
  'account-drift': 'owner-account-drift', 'region-drift': 'region-drift', 'role-unavailable': 'carm-lookup-fails',
  'invalid-role-arn': 'invalid-role-arn', 'selector-conflict': 'selector-conflict-today', other: 'fails-today',
}

/** `assume arn:... (account 111)`, `the controller's own credentials (account 999)`, `REQUEUE_IAM_ROLE_UNAVAILABLE: ...`. */
export function describeOutcome(s: OutcomeSummary): string {
  if (FAILING_OUTCOMES.has(s.outcome)) return `${s.outcome}: ${(s.error ?? '').trimEnd()}`
  return s.roleARN === '' ? `the controller's own credentials (account ${s.accountID || 'unknown'})` : `${s.roleARN} (account ${s.accountID || '""'})`
}

/** `Bucket`, or for a group whose kinds are unknown, `s3.services.k8s.aws (any kind)`. */
export const kindText = (d: Pick<Difference, 'apiVersion' | 'kind'>): string => (d.kind === '' ? `${d.apiVersion.split('/')[0]} (any kind)` : d.kind)

/** The subject of a difference as a user reads it: `Bucket team-a/logs`, `new Bucket resources in Namespace team-a`. */
export function describeSubject(d: Pick<Difference, 'subject' | 'apiVersion' | 'kind' | 'namespace' | 'name'>): string {
  return d.subject === 'resource' ? `${d.kind} ${d.namespace}/${d.name}` : `new ${kindText(d)} resources in Namespace ${d.namespace}`
}

function afterText(d: Difference, controllerAccount: string | undefined): string {
  if (d.fields.length === 0) return 'the cut-over does not change that'
  const a = d.after
  if (FAILING_OUTCOMES.has(a.outcome)) return `after the cut-over: ${describeOutcome(a)}`
  const wrongAccount = a.roleARN === '' && controllerAccount && a.accountID !== '' && a.accountID !== controllerAccount
  const fix = errorClass(d.before) === 'role-unavailable' || errorClass(d.before) === 'invalid-role-arn'
    ? '; fix the map entry and run migrate-carm again if that is not what you want' : ''
  return `after the cut-over it would use ${describeOutcome(a)}${wrongAccount ? `, while its recorded account stays ${a.accountID}: calls would go to the controller's account and no drift check stops them` : ''}${fix}`
}

/**
 * Notes from the proof: what fails today and what the cut-over does to it (one note per resource,
 * one per namespace for new resources), generated selectors the controller would drop, and any
 * `changed` difference that no planning note explains (a defect in ackctl if it ever appears).
 */
export function proofNotes(current: ControllerSettings[], proof: Proof, planning: MigrationNote[], notes: Notes): void {
  const account = new Map(current.map((c) => [c.serviceAlias, c.accountID]))
  const cells = new Map<string, {ns: string; kinds: string[]; text: string; code: string}>()
  for (const d of proof.failing) {
    const cls = errorClass(d.before) ?? 'other'
    if (cls === 'startup-error') continue
    const code = CODE_BY_CLASS[cls] ?? 'fails-today'
    const text = `fail${d.subject === 'resource' ? 's' : ''} today (${describeOutcome(d.before)}); ${afterText(d, account.get(serviceAliasOf(d.apiVersion)))}`
    if (d.subject === 'resource') {
      const ref = resourceRef({apiVersion: d.apiVersion, kind: d.kind, namespace: d.namespace, name: d.name ?? ''})
      notes.add('warning', code, `${describeRef(ref)} ${text}`, [ref])
    } else {
      const key = `${d.namespace}\u0000${code}\u0000${text}`
      const c = cells.get(key) ?? {ns: d.namespace, kinds: [], text, code}
      c.kinds.push(kindText(d))
      cells.set(key, c)
    }
  }
  for (const c of [...cells.values()].sort((a, b) => compareStrings(a.ns, b.ns))) {
    notes.add('warning', c.code, `new ${listText(c.kinds.sort(compareStrings))} resources in Namespace ${c.ns} ${c.text}`, [namespaceRef(c.ns)])
  }
  for (const d of proof.droppedGenerated) {
    notes.add('error', 'generated-selector-dropped', `generated IAMRoleSelector ${d.selector.name} would be dropped (${d.by}): ${d.error}`, [selectorRef(d.selector.name)])
  }
  const explained = (ref: ObjectRef) => planning.some((n) => EXPLAINING_CODES.has(n.code) && n.objects.some((o) =>
    (o.kind === 'Namespace' && o.name === ref.namespace) || (o.kind === ref.kind && o.namespace === ref.namespace && o.name === ref.name)))
  for (const d of proof.differences) {
    if (d.verdict !== 'changed') continue
    const ref = {apiVersion: d.apiVersion, kind: d.kind, namespace: d.namespace, name: d.name ?? ''}
    if (explained(ref)) continue
    notes.add('error', 'unexplained-difference', `${describeSubject(d)}: ${describeOutcome(d.before)} today, ${describeOutcome(d.after)} after the cut-over; ackctl did not foresee this (please report it)`, [d.subject === 'resource' ? resourceRef({...ref}) : namespaceRef(d.namespace)])
  }
}
