/**
 * Optimal string alignment distance (Damerau–Levenshtein restricted: adjacent transpositions
 * count as one edit, no substring is edited twice). Reference: F. J. Damerau, "A technique for
 * computer detection and correction of spelling errors", CACM 7(3), 1964; the OSA variant as
 * described by Boytsov (2011). A `limit` lets callers stop early once the budget is exceeded.
 */

const rowA: number[] = []
const rowB: number[] = []
const rowC: number[] = []

/**
 * Edit distance between `a` and `b`, or `limit + 1` once it must exceed `limit`. Only the
 * diagonal band |i − j| ≤ limit is computed (Ukkonen, "Algorithms for approximate string
 * matching", 1985): a path leaving it costs more than the limit, and name parts are compared
 * with a budget of one or two edits, so the band is a few cells wide instead of the whole row.
 */
export function editDistance(a: string, b: string, limit = Number.MAX_SAFE_INTEGER): number {
  if (a === b) return 0
  const n = a.length
  const m = b.length
  if (Math.abs(n - m) > limit) return limit + 1
  if (n === 0) return m
  if (m === 0) return n
  const over = limit + 1
  // Three rolling rows: previous-previous (for transpositions), previous and current. Cells
  // just outside the band hold `over`, so the band's edges read a value no path can beat.
  let prev2 = rowA
  let prev = rowB
  let cur = rowC
  // Row 0 only inside the band and the cell just past it: later rows read no further.
  const first = Math.min(m, limit + 1)
  for (let j = 0; j <= first; j++) prev[j] = j <= limit ? j : over
  for (let i = 1; i <= n; i++) {
    const from = Math.max(1, i - limit)
    const to = Math.min(m, i + limit)
    cur[from - 1] = from === 1 ? (i <= limit ? i : over) : over
    let rowMin = cur[from - 1] as number
    const ca = a.charCodeAt(i - 1)
    for (let j = from; j <= to; j++) {
      const cb = b.charCodeAt(j - 1)
      const cost = ca === cb ? 0 : 1
      let v = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost)
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        v = Math.min(v, (prev2[j - 2] as number) + 1)
      }
      cur[j] = v
      if (v < rowMin) rowMin = v
    }
    if (to < m) cur[to + 1] = over
    if (rowMin > limit) return over
    const t = prev2
    prev2 = prev
    prev = cur
    cur = t
  }
  return Math.min(prev[m] as number, over)
}

/**
 * The characters of `text` as a 32-bit set, by character code modulo 32 (a–z are distinct; digits
 * share bits with letters, which only makes the bound below weaker, never wrong).
 */
export function letterSet(text: string): number {
  let set = 0
  for (let k = 0; k < text.length; k++) set |= 1 << (text.charCodeAt(k) & 31)
  return set
}

function bitCount(x: number): number {
  x -= (x >>> 1) & 0x55555555
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333)
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24
}

/**
 * A lower bound on the edit distance of two strings from their letter sets: every character of
 * one string that the other lacks needs an edit of its own (an insertion, deletion or
 * substitution removes at most one such character from each side; a transposition none).
 */
export function minEdits(lettersA: number, lettersB: number): number {
  return Math.max(bitCount(lettersA & ~lettersB), bitCount(lettersB & ~lettersA))
}
