/**
 * UK postcode validation and canonical form.
 *
 * Reference: the Cabinet Office / BS 7666 PostCodeType pattern (archived e-GIF XSD), rewritten
 * without XSD character-class subtraction; see docs/domain-notes.md §2. It encodes the Royal Mail
 * letter rules (no Q, V, X first; no I, J, Z second; restricted third and fourth letters; no
 * C, I, K, M, O, V in the inward code), so "postcode-shaped" strings that Royal Mail never issues
 * are rejected rather than indexed as keys that can never match a real address.
 *
 * Accepted besides the geographic formats: `GIR 0AA` (Girobank) and British Forces Post Office
 * numbers written `BFPO 1234` (1–4 digits). BFPO addresses now also have ordinary `BF1 xxx`
 * postcodes, which the main pattern accepts. Overseas-territory codes (ASCN 1ZZ, GX11 1AA, …) are
 * not GB postcodes and are rejected.
 */

import { removeInvisible } from '../text/fold.js'

const POSTCODE_PATTERN =
  /^(?:GIR0AA|(?:[A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?|[A-PR-UWYZ][0-9][A-HJKSTUW]|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])[0-9][ABD-HJLNP-UW-Z]{2})$/

const BFPO_PATTERN = /^BFPO([0-9]{1,4})$/

/** Longest input worth looking at: a 7-character postcode with generous padding. */
const MAX_RAW_LENGTH = 32

/** Spaces of any kind (incl. NBSP and other Unicode separators people paste from documents). */
const SPACES = /[\s\u00A0\u2000-\u200B\u202F\u205F\u3000\uFEFF]+/g

/**
 * The canonical form of a UK postcode — upper case, one space before the inward code
 * (`m54xj` → `M5 4XJ`) — or null when `raw` is not a valid postcode format.
 */
export function canonicalPostcode(input: string): string | null {
  if (typeof input !== 'string') return null
  const raw = removeInvisible(input)
  if (raw.length === 0 || raw.length > MAX_RAW_LENGTH) return null
  const compact = raw.replace(SPACES, '').toUpperCase()
  const bfpo = BFPO_PATTERN.exec(compact)
  if (bfpo !== null) return `BFPO ${bfpo[1]}`
  if (!POSTCODE_PATTERN.test(compact)) return null
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`
}

/**
 * The outward code (area + district, e.g. "M5", "SW1A") of a postcode already in canonical
 * form; for a BFPO number it is "BFPO". Matching uses it as the weak "same district" signal.
 */
export function postcodeOutward(canonical: string): string {
  const space = canonical.indexOf(' ')
  return space === -1 ? canonical : canonical.slice(0, space)
}
