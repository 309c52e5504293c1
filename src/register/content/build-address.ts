/**
 * An address, checked: lines, town, postcode (a UK postcode where the country uses them),
 * country (ISO 3166-1 alpha-2, default GB) and UPRN. The country and postcode rules are the one
 * rule of src/rules/; the postcode's key is the matcher's, so the register and the matcher
 * cannot disagree on it.
 */
import { canonicalPostcode } from '../../matching/index.js'
import { COUNTRY_CODE_MESSAGE, DEFAULT_COUNTRY, canonicalCountry } from '../../rules/countries.js'
import { UK_POSTCODE_COUNTRIES } from '../../rules/uk-postcode.js'
import { FIELD_LIMITS as L, UPRN_SLACK } from './limits.js'
import { checkText, checkTextList, report, type FieldLocator, type ValidationContext } from './field-checks.js'
import { UploadErrorCode } from './upload-errors.js'
import type { WatchlistAddress } from './watchlist-types.js'

const UPRN = /^[0-9]{1,12}$/

export interface AddressDraft {
  lines?: readonly string[] | null
  town?: string | null
  postcode?: string | null
  country?: string | null
  uprn?: string | number | null
}

/** Whether any address field that identifies a place (not just a country) is filled in. */
export function addressDraftHasContent(draft: AddressDraft): boolean {
  if (draft.lines != null) {
    for (const line of draft.lines) if (hasText(line)) return true
  }
  return hasText(draft.town) || hasText(draft.postcode) || typeof draft.uprn === 'number' || hasText(draft.uprn)
}

function hasText(value: string | null | undefined): boolean {
  return value != null && value.trim().length > 0
}

/**
 * A checked address or undefined after reporting. An address must have lines, a postcode or a
 * UPRN: a town or a country alone does not single out a place worth screening against.
 */
export function buildAddress(ctx: ValidationContext, locator: FieldLocator, draft: AddressDraft, addressIndex?: number): WatchlistAddress | undefined {
  const before = ctx.errors.total
  const lines = checkTextList(ctx, locator, 'lines', draft.lines, L.addressLine, L.addressLines, addressIndex)
  const town = checkText(ctx, locator, 'town', draft.town, L.town, addressIndex)
  const postcode = checkText(ctx, locator, 'postcode', draft.postcode, L.postcode, addressIndex)
  const countryText = checkText(ctx, locator, 'country', draft.country, L.country, addressIndex)
  const uprnText = typeof draft.uprn === 'number' ? String(draft.uprn) : checkText(ctx, locator, 'uprn', draft.uprn, L.uprn + UPRN_SLACK, addressIndex)

  let country: string | null = DEFAULT_COUNTRY
  if (countryText != null) {
    country = canonicalCountry(countryText)
    if (country === null) {
      report(ctx, locator, 'country', UploadErrorCode.INVALID_COUNTRY, `country ${COUNTRY_CODE_MESSAGE}`, addressIndex)
    }
  }
  let postcodeKey: string | null = null
  if (postcode != null && country !== null && UK_POSTCODE_COUNTRIES.has(country)) {
    postcodeKey = canonicalPostcode(postcode)
    if (postcodeKey === null) {
      report(
        ctx,
        locator,
        'postcode',
        UploadErrorCode.INVALID_POSTCODE,
        'postcode is not a valid UK postcode (for example M5 4XJ); set country for an address outside the UK',
        addressIndex,
      )
    }
  }
  if (uprnText != null && !UPRN.test(uprnText)) {
    report(ctx, locator, 'uprn', UploadErrorCode.INVALID_UPRN, 'UPRN must be a number of 1 to 12 digits', addressIndex)
  }
  if (lines !== undefined && lines.length === 0 && postcode === null && uprnText === null) {
    report(ctx, locator, 'address', UploadErrorCode.MISSING_REQUIRED_FIELD, 'an address needs at least address lines, a postcode or a UPRN', addressIndex)
  }
  if (ctx.errors.total !== before || lines === undefined || town === undefined || postcode === undefined || uprnText === undefined || country === null) {
    return undefined
  }
  return { lines, town, postcode, postcodeKey, country, uprn: uprnText }
}

/** Every address of a company or person, each checked; undefined if any was invalid. */
export function buildAddresses(
  ctx: ValidationContext,
  locator: FieldLocator,
  drafts: readonly AddressDraft[] | null | undefined,
): WatchlistAddress[] | undefined {
  if (drafts == null) return []
  const out: WatchlistAddress[] = []
  let valid = true
  for (let i = 0; i < drafts.length; i += 1) {
    const draft = drafts[i]
    if (draft === undefined) continue
    const address = buildAddress(ctx, locator, draft, i)
    if (address === undefined) valid = false
    else out.push(address)
  }
  return valid ? out : undefined
}
