/** Facts about ACK API groups, in one place. */

/** Every ACK service controller's API group ends in this (`s3.services.k8s.aws`). */
export const ACK_GROUP_SUFFIX = '.services.k8s.aws'

/** `s3.services.k8s.aws/v1alpha1` -> group and version (core `v1` has group `""`). */
export function splitApiVersion(apiVersion: string): {group: string; version: string} {
  const i = apiVersion.lastIndexOf('/')
  return i < 0 ? {group: '', version: apiVersion} : {group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1)}
}

/** The service alias of an ACK API group: `s3` for `s3.services.k8s.aws` (also accepts an apiVersion). */
export function serviceAliasOf(group: string): string {
  let alias = ALIASES.get(group)
  if (alias === undefined) {
    const dot = group.indexOf('.')
    alias = dot < 0 ? group : group.slice(0, dot)
    if (ALIASES.size < 10_000) ALIASES.set(group, alias)
  }
  return alias
}

/** A few dozen API groups at most: remembering their aliases saves a string per resolution. */
const ALIASES = new Map<string, string>()
