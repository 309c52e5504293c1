/**
 * Company-name similarity: IDF-weighted alignment of the distinctive parts, with the legal form
 * and numbers as qualifiers (docs/design.md §4.3). Practice from docs/domain-notes.md §3: require distinctive
 * words to agree, flag number mismatches ("ABC 1 Ltd" vs "ABC 2 Ltd"), compare legal forms by
 * family rather than dropping them. A distinctive word on one side only costs its full weight
 * ("Pennine Valley Roofing" is not "Pennine Roofing"); initials stand for words only when a
 * distinctive word agrees too ("K & M Roofing" is not "Kelly & Moss Roofing").
 */
import type { CompanyName } from '../normalise/company-name.js'
import type { NameToken } from '../normalise/name-token.js'
import { foldText } from '../text/fold.js'
import { perOptions, type MatchingOptions } from '../tuning.js'
import { describeAlignment } from './describe-alignment.js'
import { alignNames, summariseAlignment, type AlignmentCosts } from './name-alignment.js'
import { companyTokenWeight, type WordFrequencies } from './token-weights.js'

export interface CompanyNameScore {
  readonly score: number
  /** Words for the reason; built only for pairs that become matches. */
  describe(): string
}

/**
 * Families that are one kind of body for screening: a UK company re-registers from Ltd to PLC
 * under the same number, and rigour files "Inc" under LLC but "AG" under JSC.
 */
const FAMILY_CLASS: Readonly<Record<string, string>> = { LLC: 'company', JSC: 'company', CoLtd: 'company', OOO: 'company', SOE: 'company' }

function familyClass(family: string): string {
  return FAMILY_CLASS[family] ?? family
}

/** Whether the two names share a kind of body; compared in place, as this runs for every scored pair. */
function sameKindOfBody(a: CompanyName, b: CompanyName): boolean {
  for (const fa of a.legalForms) {
    const kind = familyClass(fa.family)
    for (const fb of b.legalForms) if (familyClass(fb.family) === kind) return true
  }
  return false
}

/** What the legal forms add to the score: a different kind of body lowers it. */
function legalFormAdjust(a: CompanyName, b: CompanyName, options: MatchingOptions): number {
  if (a.legalForms.length === 0 || b.legalForms.length === 0) return 0
  return sameKindOfBody(a, b) ? 0 : -options.legalFormConflictPenalty
}

/** Words for the legal forms, built only for pairs that become matches. */
function legalFormDetail(a: CompanyName, b: CompanyName): string {
  if (a.legalForms.length === 0 || b.legalForms.length === 0) return ''
  const left = a.legalForms.map((f) => f.display).join(' ')
  const right = b.legalForms.map((f) => f.display).join(' ')
  if (sameKindOfBody(a, b)) return left === right ? `legal form ${left} agrees` : `legal form ${left} ↔ ${right} (same kind of body)`
  return `legal form ${left} ≠ ${right} (different kind of body)`
}

/** The alignment costs of company names. */
const alignmentCosts = perOptions((options): AlignmentCosts => ({
  extraPartCost: options.companyExtraPartCost,
  distinctiveExtraPartCost: options.companyDistinctiveExtraPartCost,
  genericWeight: options.genericWordWeight,
  distinctiveWeight: options.minDistinctiveWeight,
  conflictPartCost: options.conflictPartCost,
  minConflictWeight: options.minConflictWeight,
  maxPartsWithSurname: 0,
  initialsNeedWeight: options.minDistinctiveWeight,
  abbreviations: true,
}))

/** Folded words written in brackets, or null when there are none. */
function bracketedWords(raw: string): ReadonlySet<string> | null {
  if (!raw.includes('(')) return null
  const words = new Set<string>()
  for (const match of raw.matchAll(/\(([^()]*)\)/g)) {
    for (const word of foldText(match[1] ?? '', { joinDottedInitials: true }).split(' ')) if (word.length > 0) words.add(word)
  }
  return words
}

/**
 * Each word's weight in a name: background weight, lowered by the register's IDF when given.
 * Words in brackets qualify the name (a place, trade or year: "Deutsche Bank (Schweiz) AG",
 * "Smith (Builders) Ltd", "Acme (UK) Ltd") and weigh as generic words, unless the whole name is
 * bracketed.
 */
export function companyNameWeights(name: CompanyName, frequencies: WordFrequencies | undefined, options: MatchingOptions): number[] {
  const weights = name.tokens.map((t) => companyTokenWeight(t, frequencies, options))
  const bracketed = bracketedWords(name.raw)
  if (bracketed === null || name.tokens.every((t) => bracketed.has(t.text))) return weights
  for (let i = 0; i < weights.length; i++) {
    if (bracketed.has((name.tokens[i] as NameToken).text)) weights[i] = Math.min(weights[i] as number, options.genericWordWeight)
  }
  return weights
}

export function scoreCompanyNames(a: CompanyName, b: CompanyName, frequencies: WordFrequencies | undefined, options: MatchingOptions): CompanyNameScore {
  return scoreWeightedCompanyNames(a, companyNameWeights(a, frequencies, options), b, companyNameWeights(b, frequencies, options), options)
}

/**
 * The score of two names whose word weights are already known: screening weighs the query once
 * and the register's names once at compile time, instead of once per candidate pair.
 */
export function scoreWeightedCompanyNames(
  a: CompanyName,
  weightA: readonly number[],
  b: CompanyName,
  weightB: readonly number[],
  options: MatchingOptions,
): CompanyNameScore {
  const summary = summariseAlignment(a.tokens, b.tokens, weightA, weightB, alignmentCosts(options), options)
  let score = summary.score
  const sameCompact = score < 1 && a.compact.length > 0 && a.compact === b.compact
  if (sameCompact) score = 1
  let numbersDiffer = false
  if (summary.numbersUnaligned) {
    score -= options.numberConflictPenalty
    numbersDiffer = true
  }
  score += legalFormAdjust(a, b, options)
  return new ScoredCompanyNames(Math.max(0, Math.min(1, score)), a, weightA, b, weightB, options, sameCompact, numbersDiffer)
}

/**
 * A score with what it needs to explain itself: the words, and the alignment they name, are made
 * again only for matches (the same inputs align the same way).
 */
class ScoredCompanyNames implements CompanyNameScore {
  constructor(
    readonly score: number,
    private readonly a: CompanyName,
    private readonly weightA: readonly number[],
    private readonly b: CompanyName,
    private readonly weightB: readonly number[],
    private readonly options: MatchingOptions,
    private readonly sameCompact: boolean,
    private readonly numbersDiffer: boolean,
  ) {}

  /** The words for the aligned parts, from the alignment made again. */
  private describeParts(): string {
    const alignment = alignNames(this.a.tokens, this.b.tokens, this.weightA, this.weightB, alignmentCosts(this.options), this.options)
    return describeAlignment(this.a.tokens, this.b.tokens, alignment, 'word')
  }

  describe(): string {
    const details = [
      this.sameCompact ? 'same name written with different spacing' : this.describeParts(),
      this.numbersDiffer ? 'numbers in the names differ' : '',
      legalFormDetail(this.a, this.b),
    ]
    return details.filter((d) => d !== '').join('; ')
  }
}
