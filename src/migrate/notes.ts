import {compareStrings} from '../core/values.js'
import {SEVERITY_RANK} from '../findings/order.js'
import type {AckResourceObject, ObjectRef, Severity} from '../core/types.js'
import type {MigrationNote} from './types.js'


export const namespaceRef = (name: string): ObjectRef => ({apiVersion: 'v1', kind: 'Namespace', name})
export const selectorRef = (name: string): ObjectRef => ({apiVersion: 'services.k8s.aws/v1alpha1', kind: 'IAMRoleSelector', name})
export const configMapRef = (namespace: string, name: string): ObjectRef => ({apiVersion: 'v1', kind: 'ConfigMap', namespace, name})
export const resourceRef = (r: Pick<AckResourceObject, 'apiVersion' | 'kind' | 'namespace' | 'name'>): ObjectRef =>
  ({apiVersion: r.apiVersion, kind: r.kind, namespace: r.namespace, name: r.name})

/** `Bucket team-a/logs`, `Namespace team-a`, `ConfigMap ack-system/ack-role-account-map`: what a user can `kubectl get`. */
export function describeRef(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace === undefined ? '' : `${ref.namespace}/`}${ref.name}`
}

/** Collects notes; the same code and message given twice is kept once, with the objects merged. */
export class Notes {
  private readonly byKey = new Map<string, MigrationNote>()

  add(severity: Severity, code: string, message: string, objects: ObjectRef[] = []): void {
    const key = `${code}\u0000${message}`
    const existing = this.byKey.get(key)
    if (existing) for (const o of objects) existing.objects.push(o)
    else this.byKey.set(key, {severity, code, message, objects: [...objects]})
  }

  /** Severity, then code, then message; objects sorted and de-duplicated. Stable for golden files. */
  list(): MigrationNote[] {
    const refKey = (r: ObjectRef) => `${r.kind}\u0000${r.namespace ?? ''}\u0000${r.name}\u0000${r.apiVersion}`
    return [...this.byKey.values()]
      .map((n) => {
        const seen = new Map(n.objects.map((o) => [refKey(o), o]))
        return {...n, objects: [...seen.keys()].sort(compareStrings).map((k) => seen.get(k)!)}
      })
      .sort((a, b) => (SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]) || compareStrings(a.code, b.code) || compareStrings(a.message, b.message))
  }
}

/** `a, b and c` (at most `max` names, then `and N more`). */
export function listText(items: string[], max = 8): string {
  if (items.length === 0) return ''
  if (items.length === 1) return items[0]
  if (items.length > max) return `${items.slice(0, max).join(', ')} and ${items.length - max} more`
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
}
