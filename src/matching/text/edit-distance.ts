/**
 * Optimal string alignment distance (Damerau–Levenshtein restricted: adjacent transpositions
 * count as one edit, no substring is edited twice). Reference: F. J. Damerau, "A technique for
 * computer detection and correction of spelling errors", CACM 7(3), 1964; the OSA variant as
 * described by Boytsov (2011). A `limit` lets callers stop early once the budget is exceeded.
 */

const rowA: number[] = []
const rowB: number[] = []
const rowC: number[] = []

/** Edit distance between `a` and `b`, or `limit + 1` as soon as it must exceed `limit`. */
export function editDistance(a: string, b: string, limit = Number.MAX_SAFE_INTEGER): number {
  if (a === b) return 0
  const n = a.length
  const m = b.length
  if (Math.abs(n - m) > limit) return limit + 1
  if (n === 0) return m
  if (m === 0) return n
  // Three rolling rows: previous-previous (for transpositions), previous and current.
  let prev2 = rowA
  let prev = rowB
  let cur = rowC
  for (let j = 0; j <= m; j++) prev[j] = j
  for (let i = 1; i <= n; i++) {
    cur[0] = i
    let rowMin = i
    const ca = a.charCodeAt(i - 1)
    for (let j = 1; j <= m; j++) {
      const cb = b.charCodeAt(j - 1)
      const cost = ca === cb ? 0 : 1
      let v = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost)
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        v = Math.min(v, (prev2[j - 2] as number) + 1)
      }
      cur[j] = v
      if (v < rowMin) rowMin = v
    }
    if (rowMin > limit) return limit + 1
    const t = prev2
    prev2 = prev
    prev = cur
    cur = t
  }
  return prev[m] as number
}
