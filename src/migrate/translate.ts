import {serviceAliasOf} from '../ack/api-group.js'
import {compareStrings} from '../core/values.js'
import type {Analysis} from './analyse.js'
import {describeEntry} from './analyse.js'
import {roleStems, slugify, uniqueNames} from './names.js'
import {namespaceRef, resourceRef} from './notes.js'
import type {Profile, ResourceNeed} from './profile.js'
import {
  GENERATED_FROM_ANNOTATION, MANAGED_BY_LABEL, RESERVED_NAMES, SELECTOR_API_VERSION, type LabelChange, type SelectorManifest, type Strategy,
} from './types.js'

/** A selector before it has a name. */
interface Planned {
  key: string
  stem: string
  arn: string
  names: Set<string>
  /** Labels strategy: the namespace label value (the profile's). */
  labelValue?: string
  /** Explicit groups; `null` = every kind. */
  groups: string[] | null
  /** Selects resources by the resource label (status-based CARM). */
  byResourceLabel: boolean
  entries: Set<string>
}

export interface Translation {
  selectors: SelectorManifest[]
  labelChanges: LabelChange[]
  /** Labels strategy: namespace -> label value. */
  namespaceLabels: Map<string, string>
}

const sortStrings = (xs: Iterable<string>) => [...xs].sort(compareStrings)

/**
 * Name suffix for a selector restricted to some groups: the groups it lists, or, when that is the
 * longer way to say it, `except-` and the installed groups it leaves out.
 */
function restrictionSuffix(groups: string[] | null, allGroups: string[], alias: (g: string) => string): string {
  if (groups === null) return ''
  const included = groups.map(alias)
  const excluded = allGroups.filter((g) => !groups.includes(g)).map(alias)
  return excluded.length > 0 && excluded.length < included.length ? `-except-${excluded.join('-')}` : `-${included.join('-')}`
}

/** Groups per role in a profile; `null` when the role covers every installed group. */
function rolesOf(p: Profile, allGroups: string[]): Array<{arn: string; groups: string[] | null; entries: string[]}> {
  const byRole = new Map<string, {groups: string[]; entries: Set<string>}>()
  for (const [group, carm] of [...p.roles].sort((a, b) => compareStrings(a[0], b[0]))) {
    const r = byRole.get(carm.roleARN) ?? {groups: [], entries: new Set<string>()}
    r.groups.push(group)
    r.entries.add(describeEntry(carm.entry))
    byRole.set(carm.roleARN, r)
  }
  return sortStrings(byRole.keys()).map((arn) => {
    const r = byRole.get(arn)!
    return {arn, groups: r.groups.length === allGroups.length ? null : r.groups, entries: sortStrings(r.entries)}
  })
}

/**
 * Turns profiles and resource needs into named IAMRoleSelector manifests and label changes.
 * names: one selector per (role, group set), listing namespaces by name. labels: one namespace label
 * value per distinct profile, one selector per (profile, role). Resources that need it get a label
 * and one selector per role. Names avoid every existing selector name and resource label value in use.
 */
export function translate(analysis: Analysis, profiles: Profile[], needs: ResourceNeed[], strategy: Strategy, labelKey: string, existingNames: ReadonlySet<string>): Translation {
  const allGroups = analysis.groups.map((g) => g.group)
  const aliasOf = new Map(analysis.groups.map((g) => [g.group, slugify(g.alias, 20) || 'x']))
  const alias = (g: string) => aliasOf.get(g) ?? (slugify(serviceAliasOf(g), 20) || 'x')
  const arns = new Set<string>([...profiles.flatMap((p) => [...p.roles.values()].map((c) => c.roleARN)), ...needs.map((n) => n.carm.roleARN)])
  const stems = roleStems(arns)
  const planned = new Map<string, Planned>()
  const plan = (key: string, init: () => Omit<Planned, 'key' | 'names' | 'entries'>): Planned => {
    let p = planned.get(key)
    if (!p) planned.set(key, p = {key, names: new Set(), entries: new Set(), ...init()})
    return p
  }

  const namespaceLabels = new Map<string, string>()
  // Each profile's roles, worked out once (a cluster has a profile per namespace, many alike).
  const roles = new Map(profiles.map((p) => [p, rolesOf(p, allGroups)]))
  if (strategy === 'names') {
    for (const p of profiles) {
      for (const r of roles.get(p)!) {
        const sel = plan(`names|${r.arn}|${r.groups?.join(',') ?? '*'}`, () => ({stem: stems.get(r.arn)! + restrictionSuffix(r.groups, allGroups, alias), arn: r.arn, groups: r.groups, byResourceLabel: false}))
        sel.names.add(p.namespace)
        r.entries.forEach((e) => sel.entries.add(e))
      }
    }
  } else {
    const byKey = new Map<string, Profile[]>()
    for (const p of profiles) {
      const key = JSON.stringify(roles.get(p)!.map((r) => [r.arn, r.groups]))
      const members = byKey.get(key)
      if (members) members.push(p)
      else byKey.set(key, [p])
    }
    // Values other namespaces or existing selectors already use for the key are never reused.
    const inProfiles = new Set(profiles.map((p) => p.namespace))
    const taken = new Set<string>()
    for (const [name, ns] of analysis.namespaces) if (!inProfiles.has(name) && Object.hasOwn(ns.labels, labelKey)) taken.add(ns.labels[labelKey])
    for (const s of analysis.existing.active) if (Object.hasOwn(s.spec.namespaceMatchLabels, labelKey)) taken.add(s.spec.namespaceMatchLabels[labelKey])
    const values = uniqueNames([...byKey.keys()].map((key) => {
      const primary = [...roles.get(byKey.get(key)![0])!].sort((a, b) => ((b.groups ?? allGroups).length - (a.groups ?? allGroups).length) || compareStrings(a.arn, b.arn))[0]
      return {key, stem: stems.get(primary.arn)! + restrictionSuffix(primary.groups, allGroups, alias)}
    }), taken)
    for (const [key, members] of byKey) {
      const value = values.get(key)!
      for (const p of members) {
        namespaceLabels.set(p.namespace, value)
        for (const r of roles.get(p)!) {
          const sel = plan(`labels|${value}|${r.arn}|${r.groups?.join(',') ?? '*'}`, () => ({stem: stems.get(r.arn)! + restrictionSuffix(r.groups, allGroups, alias), arn: r.arn, groups: r.groups, labelValue: value, byResourceLabel: false}))
          r.entries.forEach((e) => sel.entries.add(e))
        }
      }
    }
  }
  for (const n of needs) {
    const sel = plan(`resource|${n.carm.roleARN}`, () => ({stem: `${stems.get(n.carm.roleARN)!}-resources`, arn: n.carm.roleARN, groups: [], byResourceLabel: true}))
    sel.names.add(n.resource.namespace)
    if (!sel.groups!.includes(n.resource.group)) sel.groups!.push(n.resource.group)
    sel.entries.add(`${describeEntry(n.carm.entry)} (status.ackResourceMetadata.ownerAccountID)`)
  }

  // Resource label values in use on resources that will not get a label must not become selector names.
  const needed = new Set(needs.map((n) => n.resource))
  const taken = new Set([...existingNames, ...RESERVED_NAMES])
  for (const r of analysis.resources) if (!needed.has(r.resource) && Object.hasOwn(r.resource.labels, labelKey)) taken.add(r.resource.labels[labelKey])
  for (const s of analysis.existing.active) if (Object.hasOwn(s.spec.resourceMatchLabels, labelKey)) taken.add(s.spec.resourceMatchLabels[labelKey])
  const names = uniqueNames([...planned.values()].map((p) => ({key: p.key, stem: p.stem})), taken)

  const selectors = [...planned.values()].map((p) => manifest(p, names.get(p.key)!, labelKey)).sort((a, b) => compareStrings(a.metadata.name, b.metadata.name))
  const labelChanges: LabelChange[] = []
  for (const [name, value] of [...namespaceLabels].sort((a, b) => compareStrings(a[0], b[0]))) {
    const previous = analysis.namespaces.get(name)!.labels[labelKey]
    if (previous !== value) labelChanges.push({object: namespaceRef(name), resource: 'namespace', key: labelKey, value, ...(previous === undefined ? {} : {previous})})
  }
  const plurals = new Map(analysis.groups.flatMap((g) => g.kinds.map((k) => [`${k.group}/${k.kind}`, k.plural] as const)))
  for (const n of needs) {
    const r = n.resource
    const value = names.get(`resource|${n.carm.roleARN}`)!
    const previous = r.labels[labelKey]
    if (previous === value) continue
    const plural = plurals.get(`${r.group}/${r.kind}`) || r.kind.toLowerCase()
    labelChanges.push({object: resourceRef(r), resource: `${plural}.${r.group}`, key: labelKey, value, ...(previous === undefined ? {} : {previous})})
  }
  return {selectors, labelChanges, namespaceLabels}
}

function manifest(p: Planned, name: string, labelKey: string): SelectorManifest {
  const spec: SelectorManifest['spec'] = {
    arn: p.arn,
    namespaceSelector: {
      names: p.labelValue === undefined ? sortStrings(p.names) : [],
      ...(p.labelValue === undefined ? {} : {labelSelector: {matchLabels: {[labelKey]: p.labelValue}}}),
    },
  }
  if (p.groups !== null) spec.resourceTypeSelector = sortStrings(p.groups).map((group) => ({group, version: '', kind: ''}))
  if (p.byResourceLabel) spec.resourceLabelSelector = {matchLabels: {[labelKey]: name}}
  return {
    apiVersion: SELECTOR_API_VERSION,
    kind: 'IAMRoleSelector',
    metadata: {name, labels: {[MANAGED_BY_LABEL]: 'ackctl'}, annotations: {[GENERATED_FROM_ANNOTATION]: sortStrings(p.entries).join('; ')}},
    spec,
  }
}
