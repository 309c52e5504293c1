/**
 * UK postcodes as the matcher reads them: invisible code points removed, then the one UK
 * postcode rule of src/rules/uk-postcode.ts (format, canonical form, and which countries use
 * Royal Mail postcodes), so that the register's validator and the matcher cannot disagree.
 */

import { canonicalUkPostcode } from '../../rules/uk-postcode.js'
import { removeInvisible } from '../text/fold.js'

/**
 * The canonical form of a UK postcode — upper case, one space before the inward code
 * (`m54xj` → `M5 4XJ`) — or null when `raw` is not a valid postcode format.
 */
export function canonicalPostcode(input: string): string | null {
  if (typeof input !== 'string') return null
  return canonicalUkPostcode(removeInvisible(input))
}

/**
 * The outward code (area + district, e.g. "M5", "SW1A") of a postcode already in canonical
 * form; for a BFPO number it is "BFPO". Matching uses it as the weak "same district" signal.
 */
export function postcodeOutward(canonical: string): string {
  const space = canonical.indexOf(' ')
  return space === -1 ? canonical : canonical.slice(0, space)
}
