import {splitApiVersion} from './api-group.js'
import {compareStrings} from '../core/values.js'
import type {Snapshot} from '../core/types.js'
import {kindMatcher, type ResolveFilters, type ResolveReport, type ResourceResult} from './report.js'

/**
 * Finds one resource by `KIND/NAME` (kind as Kind, kind, plural, or Kind.group), kubectl-style.
 * Without a namespace the name must be unique across namespaces.
 */
export function findResource(resources: ResourceResult[], ref: string, namespace?: string): {resource: ResourceResult} | {error: string} {
  const slash = ref.indexOf('/')
  if (slash <= 0 || slash === ref.length - 1) return {error: `--explain takes KIND/NAME, e.g. bucket/my-bucket; got ${JSON.stringify(ref)}`}
  const kindOk = kindMatcher([ref.slice(0, slash)])
  const name = ref.slice(slash + 1)
  const matches = resources.filter((r) => r.name === name && kindOk({group: splitApiVersion(r.apiVersion).group, kind: r.kind}) && (namespace === undefined || r.namespace === namespace))
  if (matches.length === 1) return {resource: matches[0]}
  if (matches.length === 0) return {error: `no ACK resource ${ref}${namespace ? ` in namespace ${namespace}` : ''} in the input; list them with: ackctl resolve${namespace ? ` -n ${namespace}` : ''}`}
  return {error: `${ref} exists in several namespaces (${matches.map((m) => m.namespace).join(', ')}); add -n NAMESPACE`}
}

/**
 * When -n or --kind leave nothing to show, what the input does hold, so that a typo (or a service
 * name such as `s3` given as a kind) is visible; `undefined` when the filters matched something.
 */
export function emptyFilterNote(full: ResolveReport, shown: ResolveReport, snapshot: Pick<Snapshot, 'kinds'>, filters: ResolveFilters): string | undefined {
  const asked = [filters.namespace === undefined ? '' : `-n ${filters.namespace}`, ...(filters.kinds ?? []).map((k) => `--kind ${k}`)].filter(Boolean)
  if (asked.length === 0 || shown.resources.length > 0 || shown.namespaces.some((n) => n.kinds.length > 0)) return undefined
  const list = (items: string[]) => (items.length === 0 ? 'none' : items.length > 12 ? `${items.slice(0, 12).join(', ')} and ${items.length - 12} more` : items.join(', '))
  const namespaces = [...new Set([...full.namespaces.map((n) => n.name), ...full.resources.map((r) => r.namespace)])].sort(compareStrings)
  const kinds = [...new Set([...snapshot.kinds.map((k) => `${k.kind}.${k.group}`), ...full.resources.map((r) => `${r.kind}.${splitApiVersion(r.apiVersion).group}`)])].sort(compareStrings)
  return `${asked.join(' ')} matched nothing; the input holds namespaces ${list(namespaces)} and kinds ${list(kinds)}`
}
