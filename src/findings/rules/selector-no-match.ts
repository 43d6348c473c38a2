import {compareStrings} from '../../core/values.js'
import {editDistance} from '../../core/spelling.js'
import {namespaceMatches} from '../../ack/selector.js'
import type {Labels, NamespaceObject} from '../../core/types.js'
import {selectorHit} from './refs.js'
import type {LintRule, RuleHit} from '../types.js'

/**
 * A selector whose namespace part (names AND labels) matches no Namespace in the input: usually a
 * typo. Only checked when the input has Namespaces at all, so a repository of selectors alone
 * stays quiet.
 */
export const selectorNoMatch: LintRule = {
  id: 'selector-no-match',
  severity: 'warning',
  summary: 'An IAMRoleSelector whose namespace names or labels match no Namespace in the input (typo?).',
  description:
    'Namespace names are compared exactly and case-sensitively, and namespace labels must all be present with equal ' +
    'values (names and labels are ANDed). A selector that matches none of the Namespaces in the input does nothing ' +
    'today; resources created in the namespace you meant get another role or the controller\'s own credentials. ' +
    'The rule runs only when the input contains Namespaces; lint the Namespaces together with the selectors.',
  remediation:
    'Fix the namespace name or label (the message suggests close names), add the missing Namespace or label to the ' +
    'input, or suppress the finding for selectors prepared ahead of a namespace.',
  check(ctx) {
    const namespaces = ctx.snapshot.namespaces
    if (namespaces.length === 0) return []
    const hits: RuleHit[] = []
    const byName = new Map(namespaces.map((n) => [n.name, n]))
    let known: string[] | undefined
    let byLabel: Map<string, Map<string, NamespaceObject[]>> | undefined
    for (const s of ctx.resolver.active) {
      const {namespaceNames: names, namespaceMatchLabels: labels} = s.spec
      if (names.length === 0 && Object.keys(labels).length === 0) continue
      // Only the namespaces it names, or those with its least common label, can match: no scan over every namespace.
      byLabel ??= names.length > 0 ? undefined : labelIndex(namespaces)
      const candidates = names.length > 0 ? names.flatMap((n) => byName.get(n) ?? []) : fewest(byLabel!, labels)
      if (candidates.some((ns) => namespaceMatches(s.spec, ns.name, ns.labels))) continue
      known ??= [...byName.keys()].sort(compareStrings)
      const parts: string[] = []
      const missing = names.filter((n) => !byName.has(n))
      for (const n of missing) {
        const close = closest(n, known)
        parts.push(`namespace ${n} is not in the input${close ? ` (did you mean ${close}?)` : ''}`)
      }
      if (Object.keys(labels).length > 0) {
        parts.push(`no${missing.length < names.length && names.length > 0 ? ' listed' : ''} Namespace has the labels ${labelText(labels)}`)
      }
      hits.push(selectorHit(s, `IAMRoleSelector ${s.name} matches no Namespace in the input: ${parts.join('; ')}`))
    }
    return hits
  },
}

function labelText(labels: Labels): string {
  return Object.keys(labels).sort(compareStrings).map((k) => `${k}=${labels[k]}`).join(',')
}

/** Namespaces by label key and value. */
function labelIndex(namespaces: NamespaceObject[]): Map<string, Map<string, NamespaceObject[]>> {
  const index = new Map<string, Map<string, NamespaceObject[]>>()
  for (const ns of namespaces) {
    for (const k in ns.labels) {
      let byValue = index.get(k)
      if (!byValue) index.set(k, (byValue = new Map()))
      const list = byValue.get(ns.labels[k])
      if (list) list.push(ns)
      else byValue.set(ns.labels[k], [ns])
    }
  }
  return index
}

/** The namespaces having the required label that the fewest namespaces have (a namespace must have them all). */
function fewest(index: Map<string, Map<string, NamespaceObject[]>>, required: Labels): NamespaceObject[] {
  let best: NamespaceObject[] | undefined
  for (const k in required) {
    const list = index.get(k)?.get(required[k]) ?? []
    if (!best || list.length < best.length) best = list
  }
  return best ?? []
}

/** The closest known name (`known` sorted) within edit distance 2 (ties: the first in sorted order). */
function closest(name: string, known: string[]): string | undefined {
  let best: string | undefined
  let bestDistance = 3
  for (const k of known) {
    const d = editDistance(name, k, 2)
    if (d < bestDistance) {
      best = k
      bestDistance = d
    }
  }
  return best
}
