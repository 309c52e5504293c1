/**
 * UK address parsing for comparison (docs/design.md §4.1): postcode validated and canonicalised,
 * flat/unit, building number and street words separated, street abbreviations expanded
 * ("Rd" → "road"), town kept apart. Not a full PAF parser: enough structure to tell "same
 * premises" from "same street, different number", whichever way the premises are written.
 *
 * Premises follow the Royal Mail PAF order (sub-building, then building number, then
 * thoroughfare; Royal Mail, "Programmers' Guide to PAF", 2020) and the Scottish tenement
 * conventions: a Glasgow flat position "2/1" is floor 2, flat 1, written before the building
 * number ("Flat 2/1, 45 Dumbarton Road" or "2/1 45 Dumbarton Road"; 0 is the ground floor), the
 * same as Edinburgh's "2F1"; an Edinburgh "45/2 Dumbarton Road" with no number after it is
 * building 45, flat 2. Abbreviations from OpenCage's and rigour's address form lists (see
 * data/README.md); postcode rules in ./postcode.ts.
 */
import { exactList } from '../exact-list.js'
import { foldText, removeInvisible } from '../text/fold.js'
import { STREET_FORMS } from '../reference-data.js'
import type { Address } from '../types.js'
import { usesUkPostcodes } from '../../rules/uk-postcode.js'
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
  /** Flat, unit, suite or apartment: "3", "3b", "b", or a floor/position "2/1". */
  readonly flat: string | null
  /** Street and building-name words, abbreviations expanded. */
  readonly street: readonly string[]
  readonly town: readonly string[]
}

/** Words (after expansion: "Apt", "Flt" and "Apartment" are "flat") that introduce a sub-premises. */
const SUB_PREMISES = new Set(['flat', 'unit', 'suite', 'room', 'studio', 'office', 'block'])
/** Floors say where a flat is, not which: "Flat 5, 2nd Floor" is flat 5. */
const FLOOR_WORDS = new Set(['floor'])
const FLOOR_NAMES = new Set(['ground', 'first', 'second', 'third', 'fourth', 'fifth', 'top', 'lower', 'upper', 'basement'])
const NUMBER = /^[0-9]+[a-z]?$/
const ORDINAL = /^[0-9]+(?:st|nd|rd|th)$/
/** A flat after its keyword: "3", "3b", "b3", "b". */
const FLAT_ID = /^(?:[a-z]?[0-9]+[a-z]?|[a-z])$/
/** "2/1", "0/2", "1/L" (Glasgow) and "45/2" (Edinburgh), before folding turns the slash into a space. */
const SLASHED = /(^|[^0-9A-Za-z/])([0-9]{1,4})\s*\/\s*([0-9]{1,3}|[A-Za-z])(?![0-9A-Za-z/])/g
/** The folded token a slashed pair becomes, and Edinburgh's own "2F1". */
const POSITION = /^([0-9]{1,4})f([0-9]{1,3}|[a-z])$/
/** A range of building numbers ("2-4 High Street"): the first stands for the building. */
const RANGE = /\b([0-9]+[A-Za-z]?)[-\u2013]([0-9]+[A-Za-z]?)\b/g
const MAX_ADDRESS_TOKENS = 40

function expand(word: string): string {
  return STREET_FORMS.get(word) ?? word
}

function tokensOf(text: string): string[] {
  const folded = foldText(text)
  return folded.length === 0 ? [] : folded.split(' ').slice(0, MAX_ADDRESS_TOKENS)
}

/** Address-line tokens, with slashed flat positions kept as one token ("2f1") and ranges cut to their first number. */
function lineTokens(line: string): string[] {
  const text = removeInvisible(line)
  if (!text.includes('/') && !text.includes('-') && !text.includes('\u2013')) return tokensOf(text)
  return tokensOf(text.replace(SLASHED, (_, before: string, a: string, b: string) => `${before} ${a}f${b} `).replace(RANGE, '$1'))
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

/** A single letter after a number is part of it ("12 A" is 12a), unless it abbreviates a word ("12 N Street"). */
function withLetter(words: readonly string[], k: number): { id: string; used: number } {
  const word = words[k] as string
  const next = words[k + 1] ?? ''
  if (/^[0-9]+$/.test(word) && /^[a-z]$/.test(next) && !STREET_FORMS.has(next)) return { id: word + next, used: 2 }
  return { id: word, used: 1 }
}

function position(token: string): string | null {
  const m = POSITION.exec(token)
  return m === null ? null : `${m[1] as string}/${m[2] as string}`
}

/** Whether a plain building number comes after word `k` ("2/1 45 Dumbarton Road"). */
function numberFollows(words: readonly string[], k: number): boolean {
  for (let j = k + 1; j < words.length; j++) if (NUMBER.test(words[j] as string)) return true
  return false
}

interface Premises {
  number: string | null
  flat: string | null
  street: string[]
}

/** Splits folded address words into flat, building number and street words. */
function parsePremises(words: readonly string[]): Premises {
  const out: Premises = { number: null, flat: null, street: [] }
  const setFlat = (id: string): void => {
    if (out.flat === null) out.flat = id
  }
  for (let k = 0; k < words.length; k++) {
    const raw = words[k] as string
    const word = expand(raw)
    if (SUB_PREMISES.has(word)) {
      // "Flat 3", "Flat No. 3", "Flat B", "Flat 2/1"
      let j = k + 1
      if (expand(words[j] ?? '') === 'number') j++
      const next = words[j] ?? ''
      const slashed = position(next)
      if (slashed !== null || FLAT_ID.test(next)) {
        const { id, used } = slashed === null ? withLetter(words, j) : { id: slashed, used: 1 }
        setFlat(id)
        k = j + used - 1
        continue
      }
    }
    const slashed = position(raw)
    if (slashed !== null) {
      // Glasgow position before its building number, or Edinburgh number/flat.
      if (out.number === null && !numberFollows(words, k)) {
        const m = POSITION.exec(raw) as RegExpExecArray
        out.number = m[1] as string
        setFlat(m[2] as string)
      } else {
        setFlat(slashed)
      }
      continue
    }
    if ((FLOOR_NAMES.has(word) || ORDINAL.test(word)) && FLOOR_WORDS.has(expand(words[k + 1] ?? ''))) {
      k++ // "2nd Floor", "Ground Floor": where in the building, not which premises
      continue
    }
    if (FLOOR_WORDS.has(word)) {
      if (/^[0-9]+$/.test(words[k + 1] ?? '')) k++ // "Floor 3"
      continue
    }
    if (NUMBER.test(word)) {
      const { id, used } = withLetter(words, k)
      if (out.number === null) {
        // Two numbers in a row before the street ("3, 12 High Street", or "3" on a line of its
        // own): PAF order puts the flat first.
        const after = words[k + used] ?? ''
        if (out.flat === null && out.street.length === 0 && NUMBER.test(after)) {
          out.flat = id
        } else {
          out.number = id
        }
      }
      k += used - 1
      continue
    }
    if (word !== 'number') out.street.push(word)
  }
  return out
}

/**
 * Parses one address. `shared`, when given, keeps one copy of each word, postcode and building
 * number across the addresses parsed with it: a register's addresses repeat a few thousand towns,
 * street words and outward codes a million times, and each copy cost a string of its own.
 */
export function parseAddress(address: Address, shared?: Map<string, string>): ParsedAddress {
  const country = (typeof address.country === 'string' && address.country.trim() !== '' ? removeInvisible(address.country).trim() : 'GB').toUpperCase()
  const uk = usesUkPostcodes(country)
  const lines = Array.isArray(address.lines) ? address.lines.filter((l): l is string => typeof l === 'string') : []
  let words = lines.flatMap(lineTokens).slice(0, MAX_ADDRESS_TOKENS)
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
  const { number, flat, street } = parsePremises(words)
  // A town repeated at the end of the lines is not part of the street.
  const townText = town.join(' ')
  while (townText !== '' && street.length > town.length && street.slice(street.length - town.length).join(' ') === townText) {
    street.splice(street.length - town.length, town.length)
  }
  // UPRNs are at most 12 digits; exports often zero-pad them.
  const uprnText = typeof address.uprn === 'string' ? removeInvisible(address.uprn).trim() : ''
  const uprnDigits = /^[0-9]{1,20}$/.test(uprnText) ? uprnText.replace(/^0+/, '') : ''
  const uprn = uprnDigits.length > 0 && uprnDigits.length <= 12 ? uprnDigits : null
  const one = (text: string | null) => (text === null || shared === undefined ? text : interned(shared, text))
  return {
    display: oneLine(address),
    postcode: one(postcode),
    outward: one(postcode !== null && uk ? postcodeOutward(postcode) : null),
    uprn,
    number: one(number),
    flat,
    street: exactList(shared === undefined ? street : street.map((word) => interned(shared, word))),
    town: exactList(shared === undefined ? town : town.map((word) => interned(shared, word))),
  }
}

function interned(shared: Map<string, string>, text: string): string {
  const known = shared.get(text)
  if (known !== undefined) return known
  shared.set(text, text)
  return text
}
