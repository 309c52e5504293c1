/**
 * Two names' aligned parts (see `part-pairing.ts`) and their weighted agreement score: the
 * weighted share of agreeing parts, where a part missing on one side costs `extraPartCost` of its
 * weight (up to `distinctiveExtraPartCost` for a distinctive company word), parts unmatched on
 * both sides (a real conflict) cost `conflictPartCost`, and so does a surname left unmatched
 * against a name that has one ("Peter James" is not "Peter James Morgan").
 */
import type { NameToken } from '../normalise/name-token.js'
import { LEGAL_FORMS } from '../reference-data.js'
import type { MatchingOptions } from '../tuning.js'
import type { PartAgreement, PartSimilarity } from './part-similarity.js'
import { pairedTogether, pairing, pairParts } from './part-pairing.js'

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
  /** The part of A read as its surname when it has no counterpart and B has a surname; else -1. */
  readonly surnameA: number
  readonly surnameB: number
}

export interface AlignmentCosts {
  readonly extraPartCost: number
  /** Cost of a one-sided part of `distinctiveWeight` or more; parts between `genericWeight` and that cost in between. */
  readonly distinctiveExtraPartCost: number
  readonly genericWeight: number
  readonly distinctiveWeight: number
  readonly conflictPartCost: number
  /** Unmatched parts in a conflict weigh at least this much, however common they are. */
  readonly minConflictWeight: number
  /** Longest name (substantive parts) whose last part is read as its surname; 0 for none (company names). */
  readonly maxPartsWithSurname: number
  /** Weight of an agreeing distinctive word that initials need to pair with words; 0 when they need none. */
  readonly initialsNeedWeight: number
  /** Whether a word may agree with a word it abbreviates (company names). */
  readonly abbreviations: boolean
}

/** Numbers are judged by the caller's number qualifier and particles say little: neither makes a conflict. */
function decisive(t: NameToken): boolean {
  return !t.particle && !t.numeric
}

const EMPTY: Alignment = { score: 0, pairs: [], extraA: [], extraB: [], surnameA: -1, surnameB: -1 }

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

/** Whether some unused part is decisive (see `decisive`). */
function unusedDecisive(tokens: readonly NameToken[], used: Uint8Array): boolean {
  for (let i = 0; i < tokens.length; i++) if (used[i] === 0 && decisive(tokens[i] as NameToken)) return true
  return false
}

/** A part that can be a given name or surname: not a particle, number or stray legal form ("Maduro LLC"). */
function namePart(t: NameToken): boolean {
  return decisive(t) && !LEGAL_FORMS.has(t.text)
}

function firstNamePart(tokens: readonly NameToken[]): number {
  for (let i = 0; i < tokens.length; i++) if (namePart(tokens[i] as NameToken)) return i
  return -1
}

function lastNamePart(tokens: readonly NameToken[]): number {
  for (let i = tokens.length - 1; i >= 0; i--) if (namePart(tokens[i] as NameToken)) return i
  return -1
}

/** Whether a name has a surname: at least two name parts, and at most `maxParts`. */
function hasSurname(tokens: readonly NameToken[], maxParts: number): boolean {
  let parts = 0
  for (let i = 0; i < tokens.length; i++) if (namePart(tokens[i] as NameToken)) parts++
  return parts >= 2 && parts <= maxParts
}

/**
 * The surname of `tokens` (its last name part) when it is left unmatched and the other name has
 * a surname too; else -1. A name whose first part pairs with the other's last is taken as
 * written surname first ("SMITH John Paul" vs "John Smith"), and its last part as a middle name.
 */
function unmatchedSurname(tokens: readonly NameToken[], used: Uint8Array, other: readonly NameToken[], isA: boolean, maxParts: number): number {
  // The cheap test first: most scored names have every part matched.
  const last = lastNamePart(tokens)
  if (last < 0 || used[last] === 1 || !hasSurname(tokens, maxParts) || !hasSurname(other, Infinity)) return -1
  const first = firstNamePart(tokens)
  const otherLast = lastNamePart(other)
  return (isA ? pairedTogether(first, otherLast) : pairedTogether(otherLast, first)) ? -1 : last
}

/** What a part present on one side only costs: from `extraPartCost` for a generic word to `distinctiveExtraPartCost`. */
function extraCost(weight: number, costs: AlignmentCosts): number {
  if (weight <= costs.genericWeight) return costs.extraPartCost * weight
  const distinctiveness = Math.min(1, (weight - costs.genericWeight) / (costs.distinctiveWeight - costs.genericWeight))
  return (costs.extraPartCost + distinctiveness * (costs.distinctiveExtraPartCost - costs.extraPartCost)) * weight
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
  surname: number,
): number {
  for (let i = 0; i < tokens.length; i++) {
    if (used[i] === 1) continue
    const token = tokens[i] as NameToken
    const weight = weights[i] as number
    if (!decisive(token)) extra += costs.extraPartCost * weight
    else if (conflict || i === surname) extra += costs.conflictPartCost * Math.max(weight, costs.minConflictWeight)
    // A lone letter is not a distinctive word ("Fund I", an initial dropped): it costs as little as a generic one.
    else extra += token.initial ? costs.extraPartCost * weight : extraCost(weight, costs)
  }
  return extra
}

/** Surnames without a counterpart in the last scored alignment (see `Alignment`). */
let surnameA = -1
let surnameB = -1

/** The score of the alignment in `pairing`: the weighted share of agreeing parts. */
function pairingScore(a: readonly NameToken[], b: readonly NameToken[], weightA: readonly number[], weightB: readonly number[], costs: AlignmentCosts): number {
  const p = pairing
  let matched = 0
  let total = 0
  for (let k = 0; k < p.count; k++) {
    let w = 0
    w += weightA[p.takenA[k] as number] as number
    if ((p.takenA2[k] as number) >= 0) w += weightA[p.takenA2[k] as number] as number
    w += weightB[p.takenB[k] as number] as number
    if ((p.takenB2[k] as number) >= 0) w += weightB[p.takenB2[k] as number] as number
    w /= 2
    matched += w * (p.takenSim[k] as PartSimilarity).score
    total += w
  }
  // Particles and stop words missing on either side are not a conflict, only a difference.
  const conflict = unusedDecisive(a, p.usedA) && unusedDecisive(b, p.usedB)
  const maxParts = costs.maxPartsWithSurname
  surnameA = !conflict && maxParts > 0 ? unmatchedSurname(a, p.usedA, b, true, maxParts) : -1
  surnameB = !conflict && maxParts > 0 ? unmatchedSurname(b, p.usedB, a, false, maxParts) : -1
  const extra = addUnusedCost(addUnusedCost(0, a, p.usedA, weightA, costs, conflict, surnameA), b, p.usedB, weightB, costs, conflict, surnameB)
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
  pairParts(a, b, weightA, weightB, costs.initialsNeedWeight, options, costs.abbreviations)
  const score = pairingScore(a, b, weightA, weightB, costs)
  const p = pairing
  const pairs = new Array<AlignedPair>(p.count)
  for (let k = 0; k < p.count; k++) {
    const sim = p.takenSim[k] as PartSimilarity
    pairs[k] = {
      a: partsOf(p.takenA[k] as number, p.takenA2[k] as number),
      b: partsOf(p.takenB[k] as number, p.takenB2[k] as number),
      score: sim.score,
      how: sim.how,
    }
  }
  return { score, pairs, extraA: unused(p.usedA, a.length), extraB: unused(p.usedB, b.length), surnameA, surnameB }
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
  pairParts(a, b, weightA, weightB, costs.initialsNeedWeight, options, costs.abbreviations)
  summary.score = pairingScore(a, b, weightA, weightB, costs)
  const p = pairing
  let substantive = false
  let withoutParticle = 0
  for (let k = 0; k < p.count; k++) {
    if ((p.takenSim[k] as PartSimilarity).how !== 'initial') substantive = true
    const i2 = p.takenA2[k] as number
    if (!(a[p.takenA[k] as number] as NameToken).particle && (i2 < 0 || !(a[i2] as NameToken).particle)) withoutParticle++
  }
  summary.substantive = substantive
  summary.pairsWithoutParticleA = withoutParticle
  summary.numbersUnaligned = unusedNumeric(a, p.usedA) && unusedNumeric(b, p.usedB)
  return summary
}
