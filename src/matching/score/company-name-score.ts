/**
 * Company-name similarity: IDF-weighted alignment of the distinctive parts, with the legal form
 * and numbers as qualifiers (DESIGN.md §4.3). Practice from DOMAIN.md §6: require distinctive
 * words to agree, flag number mismatches ("ABC 1 Ltd" vs "ABC 2 Ltd"), compare legal forms by
 * family rather than dropping them.
 */
import type { CompanyName } from '../normalise/company-name.js'
import type { MatchingOptions } from '../tuning.js'
import { describeAlignment } from './describe-alignment.js'
import { alignNames } from './name-alignment.js'
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

function legalFormQualifier(a: CompanyName, b: CompanyName, options: MatchingOptions): { adjust: number; detail: string } {
  if (a.legalForms.length === 0 || b.legalForms.length === 0) return { adjust: 0, detail: '' }
  const familiesA = new Set(a.legalForms.map((f) => familyClass(f.family)))
  const same = b.legalForms.some((f) => familiesA.has(familyClass(f.family)))
  const left = a.legalForms.map((f) => f.display).join(' ')
  const right = b.legalForms.map((f) => f.display).join(' ')
  if (same) return { adjust: 0, detail: left === right ? `legal form ${left} agrees` : `legal form ${left} ↔ ${right} (same kind of body)` }
  return { adjust: -options.legalFormConflictPenalty, detail: `legal form ${left} ≠ ${right} (different kind of body)` }
}

export function scoreCompanyNames(a: CompanyName, b: CompanyName, frequencies: WordFrequencies | undefined, options: MatchingOptions): CompanyNameScore {
  const weightA = a.tokens.map((t) => companyTokenWeight(t, frequencies, options))
  const weightB = b.tokens.map((t) => companyTokenWeight(t, frequencies, options))
  const alignment = alignNames(
    a.tokens,
    b.tokens,
    weightA,
    weightB,
    { extraPartCost: options.companyExtraPartCost, conflictPartCost: options.conflictPartCost, minConflictWeight: options.minConflictWeight },
    options,
  )
  let score = alignment.score
  const details: (string | (() => string))[] = []
  if (a.compact.length > 0 && a.compact === b.compact && score < 1) {
    score = 1
    details.push('same name written with different spacing')
  } else {
    details.push(() => describeAlignment(a.tokens, b.tokens, alignment, 'word'))
  }
  const numbersA = alignment.extraA.filter((i) => a.tokens[i]?.numeric === true)
  const numbersB = alignment.extraB.filter((j) => b.tokens[j]?.numeric === true)
  if (numbersA.length > 0 && numbersB.length > 0) {
    score -= options.numberConflictPenalty
    details.push('numbers in the names differ')
  }
  const form = legalFormQualifier(a, b, options)
  score += form.adjust
  if (form.detail !== '') details.push(form.detail)
  return {
    score: Math.max(0, Math.min(1, score)),
    describe: () =>
      details
        .map((d) => (typeof d === 'string' ? d : d()))
        .filter((d) => d !== '')
        .join('; '),
  }
}
