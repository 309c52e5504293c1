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

/** Candidate pairs, best first, in scratch reused by every call: names have a handful of parts. */
const pairI: number[] = []
const pairJ: number[] = []
const pairSim: PartSimilarity[] = []

/**
 * The pairs an alignment takes, in order, in more scratch: part `takenA[k]` of A (and `takenA2[k]`
 * when two parts were joined, else -1) with part `takenB[k]` of B (and `takenB2[k]`). Scoring
 * reads them in place; only `alignNames`, for a reason's words, makes objects of them.
 */
const takenA: number[] = []
const takenA2: number[] = []
const takenB: number[] = []
const takenB2: number[] = []
const takenSim: PartSimilarity[] = []
let takenCount = 0

function take(i: number, i2: number, j: number, j2: number, sim: PartSimilarity): void {
  takenA[takenCount] = i
  takenA2[takenCount] = i2
  takenB[takenCount] = j
  takenB2[takenCount] = j2
  takenSim[takenCount++] = sim
}

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

/**
 * Aligns the parts of two non-empty names into the scratch above (`taken*`, `usedA`, `usedB`).
 * Every part pair with some similarity, highest first; among equals the pair nearer the diagonal,
 * then the original order, so that aligned names stay aligned. The candidate pairs are sorted by
 * insertion (stable): names have a handful of parts, and this runs for every scored candidate.
 */
function align(a: readonly NameToken[], b: readonly NameToken[], options: MatchingOptions): void {
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
  takenCount = 0
  for (let k = 0; k < count; k++) {
    const i = pairI[k] as number
    const j = pairJ[k] as number
    if (usedA[i] === 1 || usedB[j] === 1) continue
    usedA[i] = 1
    usedB[j] = 1
    take(i, -1, j, -1, pairSim[k] as PartSimilarity)
  }
  if (takenCount < Math.max(a.length, b.length)) {
    joinRunTogether(b, a, usedB, usedA, true, options)
    joinRunTogether(a, b, usedA, usedB, false, options)
  }
}

/** Whether some unused part is decisive (see `decisive`). */
function unusedDecisive(tokens: readonly NameToken[], used: Uint8Array): boolean {
  for (let i = 0; i < tokens.length; i++) if (used[i] === 0 && decisive(tokens[i] as NameToken)) return true
  return false
}

/**
 * `extra` plus what the unused parts of one side cost (see the file comment); added one part at
 * a time, A's then B's, so the sum is the same to the last bit whichever way it is called.
 */
function addUnusedCost(
  extra: number,
  tokens: readonly NameToken[],
  used: Uint8Array,
  weights: readonly number[],
  costs: AlignmentCosts,
  conflict: boolean,
): number {
  const cost = conflict ? costs.conflictPartCost : costs.extraPartCost
  const floor = conflict ? costs.minConflictWeight : 0
  for (let i = 0; i < tokens.length; i++) {
    if (used[i] === 1) continue
    extra += decisive(tokens[i] as NameToken) ? cost * Math.max(weights[i] as number, floor) : costs.extraPartCost * (weights[i] as number)
  }
  return extra
}

/** The score of the alignment in scratch: the weighted share of agreeing parts. */
function scratchScore(a: readonly NameToken[], b: readonly NameToken[], weightA: readonly number[], weightB: readonly number[], costs: AlignmentCosts): number {
  let matched = 0
  let total = 0
  for (let k = 0; k < takenCount; k++) {
    let w = 0
    w += weightA[takenA[k] as number] as number
    if ((takenA2[k] as number) >= 0) w += weightA[takenA2[k] as number] as number
    w += weightB[takenB[k] as number] as number
    if ((takenB2[k] as number) >= 0) w += weightB[takenB2[k] as number] as number
    w /= 2
    matched += w * (takenSim[k] as PartSimilarity).score
    total += w
  }
  // Particles and stop words missing on either side are not a conflict, only a difference.
  const conflict = unusedDecisive(a, usedA) && unusedDecisive(b, usedB)
  const extra = addUnusedCost(addUnusedCost(0, a, usedA, weightA, costs, conflict), b, usedB, weightB, costs, conflict)
  total += extra / 2
  return total === 0 ? 0 : matched / total
}

/** The parts of one taken pair on one side, as a list. */
function partsOf(first: number, second: number): readonly number[] {
  return second < 0 ? onePart(first) : [first, second]
}

/** The full alignment, pairs and all, for a reason's words and the patronymic check. */
export function alignNames(
  a: readonly NameToken[],
  b: readonly NameToken[],
  weightA: readonly number[],
  weightB: readonly number[],
  costs: AlignmentCosts,
  options: MatchingOptions,
): Alignment {
  if (a.length === 0 || b.length === 0) return EMPTY
  align(a, b, options)
  const score = scratchScore(a, b, weightA, weightB, costs)
  const pairs = new Array<AlignedPair>(takenCount)
  for (let k = 0; k < takenCount; k++) {
    const sim = takenSim[k] as PartSimilarity
    pairs[k] = { a: partsOf(takenA[k] as number, takenA2[k] as number), b: partsOf(takenB[k] as number, takenB2[k] as number), score: sim.score, how: sim.how }
  }
  return { score, pairs, extraA: unused(usedA, a.length), extraB: unused(usedB, b.length) }
}

/** What scoring needs of an alignment: its score and a few counts, without pair objects. */
export interface AlignmentSummary {
  score: number
  /** Whether some pair agrees by more than an initial. */
  substantive: boolean
  /** Pairs with no particle among their parts of A. */
  pairsWithoutParticleA: number
  /** Whether each side has a number left unaligned ("ABC 1 Ltd" vs "ABC 2 Ltd"). */
  numbersUnaligned: boolean
}

const SUMMARY: AlignmentSummary = { score: 0, substantive: false, pairsWithoutParticleA: 0, numbersUnaligned: false }

function unusedNumeric(tokens: readonly NameToken[], used: Uint8Array): boolean {
  for (let i = 0; i < tokens.length; i++) if (used[i] === 0 && (tokens[i] as NameToken).numeric) return true
  return false
}

/**
 * The same alignment as `alignNames`, summarised: every scored candidate needs the score, and only
 * the few that become matches need the pairs. Returns one shared object, overwritten by the next
 * call, so that a candidate costs no allocation here: read it before aligning again.
 */
export function summariseAlignment(
  a: readonly NameToken[],
  b: readonly NameToken[],
  weightA: readonly number[],
  weightB: readonly number[],
  costs: AlignmentCosts,
  options: MatchingOptions,
): Readonly<AlignmentSummary> {
  const summary = SUMMARY
  if (a.length === 0 || b.length === 0) {
    summary.score = 0
    summary.substantive = false
    summary.pairsWithoutParticleA = 0
    summary.numbersUnaligned = false
    return summary
  }
  align(a, b, options)
  summary.score = scratchScore(a, b, weightA, weightB, costs)
  let substantive = false
  let withoutParticle = 0
  for (let k = 0; k < takenCount; k++) {
    if ((takenSim[k] as PartSimilarity).how !== 'initial') substantive = true
    const i2 = takenA2[k] as number
    if (!(a[takenA[k] as number] as NameToken).particle && (i2 < 0 || !(a[i2] as NameToken).particle)) withoutParticle++
  }
  summary.substantive = substantive
  summary.pairsWithoutParticleA = withoutParticle
  summary.numbersUnaligned = unusedNumeric(a, usedA) && unusedNumeric(b, usedB)
  return summary
}
