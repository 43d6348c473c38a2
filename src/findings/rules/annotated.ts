import type {Labels, ObjectRef, Snapshot, SourceLocation} from '../../core/types.js'
import {SELECTOR_API_VERSION, objectId} from './refs.js'

/** `ignore-check.ackctl.io/<rule-id>: "<reason>"` on an object suppresses that rule for that object. */
export const SUPPRESSION_ANNOTATION_PREFIX = 'ignore-check.ackctl.io/'

export interface AnnotatedObject {
  ref: ObjectRef
  annotations: Labels
  location?: SourceLocation
}

/**
 * Every object of the snapshot that carries annotations and can be the subject of a finding:
 * Namespaces, IAMRoleSelectors and ACK resources; ConfigMaps and controller Deployments too once
 * the loader records their annotations. Keyed by `Kind/namespace/name`. Empty when no object
 * carries a suppression annotation (the only annotations its readers look for).
 */
export function annotatedObjects(snapshot: Snapshot): ReadonlyMap<string, AnnotatedObject> {
  // A rule and the suppression step both ask, for the same snapshot: it is worked out once.
  let out = seen.get(snapshot)
  if (!out) seen.set(snapshot, out = keyAnnotated(snapshot))
  return out
}

const seen = new WeakMap<Snapshot, ReadonlyMap<string, AnnotatedObject>>()

function keyAnnotated(snapshot: Snapshot): Map<string, AnnotatedObject> {
  const out = new Map<string, AnnotatedObject>()
  // Both readers look only for suppression annotations: without any (the usual case), no object is
  // of interest, and a large cluster is not keyed object by object twice per run.
  const lists: Array<ReadonlyArray<{annotations?: Labels}>> = [snapshot.namespaces, snapshot.selectors, snapshot.resources, snapshot.configMaps, snapshot.controllers]
  if (!lists.some((list) => list.some((o) => hasSuppression(o.annotations)))) return out
  const add = (ref: ObjectRef, annotations: Labels | undefined, location: SourceLocation | undefined) => {
    if (!annotations) return
    out.set(objectId(ref), {ref, annotations, ...(location ? {location} : {})})
  }
  for (const ns of snapshot.namespaces) add({apiVersion: 'v1', kind: 'Namespace', name: ns.name}, ns.annotations, ns.location)
  for (const s of snapshot.selectors) add({apiVersion: SELECTOR_API_VERSION, kind: 'IAMRoleSelector', name: s.name}, s.annotations, s.location)
  for (const r of snapshot.resources) add({apiVersion: r.apiVersion, kind: r.kind, namespace: r.namespace, name: r.name}, r.annotations, r.location)
  for (const cm of snapshot.configMaps) {
    add({apiVersion: 'v1', kind: 'ConfigMap', namespace: cm.namespace, name: cm.name}, (cm as {annotations?: Labels}).annotations, cm.location)
  }
  for (const d of snapshot.controllers) {
    add({apiVersion: 'apps/v1', kind: 'Deployment', namespace: d.namespace, name: d.name}, (d as {annotations?: Labels}).annotations, d.location)
  }
  return out
}

function hasSuppression(annotations: Labels | undefined): boolean {
  if (annotations) for (const key in annotations) if (key.startsWith(SUPPRESSION_ANNOTATION_PREFIX)) return true
  return false
}

/** The suppression annotations of one object: rule id -> reason (possibly empty). */
export function suppressionAnnotations(annotations: Labels): Array<[string, string]> {
  return Object.entries(annotations)
    .filter(([k]) => k.startsWith(SUPPRESSION_ANNOTATION_PREFIX))
    .map(([k, v]) => [k.slice(SUPPRESSION_ANNOTATION_PREFIX.length), v])
}
