import {splitApiVersion} from './api-group.js'
import {kindMatcher, type ResourceResult} from './report.js'

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
