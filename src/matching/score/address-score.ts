/**
 * Address agreement (docs/design.md §4.3; docs/domain-notes.md §3 practice): UPRN equality is exact; otherwise
 * the postcode must agree and the premises (building number, flat or unit) decide between "same
 * premises" and "same street, different number". Without a postcode on both sides the street,
 * number and town must all agree. A shared postcode alone is only a qualifier: it covers about
 * fifteen delivery points.
 */
import type { ParsedAddress } from '../normalise/address.js'
import { jaroWinkler } from '../text/jaro-winkler.js'
import type { MatchingOptions } from '../tuning.js'

export interface AddressAgreement {
  readonly score: number
  readonly detail: string
}

/** Share of street words that agree (Jaro–Winkler ≥ `streetWordSimilarity` counts as agreeing). */
function streetSimilarity(a: readonly string[], b: readonly string[], options: MatchingOptions): number {
  if (a.length === 0 || b.length === 0) return 0
  let matched = 0
  const used = new Uint8Array(b.length)
  for (const word of a) {
    for (let j = 0; j < b.length; j++) {
      if (used[j] === 0 && (word === b[j] || jaroWinkler(word, b[j] as string) >= options.streetWordSimilarity)) {
        used[j] = 1
        matched++
        break
      }
    }
  }
  return (2 * matched) / (a.length + b.length)
}

function premises(a: ParsedAddress): string {
  return [a.flat === null ? '' : `unit ${a.flat}`, a.number ?? ''].filter((p) => p !== '').join(' ')
}

/** Towns agree, or one side gives none. */
function townsAgree(a: ParsedAddress, b: ParsedAddress, options: MatchingOptions): boolean {
  return a.town.length === 0 || b.town.length === 0 || streetSimilarity(a.town, b.town, options) >= options.streetAgreement
}

export function compareAddresses(a: ParsedAddress, b: ParsedAddress, options: MatchingOptions): AddressAgreement {
  if (a.uprn !== null && b.uprn !== null) {
    return a.uprn === b.uprn ? { score: options.addressUprnScore, detail: `same UPRN ${a.uprn}` } : { score: 0, detail: 'different UPRN' }
  }
  const numbersKnown = a.number !== null && b.number !== null
  const flatsKnown = a.flat !== null && b.flat !== null
  const premisesConflict = (numbersKnown && a.number !== b.number) || (flatsKnown && a.flat !== b.flat)
  if (a.postcode !== null && b.postcode !== null) {
    if (a.postcode !== b.postcode) return { score: 0, detail: 'different postcode' }
    const pc = `postcode ${a.postcode} agrees`
    if (numbersKnown && a.number !== b.number) {
      return { score: options.addressNumberConflictScore, detail: `${pc} but building number differs (${a.number} vs ${b.number})` }
    }
    if (numbersKnown || (flatsKnown && a.flat === b.flat)) {
      if (flatsKnown && a.flat !== b.flat) {
        return { score: options.addressFlatConflictScore, detail: `${pc}, same building, different unit (${a.flat} vs ${b.flat})` }
      }
      return { score: options.addressFullScore, detail: `${pc} and premises ${premises(a)} agree` }
    }
    if (flatsKnown) return { score: options.addressNumberConflictScore, detail: `${pc} but unit differs (${a.flat} vs ${b.flat})` }
    // Street words are compared only where they decide: most pairs part on the postcode or number.
    if (streetSimilarity(a.street, b.street, options) >= options.streetAgreement) {
      return { score: options.addressNoNumberScore, detail: `${pc} and street agrees; building number not given on both sides` }
    }
    return { score: options.addressPostcodeOnlyScore, detail: `${pc}; street and number do not confirm it` }
  }
  // No postcode to anchor on: everything else must agree (words compared last, being the costliest).
  const townGiven = a.town.length > 0 || b.town.length > 0
  if (numbersKnown && !premisesConflict && townGiven && townsAgree(a, b, options) && streetSimilarity(a.street, b.street, options) >= options.streetAgreement) {
    return { score: options.addressNoPostcodeScore, detail: `street, number ${a.number} and town agree; postcode not given on both sides` }
  }
  return { score: 0, detail: 'addresses do not agree' }
}
