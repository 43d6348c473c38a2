import {readFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {defaultSettings} from '../../src/ack/controller.js'
import {decodeSelectorSpec} from '../../src/ack/selector-schema.js'
import type {ControllerSettings, Snapshot} from '../../src/core/types.js'
import type {ResolveTarget} from '../../src/ack/resolver.js'

/** A worked example in the format of fixtures/spec/sample-vectors.json (the spec's worked examples). */
export interface Vector {
  id: string
  title: string
  controller: {
    accountID: string; region: string; serviceAlias: string; enableCARM?: boolean | string; watchNamespace?: string
    ackSystemNamespace?: string; featureGates?: Record<string, boolean>; featureGatesRaw?: string; endpointURL?: string
    allowUnsafeEndpointURLs?: boolean
  }
  namespaces: Array<{name: string; labels?: Record<string, string>; annotations?: Record<string, string>}>
  configMaps: Array<{name: string; namespace: string; data?: Record<string, string>}>
  iamRoleSelectors: Array<{name: string; resourceVersion?: string; spec?: unknown}>
  resource: {
    apiVersion: string; kind: string; name: string; namespace: string; labels?: Record<string, string>
    annotations?: Record<string, string>; status: null | {ownerAccountID?: string; region?: string}; hasReferences?: boolean
  }
  expected: Record<string, unknown>
}

const here = dirname(fileURLToPath(import.meta.url))
export const REPO_ROOT = join(here, '..', '..')

/** The spec's worked examples, kept in the repository (fixtures/spec) so a plain clone runs them. */
export function loadSpecVectors(): Vector[] {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'fixtures', 'spec', 'sample-vectors.json'), 'utf8')) as Vector[]
}

export function vectorSettings(v: Vector): ControllerSettings {
  const c = v.controller
  const gates = c.featureGatesRaw ?? Object.entries(c.featureGates ?? {}).map(([k, val]) => `${k}=${val}`).join(',')
  return {
    ...defaultSettings(c.serviceAlias),
    accountID: c.accountID,
    region: c.region,
    endpointURL: c.endpointURL ?? '',
    allowUnsafeEndpointURLs: c.allowUnsafeEndpointURLs ?? false,
    enableCARM: c.enableCARM === undefined ? 'true' : String(c.enableCARM),
    watchNamespace: c.watchNamespace ?? '',
    featureGates: gates,
    ackSystemNamespace: c.ackSystemNamespace ?? 'ack-system',
  }
}

export function vectorSnapshot(v: Vector): Pick<Snapshot, 'namespaces' | 'configMaps' | 'selectors'> {
  return {
    namespaces: v.namespaces.map((n) => ({name: n.name, labels: n.labels ?? {}, annotations: n.annotations ?? {}})),
    configMaps: v.configMaps.map((c) => ({name: c.name, namespace: c.namespace, data: c.data ?? {}})),
    selectors: v.iamRoleSelectors.map((s) => {
      const {spec, admission} = decodeSelectorSpec(s.spec)
      return {name: s.name, resourceVersion: s.resourceVersion ?? '', labels: {}, annotations: {}, spec, admission, raw: s as Record<string, unknown>}
    }),
  }
}

export function vectorTarget(v: Vector): ResolveTarget {
  const r = v.resource
  const i = r.apiVersion.lastIndexOf('/')
  return {
    group: r.apiVersion.slice(0, i), version: r.apiVersion.slice(i + 1), kind: r.kind, namespace: r.namespace,
    labels: r.labels ?? {}, annotations: r.annotations ?? {}, status: r.status, hasReferences: r.hasReferences ?? false,
  }
}
