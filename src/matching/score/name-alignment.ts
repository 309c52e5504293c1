/**
 * Order-insensitive alignment of two names' parts and their weighted agreement score. Greedy
 * one-to-one pairing by descending part similarity (as logic-v2 pairs symbols then fuzzy parts),
 * then run-together parts ("Mohammadhasni" = "Mohammad Hasni") are joined. The score is the
 * weighted share of agreeing parts, where a part missing on one side costs `extraPartCost` of
 * its weight and parts unmatched on both sides (a real conflict) cost `conflictPartCost`.
 */
import type { NameToken } from '../normalise/name-token.js'
import type { MatchingOptions } from '../tuning.js'
import { fuzzySimilarity, partSimilarity, type PartAgreement, type PartSimilarity } from './part-similarity.js'

export interface AlignedPair {
  /** Indexes into side A (two when A's parts were joined to match one of B's). */
  readonly a: readonly number[]
  readonly b: readonly number[]
  readonly score: number
  readonly how: PartAgreement
}

export interface Alignment {
  readonly score: number
  readonly pairs: readonly AlignedPair[]
  readonly extraA: readonly number[]
  readonly extraB: readonly number[]
}

export interface AlignmentCosts {
  readonly extraPartCost: number
  readonly conflictPartCost: number
  /** Unmatched parts in a conflict weigh at least this much, however common they are. */
  readonly minConflictWeight: number
}

/** Numbers are judged by the caller's number qualifier and particles say little: neither makes a conflict. */
function decisive(t: NameToken): boolean {
  return !t.particle && !t.numeric
}

function hasDecisive(tokens: readonly NameToken[], indexes: readonly number[]): boolean {
  for (const i of indexes) if (decisive(tokens[i] as NameToken)) return true
  return false
}

const pairI: number[] = []
const pairJ: number[] = []
const pairSim: PartSimilarity[] = []

/** Whether pair (i, j) with `x` ranks after pair (k, l) with `y`: lower score, or further off the diagonal. */
function comesAfter(i: number, j: number, x: PartSimilarity, k: number, l: number, y: PartSimilarity): boolean {
  return y.score - x.score > 0 || (y.score === x.score && Math.abs(i - j) > Math.abs(k - l))
}

const EMPTY: Alignment = { score: 0, pairs: [], extraA: [], extraB: [] }

/** Tries to match a part on one side with two adjacent unmatched parts on the other. */
function joinRunTogether(
  single: readonly NameToken[],
  split: readonly NameToken[],
  usedSingle: Uint8Array,
  usedSplit: Uint8Array,
  options: MatchingOptions,
): { single: number; split: [number, number]; score: number }[] {
  const joins: { single: number; split: [number, number]; score: number }[] = []
  for (let i = 0; i < single.length; i++) {
    if (usedSingle[i] === 1) continue
    const text = (single[i] as NameToken).text
    for (let j = 0; j + 1 < split.length; j++) {
      if (usedSplit[j] === 1 || usedSplit[j + 1] === 1) continue
      const joinedLength = (split[j] as NameToken).text.length + (split[j + 1] as NameToken).text.length
      if (Math.abs(joinedLength - text.length) > Math.floor(Math.max(joinedLength, text.length) * options.fuzzyEditsPerChar)) continue
      const joined = (split[j] as NameToken).text + (split[j + 1] as NameToken).text
      const score = joined === text ? 1 : fuzzySimilarity(joined, text, options)
      if (score > 0) {
        joins.push({ single: i, split: [j, j + 1], score })
        usedSingle[i] = 1
        usedSplit[j] = 1
        usedSplit[j + 1] = 1
        break
      }
    }
  }
  return joins
}

export function alignNames(
  a: readonly NameToken[],
  b: readonly NameToken[],
  weightA: readonly number[],
  weightB: readonly number[],
  costs: AlignmentCosts,
  options: MatchingOptions,
): Alignment {
  if (a.length === 0 || b.length === 0) return EMPTY
  // Every part pair with some similarity, highest first; among equals the pair nearer the
  // diagonal, then the original order, so that aligned names stay aligned. Kept in reused
  // scratch and sorted by insertion (stable): names have a handful of parts, and this runs for
  // every scored candidate.
  let count = 0
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < b.length; j++) {
      const sim = partSimilarity(a[i] as NameToken, b[j] as NameToken, options)
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
  const usedA = new Uint8Array(a.length)
  const usedB = new Uint8Array(b.length)
  const pairs: AlignedPair[] = []
  for (let k = 0; k < count; k++) {
    const i = pairI[k] as number
    const j = pairJ[k] as number
    if (usedA[i] === 1 || usedB[j] === 1) continue
    usedA[i] = 1
    usedB[j] = 1
    const sim = pairSim[k] as PartSimilarity
    pairs.push({ a: [i], b: [j], score: sim.score, how: sim.how })
  }
  if (pairs.length < Math.max(a.length, b.length)) {
    for (const join of joinRunTogether(b, a, usedB, usedA, options)) {
      pairs.push({ a: join.split, b: [join.single], score: join.score, how: 'joined' })
    }
    for (const join of joinRunTogether(a, b, usedA, usedB, options)) {
      pairs.push({ a: [join.single], b: join.split, score: join.score, how: 'joined' })
    }
  }
  let matched = 0
  let total = 0
  for (const pair of pairs) {
    let w = 0
    for (const i of pair.a) w += weightA[i] as number
    for (const j of pair.b) w += weightB[j] as number
    w /= 2
    matched += w * pair.score
    total += w
  }
  const extraA: number[] = []
  const extraB: number[] = []
  for (let i = 0; i < a.length; i++) if (usedA[i] === 0) extraA.push(i)
  for (let j = 0; j < b.length; j++) if (usedB[j] === 0) extraB.push(j)
  // Particles and stop words missing on either side are not a conflict, only a difference.
  const conflict = hasDecisive(a, extraA) && hasDecisive(b, extraB)
  const cost = conflict ? costs.conflictPartCost : costs.extraPartCost
  const floor = conflict ? costs.minConflictWeight : 0
  let extra = 0
  for (const i of extraA) {
    const token = a[i] as NameToken
    extra += decisive(token) ? cost * Math.max(weightA[i] as number, floor) : costs.extraPartCost * (weightA[i] as number)
  }
  for (const j of extraB) {
    const token = b[j] as NameToken
    extra += decisive(token) ? cost * Math.max(weightB[j] as number, floor) : costs.extraPartCost * (weightB[j] as number)
  }
  total += extra / 2
  return { score: total === 0 ? 0 : matched / total, pairs, extraA, extraB }
}
