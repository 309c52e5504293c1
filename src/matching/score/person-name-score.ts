/**
 * Person-name similarity: order-insensitive alignment of name parts with initials, nicknames,
 * phonetic spelling families and typos recognised (docs/design.md §4.1, §4.3; logic-v2 person names).
 * Parts missing on one side (a middle name) cost little; parts that disagree, or a surname with
 * no counterpart ("Peter James" vs "Peter James Morgan"), cost fully.
 */
import type { PersonName } from '../normalise/person-name.js'
import { perOptions, type MatchingOptions } from '../tuning.js'
import { describeAlignment } from './describe-alignment.js'
import { alignNames, summariseAlignment, type Alignment, type AlignmentCosts } from './name-alignment.js'
import type { NameToken } from '../normalise/name-token.js'
import { personTokenWeight } from './token-weights.js'

export interface PersonNameScore {
  readonly score: number
  /** Name parts that agree in some way (exact, nickname, initial, spelling). */
  readonly agreeingParts: number
  /** Words for the reason; built only for pairs that become matches. */
  describe(): string
}

const PATRONYMIC = new Set(['bin', 'ibn', 'ben', 'bint', 'binti', 'ould'])

/**
 * "Ahmad bin Hasan" and "Hasan bin Ahmad" are father and son: the same parts, reversed around
 * the patronymic particle. Order-insensitive alignment alone would call them identical. The full
 * alignment is made only for names with such a particle.
 */
function patronymicReversed(a: PersonName, weightA: readonly number[], b: PersonName, weightB: readonly number[], options: MatchingOptions): boolean {
  let alignment: Alignment | null = null
  for (let k = 1; k + 1 < a.tokens.length; k++) {
    if (!PATRONYMIC.has((a.tokens[k] as NameToken).text)) continue
    alignment ??= alignNames(a.tokens, b.tokens, weightA, weightB, alignmentCosts(options), options)
    const before = partnerOf(alignment, k - 1)
    const after = partnerOf(alignment, k + 1)
    if (before === undefined || after === undefined) continue
    if (before === after + 2 && PATRONYMIC.has(b.tokens[after + 1]?.text ?? '')) return true
  }
  return false
}

/** The part of B that part `i` of A is aligned with one to one, if any. */
function partnerOf(alignment: Alignment, i: number): number | undefined {
  let partner: number | undefined
  for (const pair of alignment.pairs) {
    if (pair.a.length === 1 && pair.b.length === 1 && pair.a[0] === i) partner = pair.b[0]
  }
  return partner
}

/** The alignment costs of person names. */
const alignmentCosts = perOptions((options): AlignmentCosts => ({
  extraPartCost: options.extraPartCost,
  // A missing middle name costs the same whatever the name.
  distinctiveExtraPartCost: options.extraPartCost,
  genericWeight: options.genericWordWeight,
  distinctiveWeight: options.minDistinctiveWeight,
  conflictPartCost: options.conflictPartCost,
  minConflictWeight: 0,
  maxPartsWithSurname: options.maxPartsWithSurname,
  // "J. Smith" vs "John Smith": an initial is how people write given names.
  initialsNeedWeight: 0,
  abbreviations: false,
}))

/** Each part's weight in a name: initials and particles count less. */
export function personNameWeights(name: PersonName, options: MatchingOptions): number[] {
  return name.tokens.map((t) => personTokenWeight(t, options))
}

export function scorePersonNames(a: PersonName, b: PersonName, options: MatchingOptions): PersonNameScore {
  return scoreWeightedPersonNames(a, personNameWeights(a, options), b, personNameWeights(b, options), options)
}

/**
 * The score of two names whose part weights are already known: screening weighs the query once
 * and the register's names once at compile time, instead of once per candidate pair.
 */
export function scoreWeightedPersonNames(
  a: PersonName,
  weightA: readonly number[],
  b: PersonName,
  weightB: readonly number[],
  options: MatchingOptions,
): PersonNameScore {
  if (a.tokens.length === 0 || b.tokens.length === 0) return NOTHING_TO_COMPARE
  // Token counts first: most pairs have equal counts, and then the register's string is not read.
  if (a.tokens.length !== b.tokens.length && a.compact === b.compact) {
    return new SpacingOnly(Math.min(a.tokens.length, b.tokens.length))
  }
  const summary = summariseAlignment(a.tokens, b.tokens, weightA, weightB, alignmentCosts(options), options)
  // Read before anything aligns again: the summary is shared.
  const agreeingParts = summary.pairsWithoutParticleA
  // A name of initials only ("J S") says almost nothing, whatever it aligns with.
  let score = summary.substantive ? summary.score : summary.score * options.initialsOnlyFactor
  // One name against a full name ("Campbell" vs "Sarah Campbell") fits everyone of that name.
  const partsA = substantiveParts(a)
  const partsB = substantiveParts(b)
  if (Math.min(partsA, partsB) === 1 && Math.max(partsA, partsB) > 1) score *= options.singleNameFactor
  const reversed = patronymicReversed(a, weightA, b, weightB, options)
  if (reversed) score -= options.patronymicReversalPenalty
  return new AlignedPersonNames(Math.max(0, score), agreeingParts, a, weightA, b, weightB, options, reversed)
}

function substantiveParts(name: PersonName): number {
  let parts = 0
  for (const token of name.tokens) if (!token.particle) parts++
  return parts
}

/**
 * A score with what it needs to explain itself: the words, and the alignment they name, are made
 * again only for matches (the same inputs align the same way).
 */
class AlignedPersonNames implements PersonNameScore {
  constructor(
    readonly score: number,
    readonly agreeingParts: number,
    private readonly a: PersonName,
    private readonly weightA: readonly number[],
    private readonly b: PersonName,
    private readonly weightB: readonly number[],
    private readonly options: MatchingOptions,
    private readonly reversed: boolean,
  ) {}

  describe(): string {
    const alignment = alignNames(this.a.tokens, this.b.tokens, this.weightA, this.weightB, alignmentCosts(this.options), this.options)
    return describeAlignment(this.a.tokens, this.b.tokens, alignment, 'name part') + (this.reversed ? '; father and son names reversed' : '')
  }
}

class SpacingOnly implements PersonNameScore {
  readonly score = 1
  constructor(readonly agreeingParts: number) {}
  describe(): string {
    return 'same name written with different spacing'
  }
}

const NOTHING_TO_COMPARE: PersonNameScore = { score: 0, agreeingParts: 0, describe: () => 'no name to compare' }
