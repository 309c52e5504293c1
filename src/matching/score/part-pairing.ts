/**
 * Order-insensitive one-to-one pairing of two names' parts, into scratch that every call reuses
 * (names have a handful of parts, and this runs for every scored candidate). Greedy by descending
 * part similarity (as logic-v2 pairs symbols then fuzzy parts); then, for company names, initials
 * are unpaired unless a distinctive word agrees; then run-together parts ("Mohammadhasni" =
 * "Mohammad Hasni") are joined. `name-alignment.ts` scores what is left in the scratch.
 */
import type { NameToken } from '../normalise/name-token.js'
import type { MatchingOptions } from '../tuning.js'
import { minEdits } from '../text/edit-distance.js'
import { fuzzySimilarity, partSimilarity, type PartSimilarity } from './part-similarity.js'

/**
 * The pairs taken, in order: part `takenA[k]` of A (and `takenA2[k]` when two parts were joined,
 * else -1) with part `takenB[k]` of B (and `takenB2[k]`); `usedA`/`usedB` hold 1 for each part
 * paired. Valid until the next `pairParts`.
 */
export const pairing: {
  readonly takenA: number[]
  readonly takenA2: number[]
  readonly takenB: number[]
  readonly takenB2: number[]
  readonly takenSim: PartSimilarity[]
  count: number
  usedA: Uint8Array
  usedB: Uint8Array
} = { takenA: [], takenA2: [], takenB: [], takenB2: [], takenSim: [], count: 0, usedA: new Uint8Array(16), usedB: new Uint8Array(16) }

/** Candidate pairs, best first, in scratch too. */
const pairI: number[] = []
const pairJ: number[] = []
const pairSim: PartSimilarity[] = []

function take(i: number, i2: number, j: number, j2: number, sim: PartSimilarity): void {
  const k = pairing.count++
  pairing.takenA[k] = i
  pairing.takenA2[k] = i2
  pairing.takenB[k] = j
  pairing.takenB2[k] = j2
  pairing.takenSim[k] = sim
}

/** Whether pair (i, j) with `x` ranks after pair (k, l) with `y`: lower score, or further off the diagonal. */
function comesAfter(i: number, j: number, x: PartSimilarity, k: number, l: number, y: PartSimilarity): boolean {
  return y.score - x.score > 0 || (y.score === x.score && Math.abs(i - j) > Math.abs(k - l))
}

function cleared(used: Uint8Array, length: number): Uint8Array {
  const out = used.length >= length ? used : new Uint8Array(Math.max(length, used.length * 2))
  // A loop, not fill(): names have a handful of parts, too few to repay a builtin call.
  for (let i = 0; i < length; i++) out[i] = 0
  return out
}

/**
 * Tries to match a part on one side with two adjacent unmatched parts on the other; each join
 * found is taken with side A first, as `singleIsB` says which side `single` is.
 */
function joinRunTogether(
  single: readonly NameToken[],
  split: readonly NameToken[],
  usedSingle: Uint8Array,
  usedSplit: Uint8Array,
  singleIsB: boolean,
  options: MatchingOptions,
): void {
  for (let i = 0; i < single.length; i++) {
    if (usedSingle[i] === 1) continue
    const text = (single[i] as NameToken).text
    const letters = (single[i] as NameToken).letters
    for (let j = 0; j + 1 < split.length; j++) {
      if (usedSplit[j] === 1 || usedSplit[j + 1] === 1) continue
      const left = split[j] as NameToken
      const right = split[j + 1] as NameToken
      const joinedLength = left.text.length + right.text.length
      const budget = Math.floor(Math.max(joinedLength, text.length) * options.fuzzyEditsPerChar)
      if (Math.abs(joinedLength - text.length) > budget) continue
      // Letters one side lacks rule out most pairs before the joined text is built: beyond the
      // budget and its near miss, the similarity below would be 0.
      const minDistance = minEdits(left.letters | right.letters, letters)
      if (minDistance > budget + 1) continue
      const joined = left.text + right.text
      const score = joined === text ? 1 : fuzzySimilarity(joined, text, options, minDistance)
      if (score > 0) {
        const sim: PartSimilarity = { score, how: 'joined' }
        if (singleIsB) take(j, j + 1, i, -1, sim)
        else take(i, -1, j, j + 1, sim)
        usedSingle[i] = 1
        usedSplit[j] = 1
        usedSplit[j + 1] = 1
        break
      }
    }
  }
}

/** A word that identifies a name by itself: not an initial, particle, number or generic word, and rare enough. */
function distinctive(t: NameToken, weight: number, minWeight: number): boolean {
  return !t.initial && !t.particle && !t.numeric && !t.generic && weight >= minWeight
}

/** Agreements that lean on the rest of the name: an initial, or a word written short by a rule rather than a table. */
function leans(sim: PartSimilarity): boolean {
  return sim.how === 'initial' || sim.how === 'abbreviation'
}

/**
 * Unpairs the initials and abbreviations taken unless some other taken pair agrees on a
 * distinctive word: "K & M Roofing" is not "Kelly & Moss Roofing" on the strength of a trade word,
 * nor "Brent Roofing" "Brentwood Roofing", while "J & K Morrison Builders" may be "James & Kevin
 * Morrison Builders" and "Harlow Maint" "Harlow Maintenance". They are then left unmatched.
 */
function dropUnsupportedInitials(
  a: readonly NameToken[],
  b: readonly NameToken[],
  weightA: readonly number[],
  weightB: readonly number[],
  minWeight: number,
): void {
  const p = pairing
  let initials = 0
  for (let k = 0; k < p.count; k++) {
    if (leans(p.takenSim[k] as PartSimilarity)) {
      initials++
      continue
    }
    const i = p.takenA[k] as number
    const j = p.takenB[k] as number
    if (distinctive(a[i] as NameToken, weightA[i] as number, minWeight) && distinctive(b[j] as NameToken, weightB[j] as number, minWeight)) return
  }
  if (initials === 0) return
  let kept = 0
  for (let k = 0; k < p.count; k++) {
    if (leans(p.takenSim[k] as PartSimilarity)) {
      p.usedA[p.takenA[k] as number] = 0
      p.usedB[p.takenB[k] as number] = 0
      continue
    }
    p.takenA[kept] = p.takenA[k] as number
    p.takenA2[kept] = p.takenA2[k] as number
    p.takenB[kept] = p.takenB[k] as number
    p.takenB2[kept] = p.takenB2[k] as number
    p.takenSim[kept++] = p.takenSim[k] as PartSimilarity
  }
  p.count = kept
}

/**
 * Pairs the parts of two non-empty names into `pairing`. Every part pair with some similarity,
 * highest first; among equals the pair nearer the diagonal, then the original order, so that
 * aligned names stay aligned. The candidate pairs are sorted by insertion (stable). Initials need
 * a distinctive agreeing word of at least `initialsNeedWeight` when that is above 0.
 */
export function pairParts(
  a: readonly NameToken[],
  b: readonly NameToken[],
  weightA: readonly number[],
  weightB: readonly number[],
  initialsNeedWeight: number,
  options: MatchingOptions,
  abbreviations = false,
): void {
  let count = 0
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < b.length; j++) {
      const sim = partSimilarity(a[i] as NameToken, b[j] as NameToken, options, abbreviations)
      if (sim.score <= 0) continue
      let k = count++
      while (k > 0 && comesAfter(pairI[k - 1] as number, pairJ[k - 1] as number, pairSim[k - 1] as PartSimilarity, i, j, sim)) {
        pairI[k] = pairI[k - 1] as number
        pairJ[k] = pairJ[k - 1] as number
        pairSim[k] = pairSim[k - 1] as PartSimilarity
        k--
      }
      pairI[k] = i
      pairJ[k] = j
      pairSim[k] = sim
    }
  }
  const usedA = (pairing.usedA = cleared(pairing.usedA, a.length))
  const usedB = (pairing.usedB = cleared(pairing.usedB, b.length))
  pairing.count = 0
  for (let k = 0; k < count; k++) {
    const i = pairI[k] as number
    const j = pairJ[k] as number
    if (usedA[i] === 1 || usedB[j] === 1) continue
    usedA[i] = 1
    usedB[j] = 1
    take(i, -1, j, -1, pairSim[k] as PartSimilarity)
  }
  if (initialsNeedWeight > 0) dropUnsupportedInitials(a, b, weightA, weightB, initialsNeedWeight)
  if (pairing.count < Math.max(a.length, b.length)) {
    joinRunTogether(b, a, usedB, usedA, true, options)
    joinRunTogether(a, b, usedA, usedB, false, options)
  }
}

/** Whether part `i` of A and part `j` of B are in one taken pair. */
export function pairedTogether(i: number, j: number): boolean {
  const p = pairing
  for (let k = 0; k < p.count; k++) {
    if ((p.takenA[k] === i || p.takenA2[k] === i) && (p.takenB[k] === j || p.takenB2[k] === j)) return true
  }
  return false
}
