import type {ContextValue, RequestContext} from '../../src/iam/context.js'

/**
 * A request context from a plain table: a string or list is present, `null` is absent;
 * keys not listed are unknown to ackctl.
 */
export function contextOf(values: Record<string, string | string[] | null>, knownPrefixes: string[] = []): RequestContext {
  const entries = new Map<string, ContextValue>()
  for (const [k, v] of Object.entries(values)) {
    entries.set(k.toLowerCase(), v === null ? {state: 'absent'} : {state: 'present', values: Array.isArray(v) ? v : [v]})
  }
  return {entries, knownPrefixes, notes: new Map()}
}
