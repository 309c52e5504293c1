/**
 * Order-insensitive alignment of two names' parts and their weighted agreement score. Greedy
 * one-to-one pairing by descending part similarity (as logic-v2 pairs symbols then fuzzy parts),
 * then run-together parts ("Mohammadhasni" = "Mohammad Hasni") are joined. The score is the
 * weighted share of agreeing parts, where a part missing on one side costs `extraPartCost` of
 * its weight and parts unmatched on both sides (a real conflict) cost `conflictPartCost`.
 */
import type { NameToken } from '../normalise/name-token.js'
import type { MatchingOptions } from '../tuning.js'
import { minEdits } from '../text/edit-distance.js'
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

/**
 * Index lists of one part, shared by every alignment: nearly every pair joins one part with one,
 * and a scored candidate should not cost two arrays per pair.
 */
const SINGLE: number[][] = []

function onePart(i: number): readonly number[] {
  let list = SINGLE[i]
  if (list === undefined) SINGLE[i] = list = [i]
  return list
}

const NO_PARTS: readonly number[] = []

/** Which parts of each side are aligned, in scratch reused by every call: 1 when used. */
let usedA: Uint8Array = new Uint8Array(16)
let usedB: Uint8Array = new Uint8Array(16)

function cleared(used: Uint8Array, length: number): Uint8Array {
  const out = used.length >= length ? used : new Uint8Array(Math.max(length, used.length * 2))
  // A loop, not fill(): names have a handful of parts, too few to repay a builtin call.
  for (let i = 0; i < length; i++) out[i] = 0
  return out
}

/**
 * The unused parts' indexes; one shared empty list when every part is used. Counted first so the
 * list is made at its size: a growing `[]` reserves room for 17, and this runs twice per candidate.
 */
function unused(used: Uint8Array, length: number): readonly number[] {
  let count = 0
  for (let i = 0; i < length; i++) if (used[i] === 0) count++
  if (count === 0) return NO_PARTS
  const out = new Array<number>(count)
  count = 0
  for (let i = 0; i < length; i++) if (used[i] === 0) out[count++] = i
  return out
}

/**
 * Tries to match a part on one side with two adjacent unmatched parts on the other; each join
 * found is added to `pairs` with side A first, as `singleIsB` says which side `single` is.
 */
function joinRunTogether(
  single: readonly NameToken[],
  split: readonly NameToken[],
  usedSingle: Uint8Array,
  usedSplit: Uint8Array,
  singleIsB: boolean,
  pairs: AlignedPair[],
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
        const parts = [j, j + 1]
        pairs.push(singleIsB ? { a: parts, b: onePart(i), score, how: 'joined' } : { a: onePart(i), b: parts, score, how: 'joined' })
        usedSingle[i] = 1
        usedSplit[j] = 1
        usedSplit[j + 1] = 1
        break
      }
    }
  }
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
  usedA = cleared(usedA, a.length)
  usedB = cleared(usedB, b.length)
  // The pairs taken are moved to the front of the scratch, then copied to a list of their size.
  let taken = 0
  for (let k = 0; k < count; k++) {
    const i = pairI[k] as number
    const j = pairJ[k] as number
    if (usedA[i] === 1 || usedB[j] === 1) continue
    usedA[i] = 1
    usedB[j] = 1
    pairI[taken] = i
    pairJ[taken] = j
    pairSim[taken++] = pairSim[k] as PartSimilarity
  }
  const pairs = new Array<AlignedPair>(taken)
  for (let k = 0; k < taken; k++) {
    const sim = pairSim[k] as PartSimilarity
    pairs[k] = { a: onePart(pairI[k] as number), b: onePart(pairJ[k] as number), score: sim.score, how: sim.how }
  }
  if (pairs.length < Math.max(a.length, b.length)) {
    joinRunTogether(b, a, usedB, usedA, true, pairs, options)
    joinRunTogether(a, b, usedA, usedB, false, pairs, options)
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
  const extraA = unused(usedA, a.length)
  const extraB = unused(usedB, b.length)
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
