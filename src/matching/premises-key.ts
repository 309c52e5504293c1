/**
 * The key of the premises an address names, exactly as the matcher counts shared premises
 * (evidence/shared-values.ts: the UPRN, or the postcode and building number; units within one
 * building are one premises). For callers that count how widely premises are shared outside a
 * compiled register, such as an authority's own screening history; screening does not use it.
 */
import { premisesKey } from './evidence/shared-values.js'
import { parseAddress } from './normalise/address.js'
import type { Address } from './types.js'

/** `premises:uprn:…` or `premises:<postcode>|<number>`; null when the address names no building. */
export function premisesKeyOf(address: Address): string | null {
  return premisesKey(parseAddress(address))
}
