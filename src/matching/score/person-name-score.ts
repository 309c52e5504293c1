/**
 * Person-name similarity: order-insensitive alignment of name parts with initials, nicknames,
 * phonetic spelling families and typos recognised (DESIGN.md §4.1, §4.3; logic-v2 person names).
 * Parts missing on one side (a middle name) cost little; parts that disagree cost fully.
 */
import type { PersonName } from '../normalise/person-name.js'
import type { MatchingOptions } from '../tuning.js'
import { describeAlignment } from './describe-alignment.js'
import { alignNames, type Alignment } from './name-alignment.js'
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
 * the patronymic particle. Order-insensitive alignment alone would call them identical.
 */
function patronymicReversed(a: PersonName, b: PersonName, alignment: Alignment): boolean {
  const toB = new Map<number, number>()
  for (const pair of alignment.pairs) {
    if (pair.a.length === 1 && pair.b.length === 1) toB.set(pair.a[0] as number, pair.b[0] as number)
  }
  for (let k = 1; k + 1 < a.tokens.length; k++) {
    if (!PATRONYMIC.has((a.tokens[k] as NameToken).text)) continue
    const before = toB.get(k - 1)
    const after = toB.get(k + 1)
    if (before === undefined || after === undefined) continue
    if (before === after + 2 && PATRONYMIC.has(b.tokens[after + 1]?.text ?? '')) return true
  }
  return false
}

export function scorePersonNames(a: PersonName, b: PersonName, options: MatchingOptions): PersonNameScore {
  if (a.tokens.length === 0 || b.tokens.length === 0) return { score: 0, agreeingParts: 0, describe: () => 'no name to compare' }
  if (a.compact === b.compact && a.tokens.length !== b.tokens.length) {
    return { score: 1, agreeingParts: Math.min(a.tokens.length, b.tokens.length), describe: () => 'same name written with different spacing' }
  }
  const weightA = a.tokens.map((t) => personTokenWeight(t, options))
  const weightB = b.tokens.map((t) => personTokenWeight(t, options))
  const alignment = alignNames(
    a.tokens,
    b.tokens,
    weightA,
    weightB,
    { extraPartCost: options.extraPartCost, conflictPartCost: options.conflictPartCost, minConflictWeight: 0 },
    options,
  )
  // A name of initials only ("J S") says almost nothing, whatever it aligns with.
  const substantive = alignment.pairs.some((p) => p.how !== 'initial')
  let score = substantive ? alignment.score : alignment.score * 0.5
  // One name against a full name ("Campbell" vs "Sarah Campbell") fits everyone of that name.
  const partsA = a.tokens.filter((t) => !t.particle).length
  const partsB = b.tokens.filter((t) => !t.particle).length
  if (Math.min(partsA, partsB) === 1 && Math.max(partsA, partsB) > 1) score *= options.singleNameFactor
  const reversed = patronymicReversed(a, b, alignment)
  if (reversed) score -= options.patronymicReversalPenalty
  const describe = (): string => describeAlignment(a.tokens, b.tokens, alignment, 'name part') + (reversed ? '; father and son names reversed' : '')
  const agreeingParts = alignment.pairs.filter((p) => !p.a.some((i) => a.tokens[i]?.particle === true)).length
  return { score: Math.max(0, score), agreeingParts, describe }
}
