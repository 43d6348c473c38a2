import type {AckResourceObject, Condition, Finding, Resolution} from '../core/types.js'

/**
 * What a resource's status says its controller last did about IAM roles, next to ackctl's
 * prediction. Read from `status.conditions` and `status.ackResourceMetadata.ownerAccountID`, so it
 * works for a live cluster and for files that carry status alike.
 *
 * Status is only patched by a successful reconcile or by `IAM Role is not available`; for other
 * errors (conflicting selectors, drift) the controller writes nothing, so the status keeps showing
 * the last success. Conditions are reset at every Sync: an IAMRoleSelected condition is current.
 */
export interface ObservedSummary {
  /**
   * - `unknown`: no conditions at all (never reconciled, or a manifest without status): nothing to compare.
   * - `role-selected`: the controller assumed the role an IAMRoleSelector gave (`ACK.IAMRoleSelected`, or
   *   `ACK.ReferencesResolved` overwritten with the same text when the resource has references).
   * - `role-unavailable`: `ACK.ResourceSynced` False with `IAM Role is not available` (a CARM lookup failed).
   * - `no-selector`: reconciled (it has conditions) without a selector: CARM or the controller's own credentials.
   */
  state: 'unknown' | 'role-selected' | 'role-unavailable' | 'no-selector'
  /** The role named by the IAMRoleSelected text (`roleARN: <arn>, ...`). */
  roleARN?: string
  selector?: string
  selectorResourceVersion?: string
  /** The condition type the selection was found in (`ACK.ReferencesResolved` = the runtime's overwrite bug). */
  conditionType?: string
  /** The controller's error text (the `reason` of `IAM Role is not available`). */
  error?: string
  /** `status.ackResourceMetadata.ownerAccountID`: the account the resource lives in. */
  ownerAccountID?: string
  /**
   * `agrees` / `differs`: the status is consistent with (or contradicts) the prediction, with a finding
   * for each difference; `unknown`: the status cannot confirm it (no status, or an error that writes none).
   */
  agreement: 'agrees' | 'differs' | 'unknown'
}

const IAM_ROLE_SELECTED = 'ACK.IAMRoleSelected'
const REFERENCES_RESOLVED = 'ACK.ReferencesResolved'
const RESOURCE_SYNCED = 'ACK.ResourceSynced'
const NO_FINDINGS: Finding[] = Object.freeze([]) as unknown as Finding[]
const ROLE_NOT_AVAILABLE = 'IAM Role is not available'
const RESYNC_NOTE = 'the controller re-evaluates selectors only on a spec change, an error requeue, a restart or the periodic resync (10 h by default)'

/** `roleARN: <arn>, selectorName: <name>, selectorResourceVersion: <rv>` in reason (runtime) or message (docs). */
function parseSelection(c: Condition): {roleARN: string; selector: string; selectorResourceVersion?: string} | undefined {
  for (const text of [c.reason, c.message]) {
    const arn = /roleARN:\s*([^,\s]+)/.exec(text ?? '')
    const name = /selectorName:\s*([^,\s]+)/.exec(text ?? '')
    if (!arn || !name) continue
    const rv = /selectorResourceVersion:\s*([^,\s]+)/.exec(text ?? '')
    return {roleARN: arn[1], selector: name[1], ...(rv ? {selectorResourceVersion: rv[1]} : {})}
  }
  return undefined
}

function selectionIn(conditions: Condition[] | undefined) {
  for (const type of [IAM_ROLE_SELECTED, REFERENCES_RESOLVED]) {
    const c = (conditions ?? []).find((x) => x.type === type && x.status === 'True')
    const parsed = c && parseSelection(c)
    if (parsed) return {...parsed, conditionType: type}
  }
  return undefined
}

/** The status as ObservedSummary fields (agreement left to the comparison). */
export function readObserved(resource: Pick<AckResourceObject, 'conditions' | 'status'>): Omit<ObservedSummary, 'agreement'> {
  const owner = resource.status?.ownerAccountID
  const base = owner === undefined ? {} : {ownerAccountID: owner}
  const selected = selectionIn(resource.conditions)
  if (selected) return {state: 'role-selected', ...selected, ...base}
  const unavailable = resource.conditions.find((c) => c.type === RESOURCE_SYNCED && c.status === 'False' &&
    (c.message === ROLE_NOT_AVAILABLE || c.reason === ROLE_NOT_AVAILABLE))
  if (unavailable) {
    const error = unavailable.message === ROLE_NOT_AVAILABLE ? unavailable.reason : unavailable.message
    return {state: 'role-unavailable', ...(error === undefined ? {} : {error}), ...base}
  }
  return {state: resource.conditions.length === 0 ? 'unknown' : 'no-selector', ...base}
}

/**
 * Compares the prediction with what the controller wrote. Every contradiction is a finding naming
 * the resource: a role or selector other than predicted (a role nobody intended now), the same
 * selector at an older resourceVersion, a selector the controller has not picked up yet, an
 * `IAM Role is not available` the prediction does not share (or with another reason), and an owner
 * account other than the predicted one. Predicted errors that write no status only get a note when
 * the status still shows an older selection.
 */
export function observe(resource: AckResourceObject, predicted: Resolution): {observed: ObservedSummary; findings: Finding[]} {
  if (resource.conditions.length === 0) {
    // The common case for manifests (never reconciled): nothing to compare, so nothing to allocate.
    const owner = resource.status?.ownerAccountID
    return {observed: owner === undefined ? {state: 'unknown', agreement: 'unknown'} : {state: 'unknown', ownerAccountID: owner, agreement: 'unknown'}, findings: NO_FINDINGS}
  }
  const seen = readObserved(resource)
  const findings: Finding[] = []
  const object = {apiVersion: resource.apiVersion, kind: resource.kind, namespace: resource.namespace, name: resource.name}
  const who = `${resource.kind} ${resource.namespace}/${resource.name}`
  const add = (rule: string, severity: Finding['severity'], message: string) => findings.push({rule, severity, message: `${who}: ${message}`, object})
  const done = (agreement: ObservedSummary['agreement']) => ({observed: {...seen, agreement}, findings})
  const lastSelection = seen.state === 'role-selected' ? `selector ${seen.selector} (${seen.roleARN})` : ''

  if (seen.state === 'unknown') return done('unknown')
  const outcome = predicted.outcome
  // A resource outside --watch-namespace is not reconciled: its status is from another time and settings.
  if (outcome === 'NOT_RECONCILED') return done('unknown')
  if (outcome === 'RECONCILE_ERROR' || outcome === 'DRIFT_ERROR' || outcome === 'STARTUP_ERROR') {
    if (seen.state === 'role-selected') {
      add('observed-stale-status', 'info', `the status still shows ${lastSelection} from an earlier reconcile; the controller now fails with "${predicted.error ?? outcome}" and writes no condition for that`)
    }
    return done('unknown')
  }

  const before = findings.length
  if (outcome === 'REQUEUE_IAM_ROLE_UNAVAILABLE') {
    if (seen.state !== 'role-unavailable') {
      add('observed-role-differs', 'warning', `ackctl predicts "${ROLE_NOT_AVAILABLE}" (${predicted.error ?? ''}) but the status shows ${seen.state === 'role-selected' ? lastSelection : 'a reconcile without that error'}; the CARM ConfigMap or namespace annotation changed since, or the controller's settings differ from ackctl's`)
    } else if (seen.error !== undefined && predicted.error !== undefined && seen.error !== predicted.error) {
      add('observed-role-differs', 'warning', `the controller reports "${seen.error}" but ackctl predicts "${predicted.error}"`)
    }
  } else if (seen.state === 'role-unavailable') {
    add('observed-role-differs', 'warning', `the status says "${ROLE_NOT_AVAILABLE}" (${seen.error ?? 'no reason'}) but ackctl predicts ${describe(predicted)}; the controller retries every 15 s, so if this persists its view of the CARM ConfigMaps or settings differs from ackctl's`)
  } else if (predicted.source === 'iamroleselector') {
    if (seen.state === 'no-selector') {
      add('observed-not-picked-up', 'warning', `ackctl predicts selector ${predicted.selector} (${predicted.roleARN}) but the controller has not applied it (no IAMRoleSelected condition): ${RESYNC_NOTE}`)
    } else if (seen.selector !== predicted.selector || seen.roleARN !== predicted.roleARN) {
      add('observed-role-differs', 'warning', `the controller last used ${lastSelection}, ackctl predicts selector ${predicted.selector} (${predicted.roleARN}): ${RESYNC_NOTE}`)
    } else {
      const expected = selectionIn(predicted.conditions)?.selectorResourceVersion
      if (expected !== undefined && seen.selectorResourceVersion !== undefined && expected !== seen.selectorResourceVersion) {
        add('observed-stale-selector', 'info', `the controller selected ${predicted.selector} at resourceVersion ${seen.selectorResourceVersion}; it is now at ${expected} (same role): ${RESYNC_NOTE}`)
      }
    }
  } else if (seen.state === 'role-selected') {
    add('observed-role-differs', 'warning', `the controller last used ${lastSelection}, a role nobody intends now: ackctl predicts ${describe(predicted)}; ${RESYNC_NOTE}`)
  }
  return done(findings.length > before ? 'differs' : 'agrees')
}

function describe(p: Resolution): string {
  if (p.outcome === 'REQUEUE_IAM_ROLE_UNAVAILABLE') return `"${ROLE_NOT_AVAILABLE}"`
  if (p.roleARN === '') return 'the controller\'s own credentials'
  return p.source === 'iamroleselector' ? `selector ${p.selector} (${p.roleARN})` : `${p.roleARN} (${p.source})`
}

/** A short cell for the `observed` column: `=` agrees, `≠` differs, `?` cannot tell. */
export function formatObserved(o: ObservedSummary): string {
  const mark = o.agreement === 'agrees' ? '=' : o.agreement === 'differs' ? '≠' : '?'
  switch (o.state) {
    case 'unknown': return '-'
    case 'role-selected': return `${mark} ${o.selector}@${o.selectorResourceVersion ?? '?'}`
    case 'role-unavailable': return `${mark} role not available`
    case 'no-selector': return `${mark} no selector`
  }
}
