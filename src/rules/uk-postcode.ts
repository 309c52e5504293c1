/**
 * UK postcodes: which countries use them and what one looks like; the one rule for the
 * register's validator and the matcher's postcode normaliser (issue 13).
 *
 * Countries: the Crown Dependencies (Guernsey GG, Jersey JE, Isle of Man IM) share the Royal
 * Mail system with the United Kingdom (GB, also written UK), so their postcodes are validated
 * and compared as UK postcodes; elsewhere a postcode is kept as written.
 *
 * Format reference: the Cabinet Office / BS 7666 PostCodeType pattern (archived e-GIF XSD),
 * rewritten without XSD character-class subtraction; see docs/domain-notes.md §2. It encodes the
 * Royal Mail letter rules (no Q, V, X first; no I, J, Z second; restricted third and fourth
 * letters; no C, I, K, M, O, V in the inward code), so "postcode-shaped" strings that Royal Mail
 * never issues are refused rather than indexed as keys that can never match a real address.
 * Accepted besides the geographic formats: `GIR 0AA` (Girobank) and British Forces Post Office
 * numbers written `BFPO 1234` (1–4 digits); BFPO addresses also have ordinary `BF1 xxx`
 * postcodes, which the main pattern accepts. The four-letter overseas-territory codes (ASCN 1ZZ,
 * STHL 1ZZ, …) are not UK postcodes and are refused; Gibraltar's GX11 1AA has a UK shape and
 * passes. Pure.
 */
import { canonicalCountry } from './countries.js'

/** Countries whose addresses carry Royal Mail postcodes (ISO 3166-1 alpha-2). */
export const UK_POSTCODE_COUNTRIES: ReadonlySet<string> = new Set(['GB', 'GG', 'JE', 'IM'])

/** Whether an address in `country` (any case; `UK` read as `GB`) has a UK postcode. */
export function usesUkPostcodes(country: string): boolean {
  const code = canonicalCountry(country.trim())
  return code !== null && UK_POSTCODE_COUNTRIES.has(code)
}

const POSTCODE_PATTERN =
  /^(?:GIR0AA|(?:[A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?|[A-PR-UWYZ][0-9][A-HJKSTUW]|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])[0-9][ABD-HJLNP-UW-Z]{2})$/

const BFPO_PATTERN = /^BFPO([0-9]{1,4})$/

/** Longest input worth looking at: a 7-character postcode with generous padding. */
const MAX_RAW_LENGTH = 32

/** Spaces of any kind (incl. NBSP and other Unicode separators people paste from documents). */
const SPACES = /[\s\u00A0\u2000-\u200B\u202F\u205F\u3000\uFEFF]+/g

/**
 * The canonical form of a UK postcode (upper case, one space before the inward code:
 * `m54xj` → `M5 4XJ`; `bfpo105` → `BFPO 105`), or null when `raw` is not one.
 */
export function canonicalUkPostcode(raw: string): string | null {
  if (raw.length === 0 || raw.length > MAX_RAW_LENGTH) return null
  const compact = raw.replace(SPACES, '').toUpperCase()
  const bfpo = BFPO_PATTERN.exec(compact)
  if (bfpo !== null) return `BFPO ${bfpo[1]}`
  if (!POSTCODE_PATTERN.test(compact)) return null
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`
}
