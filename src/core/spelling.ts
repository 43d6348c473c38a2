/**
 * Edit distance between two names, counting a swap of adjacent characters as one edit (optimal
 * string alignment: `paymnets` is one edit from `payments`), or `bound + 1` as soon as it is
 * certain to exceed `bound`. For "did you mean" suggestions.
 */
export function editDistance(a: string, b: string, bound: number): number {
  if (Math.abs(a.length - b.length) > bound) return bound + 1
  let before: number[] = []
  let previous = Array.from({length: b.length + 1}, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    let best = i
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2] + 1)
      current.push(d)
      if (d < best) best = d
    }
    if (best > bound) return bound + 1
    before = previous
    previous = current
  }
  return Math.min(previous[b.length], bound + 1)
}
