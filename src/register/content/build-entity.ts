/**
 * One entity of a group, checked, with the canonical keys of its identifiers (company number,
 * phone, e-mail, website: the matcher's own, through src/matching/index.ts) and the one rule of
 * src/rules/ for its date of birth and nationality.
 */
import { canonicalCompanyNumber, canonicalDomain, canonicalEmail, phoneToE164 } from '../../matching/index.js'
import { COUNTRY_CODE_MESSAGE, canonicalCountry } from '../../rules/countries.js'
import { isoDateOfBirthProblem } from '../../rules/date-of-birth.js'
import { addressDraftHasContent, buildAddress, buildAddresses, type AddressDraft } from './build-address.js'
import { checkText, checkTextList, report, reportRequired, type FieldLocator, type ValidationContext } from './field-checks.js'
import { FIELD_LIMITS as L, type EntityType } from './limits.js'
import { UploadErrorCode } from './upload-errors.js'
import type { WatchlistCompany, WatchlistEntity, WatchlistIdentifierEntity, WatchlistPerson } from './watchlist-types.js'

/** Draft of one entity: the union of every type's fields, as read from either format. */
export interface EntityDraft {
  type: EntityType
  name?: string | null
  aliases?: readonly string[] | null
  companyNumber?: string | null
  dateOfBirth?: string | null
  role?: string | null
  nationality?: string | null
  addresses?: readonly AddressDraft[] | null
  address?: AddressDraft | null
  value?: string | null
}

/** The checked entity with its canonical keys, or undefined after reporting every problem. */
export function buildEntity(ctx: ValidationContext, locator: FieldLocator, draft: EntityDraft): WatchlistEntity | undefined {
  switch (draft.type) {
    case 'company':
      return buildCompany(ctx, locator, draft)
    case 'person':
      return buildPerson(ctx, locator, draft)
    case 'address': {
      if (draft.address == null || !addressDraftHasContent(draft.address)) {
        report(ctx, locator, 'address', UploadErrorCode.MISSING_REQUIRED_FIELD, 'an address entity needs at least address lines, a postcode or a UPRN')
        return undefined
      }
      const address = buildAddress(ctx, locator, draft.address)
      return address === undefined ? undefined : { type: 'address', address }
    }
    case 'phone':
    case 'email':
    case 'website':
      return buildIdentifier(ctx, locator, draft.type, draft.value)
  }
}

function buildCompany(ctx: ValidationContext, locator: FieldLocator, draft: EntityDraft): WatchlistCompany | undefined {
  const before = ctx.errors.total
  const name = checkText(ctx, locator, 'name', draft.name, L.name)
  if (name === null) reportRequired(ctx, locator, 'name', 'a company')
  const aliases = checkTextList(ctx, locator, 'aliases', draft.aliases, L.alias, L.aliases)
  const companyNumber = checkText(ctx, locator, 'companyNumber', draft.companyNumber, L.companyNumber)
  let companyNumberKey: string | null = null
  if (companyNumber != null) {
    companyNumberKey = canonicalCompanyNumber(companyNumber)
    if (companyNumberKey === null) {
      report(
        ctx,
        locator,
        'companyNumber',
        UploadErrorCode.INVALID_COMPANY_NUMBER,
        'company number must be 8 characters: up to 8 digits, or a Companies House prefix such as SC, NI or OC and up to 6 digits',
      )
    }
  }
  const addresses = buildAddresses(ctx, locator, draft.addresses)
  if (ctx.errors.total !== before || name == null || aliases === undefined || companyNumber === undefined || addresses === undefined) {
    return undefined
  }
  return { type: 'company', name, aliases, companyNumber, companyNumberKey, addresses }
}

function buildPerson(ctx: ValidationContext, locator: FieldLocator, draft: EntityDraft): WatchlistPerson | undefined {
  const before = ctx.errors.total
  const name = checkText(ctx, locator, 'name', draft.name, L.name)
  if (name === null) reportRequired(ctx, locator, 'name', 'a person')
  const aliases = checkTextList(ctx, locator, 'aliases', draft.aliases, L.alias, L.aliases)
  const dateOfBirth = checkText(ctx, locator, 'dateOfBirth', draft.dateOfBirth, L.dateOfBirth)
  if (dateOfBirth != null) {
    const problem = isoDateOfBirthProblem(dateOfBirth, ctx.today)
    if (problem !== null) report(ctx, locator, 'dateOfBirth', UploadErrorCode.INVALID_DATE_OF_BIRTH, problem)
  }
  const role = checkText(ctx, locator, 'role', draft.role, L.role)
  const nationalityText = checkText(ctx, locator, 'nationality', draft.nationality, L.nationality)
  let nationality: string | null = null
  if (nationalityText != null) {
    nationality = canonicalCountry(nationalityText)
    if (nationality === null) {
      report(ctx, locator, 'nationality', UploadErrorCode.INVALID_COUNTRY, `nationality ${COUNTRY_CODE_MESSAGE}`)
    }
  }
  const addresses = buildAddresses(ctx, locator, draft.addresses)
  if (ctx.errors.total !== before || name == null || aliases === undefined || dateOfBirth === undefined || role === undefined || addresses === undefined) {
    return undefined
  }
  return { type: 'person', name, aliases, dateOfBirth, role, nationality, addresses }
}

const IDENTIFIER_RULES = {
  phone: {
    max: L.phone,
    canonical: (value: string) => phoneToE164(value),
    code: UploadErrorCode.INVALID_PHONE,
    message: 'phone is not a possible phone number (a UK number, or an international one starting with +)',
  },
  email: {
    max: L.email,
    canonical: canonicalEmail,
    code: UploadErrorCode.INVALID_EMAIL,
    message: 'email is not a valid e-mail address',
  },
  website: {
    max: L.website,
    canonical: canonicalDomain,
    code: UploadErrorCode.INVALID_WEBSITE,
    message: 'website must be a web address or host name such as example.co.uk',
  },
} as const

function buildIdentifier<T extends 'phone' | 'email' | 'website'>(
  ctx: ValidationContext,
  locator: FieldLocator,
  type: T,
  raw: string | null | undefined,
): WatchlistIdentifierEntity<T> | undefined {
  const rule = IDENTIFIER_RULES[type]
  const value = checkText(ctx, locator, 'value', raw, rule.max)
  if (value === undefined) return undefined
  if (value === null) {
    report(ctx, locator, 'value', UploadErrorCode.MISSING_REQUIRED_FIELD, `a ${type} entity needs its ${type} value`)
    return undefined
  }
  const key = rule.canonical(value)
  if (key === null) {
    report(ctx, locator, 'value', rule.code, rule.message)
    return undefined
  }
  return { type, value, key }
}
