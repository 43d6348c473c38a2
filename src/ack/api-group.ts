/** Facts about ACK API groups, in one place. */

/** Every ACK service controller's API group ends in this (`s3.services.k8s.aws`). */
export const ACK_GROUP_SUFFIX = '.services.k8s.aws'

/** `s3.services.k8s.aws/v1alpha1` -> group and version (core `v1` has group `""`). */
export function splitApiVersion(apiVersion: string): Readonly<ApiVersionParts> {
  let parts = API_VERSIONS.get(apiVersion)
  if (parts === undefined) {
    const i = apiVersion.lastIndexOf('/')
    const group = i < 0 ? '' : apiVersion.slice(0, i)
    const version = i < 0 ? apiVersion : apiVersion.slice(i + 1)
    parts = {group, version, apiVersion}
    if (API_VERSIONS.size < 10_000) API_VERSIONS.set(apiVersion, parts)
  }
  return parts
}

interface ApiVersionParts {
  group: string
  version: string
  /** The API version itself: the first copy seen, shared by every resource of it. */
  apiVersion: string
}

/**
 * A few dozen API versions at most: every resource of one shares its strings, so the maps keyed by
 * group (aliases, controllers, the selector index) compare one string with itself, not a copy.
 */
const API_VERSIONS = new Map<string, ApiVersionParts>()

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
