/**
 * IAM wildcard matching: `*` matches any run of characters (including none), `?` exactly one.
 * Used by Action/NotAction (case-insensitive), Resource and StringLike/ArnLike (case-sensitive).
 * There is no escaping in IAM globs; `${*}` and `${?}` policy variables are resolved before matching.
 */
export function globMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const p = ignoreCase ? pattern.toLowerCase() : pattern
  const v = ignoreCase ? value.toLowerCase() : value
  // Iterative matcher with single-star backtracking: linear in practice, no regular expressions.
  let pi = 0
  let vi = 0
  let star = -1
  let mark = 0
  while (vi < v.length) {
    if (pi < p.length && (p[pi] === '?' || p[pi] === v[vi])) {
      pi++
      vi++
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++
      mark = vi
    } else if (star >= 0) {
      pi = star + 1
      vi = ++mark
    } else {
      return false
    }
  }
  while (pi < p.length && p[pi] === '*') pi++
  return pi === p.length
}
