/**
 * UK address parsing for comparison (DESIGN.md §4.1): postcode validated and canonicalised,
 * flat/unit, building number and street words separated, street abbreviations expanded
 * ("Rd" → "road"), town kept apart. Not a full PAF parser: enough structure to tell "same
 * premises" from "same street, different number". Abbreviations from OpenCage's address
 * formatting list (see data/README.md); postcode rules in ./postcode.ts.
 */
import { foldText } from '../text/fold.js'
import { STREET_FORMS } from '../reference-data.js'
import type { Address } from '../types.js'
import { canonicalPostcode, postcodeOutward } from './postcode.js'

export interface ParsedAddress {
  /** One-line form for reasons, as given. */
  readonly display: string
  /** Canonical UK postcode ("M5 4XJ"), or country-prefixed compact code abroad ("AU 2600"). */
  readonly postcode: string | null
  readonly outward: string | null
  readonly uprn: string | null
  /** Building number, "12" or "12a". */
  readonly number: string | null
  /** Flat, unit, suite or apartment number. */
  readonly flat: string | null
  /** Street and building-name words, abbreviations expanded. */
  readonly street: readonly string[]
  readonly town: readonly string[]
}

const SUB_PREMISES = new Set(['flat', 'unit', 'suite', 'apartment', 'room', 'floor', 'office', 'studio', 'block'])
const NUMBER = /^[0-9]+[a-z]?$/
const MAX_ADDRESS_TOKENS = 40

function expand(word: string): string {
  return STREET_FORMS.get(word) ?? word
}

function tokensOf(text: string): string[] {
  const folded = foldText(text)
  return folded.length === 0 ? [] : folded.split(' ').slice(0, MAX_ADDRESS_TOKENS)
}

/** A UK postcode written at the end of the address lines, when no postcode field was given. */
function postcodeInLines(words: string[]): { postcode: string; used: number } | null {
  for (const take of [2, 1]) {
    if (words.length < take) continue
    const candidate = canonicalPostcode(words.slice(words.length - take).join(''))
    if (candidate !== null) return { postcode: candidate, used: take }
  }
  return null
}

function oneLine(address: Address): string {
  return [...(address.lines ?? []), address.town, address.postcode].filter((p) => typeof p === 'string' && p.trim() !== '').join(', ')
}

export function parseAddress(address: Address): ParsedAddress {
  const country = (typeof address.country === 'string' && address.country.trim() !== '' ? address.country.trim() : 'GB').toUpperCase()
  const uk = country === 'GB' || country === 'UK'
  const lines = Array.isArray(address.lines) ? address.lines.filter((l): l is string => typeof l === 'string') : []
  let words = lines.flatMap(tokensOf)
  let postcode: string | null = null
  if (typeof address.postcode === 'string' && address.postcode.trim() !== '') {
    postcode = uk ? canonicalPostcode(address.postcode) : `${country} ${foldText(address.postcode).replace(/ /g, '').toUpperCase()}`
  } else if (uk) {
    const found = postcodeInLines(words)
    if (found !== null) {
      postcode = found.postcode
      words = words.slice(0, words.length - found.used)
    }
  }
  const town = typeof address.town === 'string' ? tokensOf(address.town) : []
  let number: string | null = null
  let flat: string | null = null
  const street: string[] = []
  for (let k = 0; k < words.length; k++) {
    const word = expand(words[k] as string)
    if (SUB_PREMISES.has(word) && NUMBER.test(words[k + 1] ?? '')) {
      if (flat === null) flat = words[k + 1] as string
      k++
    } else if (NUMBER.test(word)) {
      if (number === null) number = word
    } else if (word !== 'number') {
      street.push(word)
    }
  }
  // A town repeated at the end of the lines is not part of the street.
  const townText = town.join(' ')
  while (townText !== '' && street.length > town.length && street.slice(street.length - town.length).join(' ') === townText) {
    street.splice(street.length - town.length, town.length)
  }
  // UPRNs are at most 12 digits; exports often zero-pad them.
  const uprnDigits = typeof address.uprn === 'string' && /^[0-9]{1,20}$/.test(address.uprn.trim()) ? address.uprn.trim().replace(/^0+/, '') : ''
  const uprn = uprnDigits.length > 0 && uprnDigits.length <= 12 ? uprnDigits : null
  return {
    display: oneLine(address),
    postcode,
    outward: postcode !== null && uk ? postcodeOutward(postcode) : null,
    uprn,
    number,
    flat,
    street,
    town,
  }
}
