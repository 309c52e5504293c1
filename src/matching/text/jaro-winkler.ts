/**
 * Jaro–Winkler similarity. Reference: W. E. Winkler, "String Comparator Metrics and Enhanced
 * Decision Rules in the Fellegi-Sunter Model of Record Linkage" (1990); prefix scale 0.1 over at
 * most 4 characters, as in the original. Used for street and town words, where a typo near the
 * end matters less than one at the start.
 */

export function jaroWinkler(a: string, b: string): number {
  if (a === b) return a.length === 0 ? 0 : 1
  const n = a.length
  const m = b.length
  if (n === 0 || m === 0) return 0
  const window = Math.max(0, Math.floor(Math.max(n, m) / 2) - 1)
  const matchedA = new Uint8Array(n)
  const matchedB = new Uint8Array(m)
  let matches = 0
  for (let i = 0; i < n; i++) {
    const from = Math.max(0, i - window)
    const to = Math.min(m - 1, i + window)
    for (let j = from; j <= to; j++) {
      if (matchedB[j] === 0 && a.charCodeAt(i) === b.charCodeAt(j)) {
        matchedA[i] = 1
        matchedB[j] = 1
        matches++
        break
      }
    }
  }
  if (matches === 0) return 0
  let transpositions = 0
  let k = 0
  for (let i = 0; i < n; i++) {
    if (matchedA[i] === 0) continue
    while (matchedB[k] === 0) k++
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions++
    k++
  }
  const jaro = (matches / n + matches / m + (matches - transpositions / 2) / matches) / 3
  let prefix = 0
  while (prefix < 4 && prefix < n && prefix < m && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++
  return jaro + prefix * 0.1 * (1 - jaro)
}
