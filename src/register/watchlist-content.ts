/**
 * The watchlist upload format (docs/design.md §3) and the one validator both parsers share.
 *
 * Two shapes live here:
 * - the *input* JSON format, as zod schemas (`WatchlistJsonSchema` and its parts), strict so that
 *   a misspelt field is an error rather than silently dropped intelligence;
 * - the *parsed* content (`WatchlistContent`), which is what storage and the matcher receive.
 *
 * Parsed entities keep every value as the force wrote it (trimmed) and, beside each identifier
 * that has a canonical form, a `…Key` field holding it:
 *
 * | entity / field            | raw field       | canonical key field | canonical form            |
 * | ------------------------- | --------------- | ------------------- | ------------------------- |
 * | company                   | `companyNumber` | `companyNumberKey`  | 8 characters, `SC012345`  |
 * | address (GB, GG, JE, IM)  | `postcode`      | `postcodeKey`       | `M5 4XJ` (null elsewhere) |
 * | phone                     | `value`         | `key`               | E.164 `+441614960000`     |
 * | email                     | `value`         | `key`               | lower case, IDN punycode  |
 * | website                   | `value`         | `key`               | host, lower case, no www. |
 *
 * Storage keeps both: the raw value is what an officer is shown, the key is what indexes join on.
 * Absent optional values are `null` (never `undefined`), and absent lists are `[]`, so the same
 * data uploaded as JSON or as CSV parses to deep-equal content.
 *
 * Validation is written by hand over plain strings rather than as per-row zod refinements: it is
 * shared by the CSV path, where a 100,000-row upload must validate in well under a second, and
 * it needs to say *where* (CSV row and column, or JSON path) in the caller's own terms.
 */
import { z } from 'zod'
import { canonicalCompanyNumber } from '../matching/normalise/company-number.js'
import { canonicalDomain, canonicalEmail } from '../matching/normalise/email.js'
import { phoneToE164 } from '../matching/normalise/phone.js'
import { canonicalPostcode } from '../matching/normalise/postcode.js'

// ---------------------------------------------------------------------------------------------
// Vocabulary and limits

export const RISK_LEVELS = ['low', 'medium', 'high'] as const
export type RiskLevel = (typeof RISK_LEVELS)[number]

export const ENTITY_TYPES = ['company', 'person', 'address', 'phone', 'email', 'website'] as const
export type EntityType = (typeof ENTITY_TYPES)[number]

/** Addresses without a country are UK addresses: the register is kept by UK police forces. */
export const DEFAULT_COUNTRY = 'GB'

/**
 * Countries whose addresses use Royal Mail postcodes (the Crown Dependencies share the UK
 * system), so their postcodes are validated and canonicalised; elsewhere a postcode is kept as
 * written and gets no key.
 */
export const UK_POSTCODE_COUNTRIES: ReadonlySet<string> = new Set(['GB', 'GG', 'JE', 'IM'])

/**
 * Longest accepted value of each field, in UTF-16 code units, and most items in each list.
 * Generous for real data (PAF's longest address element is 60 characters, Companies House names
 * are at most 160) yet bounded, so that one pathological upload cannot bloat the register, the
 * index or a 422 response.
 */
export const FIELD_LIMITS = {
  groupRef: 64,
  groupName: 200,
  handling: 2_000,
  notes: 20_000,
  name: 200,
  alias: 200,
  aliases: 50,
  role: 100,
  companyNumber: 32,
  dateOfBirth: 32,
  nationality: 32,
  addressLine: 200,
  addressLines: 10,
  addresses: 20,
  town: 100,
  postcode: 16,
  country: 32,
  uprn: 12,
  phone: 64,
  email: 254,
  website: 500,
} as const

/** Most errors a failed upload returns; `totalErrors` still counts every one. */
export const MAX_REPORTED_ERRORS = 1_000

/** Dates of birth before this year are taken to be typing errors. */
export const EARLIEST_BIRTH_YEAR = 1900

// ---------------------------------------------------------------------------------------------
// Errors

/** Stable codes of upload errors; clients may branch on them, so they never change meaning. */
export const UploadErrorCode = {
  EMPTY_UPLOAD: 'EMPTY_UPLOAD',
  INVALID_ENCODING: 'INVALID_ENCODING',
  MALFORMED_JSON: 'MALFORMED_JSON',
  MALFORMED_CSV: 'MALFORMED_CSV',
  UNKNOWN_COLUMN: 'UNKNOWN_COLUMN',
  DUPLICATE_COLUMN: 'DUPLICATE_COLUMN',
  MISSING_REQUIRED_COLUMN: 'MISSING_REQUIRED_COLUMN',
  UNKNOWN_FIELD: 'UNKNOWN_FIELD',
  INVALID_FIELD_TYPE: 'INVALID_FIELD_TYPE',
  MISSING_REQUIRED_FIELD: 'MISSING_REQUIRED_FIELD',
  FIELD_NOT_APPLICABLE: 'FIELD_NOT_APPLICABLE',
  FIELD_TOO_LONG: 'FIELD_TOO_LONG',
  CONTROL_CHARACTER: 'CONTROL_CHARACTER',
  INVALID_ENTITY_TYPE: 'INVALID_ENTITY_TYPE',
  INVALID_RISK_LEVEL: 'INVALID_RISK_LEVEL',
  INVALID_DATE_OF_BIRTH: 'INVALID_DATE_OF_BIRTH',
  INVALID_POSTCODE: 'INVALID_POSTCODE',
  INVALID_COMPANY_NUMBER: 'INVALID_COMPANY_NUMBER',
  INVALID_PHONE: 'INVALID_PHONE',
  INVALID_EMAIL: 'INVALID_EMAIL',
  INVALID_WEBSITE: 'INVALID_WEBSITE',
  INVALID_COUNTRY: 'INVALID_COUNTRY',
  INVALID_UPRN: 'INVALID_UPRN',
  DUPLICATE_GROUP_REF: 'DUPLICATE_GROUP_REF',
  CONFLICTING_GROUP_FIELDS: 'CONFLICTING_GROUP_FIELDS',
} as const
export type UploadErrorCode = (typeof UploadErrorCode)[keyof typeof UploadErrorCode]

/**
 * One problem in an upload. `row` is the CSV record number counting the header as row 1 (what a
 * spreadsheet shows); `path` is a JSON-pointer-style path such as `/groups/3/entities/2/name`.
 * Messages say what is wrong and what is expected; they never repeat the offending value, which
 * may be a person's name, date of birth or address.
 */
export interface RowError {
  row?: number
  path?: string
  column?: string
  code: UploadErrorCode
  message: string
}

export interface WatchlistCounts {
  groups: number
  entities: number
  byType: Record<EntityType, number>
}

export type WatchlistParseResult = { ok: true; content: WatchlistContent; counts: WatchlistCounts } | { ok: false; errors: RowError[]; totalErrors: number }

export interface WatchlistParseOptions {
  /** "Today" for the date-of-birth-in-the-future check; defaults to the current date (UTC). */
  today?: Date
}

/** Collects errors up to `MAX_REPORTED_ERRORS` while counting all of them. */
export interface ErrorCollector {
  readonly errors: RowError[]
  total: number
  add(error: RowError): void
}

export function createErrorCollector(limit = MAX_REPORTED_ERRORS): ErrorCollector {
  const collector: ErrorCollector = {
    errors: [],
    total: 0,
    add(error) {
      collector.total += 1
      if (collector.errors.length < limit) collector.errors.push(error)
    },
  }
  return collector
}

export function failedResult(errors: ErrorCollector): WatchlistParseResult {
  return { ok: false, errors: errors.errors, totalErrors: errors.total }
}

// ---------------------------------------------------------------------------------------------
// Parsed content

export interface WatchlistAddress {
  lines: string[]
  town: string | null
  /** As written (trimmed). */
  postcode: string | null
  /** Canonical UK postcode (`M5 4XJ`) for countries in `UK_POSTCODE_COUNTRIES`, else null. */
  postcodeKey: string | null
  /** ISO 3166-1 alpha-2, upper case; `UK` is read as `GB`. */
  country: string
  uprn: string | null
}

export interface WatchlistCompany {
  type: 'company'
  name: string
  aliases: string[]
  companyNumber: string | null
  /** Canonical 8-character company number. */
  companyNumberKey: string | null
  addresses: WatchlistAddress[]
}

export interface WatchlistPerson {
  type: 'person'
  name: string
  aliases: string[]
  /** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`: the precision is information, so it is kept as given. */
  dateOfBirth: string | null
  role: string | null
  /** ISO 3166-1 alpha-2, upper case. */
  nationality: string | null
  addresses: WatchlistAddress[]
}

export interface WatchlistAddressEntity {
  type: 'address'
  address: WatchlistAddress
}

export interface WatchlistIdentifierEntity<T extends 'phone' | 'email' | 'website'> {
  type: T
  /** As written (trimmed). */
  value: string
  /** E.164 for phones, lower-case address for e-mail, lower-case host for websites. */
  key: string
}

export type WatchlistEntity =
  | WatchlistCompany
  | WatchlistPerson
  | WatchlistAddressEntity
  | WatchlistIdentifierEntity<'phone'>
  | WatchlistIdentifierEntity<'email'>
  | WatchlistIdentifierEntity<'website'>

export interface WatchlistGroup {
  ref: string
  name: string
  aliases: string[]
  riskLevel: RiskLevel
  handling: string | null
  /** Intelligence: stored, never shown outside the owning force. */
  notes: string | null
  entities: WatchlistEntity[]
}

export interface WatchlistContent {
  groups: WatchlistGroup[]
}

export function countContent(content: WatchlistContent): WatchlistCounts {
  const byType: Record<EntityType, number> = {
    company: 0,
    person: 0,
    address: 0,
    phone: 0,
    email: 0,
    website: 0,
  }
  let entities = 0
  for (const group of content.groups) {
    for (const entity of group.entities) byType[entity.type] += 1
    entities += group.entities.length
  }
  return { groups: content.groups.length, entities, byType }
}

// ---------------------------------------------------------------------------------------------
// Input JSON format (zod)

const L = FIELD_LIMITS
/** A UPRN a little over 12 characters is reported as a bad UPRN, not as an over-long field. */
const UPRN_SLACK = 8
const optionalText = (max: number) => z.string().max(max).nullish()
const textList = (itemMax: number, itemsMax: number) => z.array(z.string().max(itemMax)).max(itemsMax).nullish()

export const WatchlistAddressJsonSchema = z.strictObject({
  lines: textList(L.addressLine, L.addressLines),
  town: optionalText(L.town),
  postcode: optionalText(L.postcode),
  country: optionalText(L.country).describe('ISO 3166-1 alpha-2; default GB'),
  // UPRNs are integers, so a JSON number is accepted as well as a string of digits.
  uprn: z.union([z.string().max(L.uprn + UPRN_SLACK), z.number().int().nonnegative()]).nullish(),
})

const addressList = z.array(WatchlistAddressJsonSchema).max(L.addresses).nullish()

export const WatchlistEntityJsonSchemas = {
  company: z.strictObject({
    type: z.literal('company'),
    name: z.string().max(L.name),
    aliases: textList(L.alias, L.aliases),
    companyNumber: optionalText(L.companyNumber),
    addresses: addressList,
  }),
  person: z.strictObject({
    type: z.literal('person'),
    name: z.string().max(L.name),
    aliases: textList(L.alias, L.aliases),
    dateOfBirth: optionalText(L.dateOfBirth).describe('YYYY, YYYY-MM or YYYY-MM-DD'),
    role: optionalText(L.role),
    nationality: optionalText(L.nationality).describe('ISO 3166-1 alpha-2'),
    addresses: addressList,
  }),
  address: z.strictObject({ type: z.literal('address'), address: WatchlistAddressJsonSchema }),
  phone: z.strictObject({ type: z.literal('phone'), value: z.string().max(L.phone) }),
  email: z.strictObject({ type: z.literal('email'), value: z.string().max(L.email) }),
  website: z.strictObject({ type: z.literal('website'), value: z.string().max(L.website) }),
} as const

export const WatchlistEntityJsonSchema = z.discriminatedUnion('type', [
  WatchlistEntityJsonSchemas.company,
  WatchlistEntityJsonSchemas.person,
  WatchlistEntityJsonSchemas.address,
  WatchlistEntityJsonSchemas.phone,
  WatchlistEntityJsonSchemas.email,
  WatchlistEntityJsonSchemas.website,
])

const groupFields = {
  ref: z.string().max(L.groupRef),
  name: z.string().max(L.groupName),
  aliases: textList(L.alias, L.aliases),
  riskLevel: z.string().max(16).describe('low, medium or high'),
  handling: optionalText(L.handling),
  notes: optionalText(L.notes),
}

/** A group whose entities are checked one by one, so that every bad entity is reported. */
export const WatchlistGroupHeaderJsonSchema = z.strictObject({ ...groupFields, entities: z.array(z.unknown()).nullish() })

export const WatchlistGroupJsonSchema = z.strictObject({
  ...groupFields,
  entities: z.array(WatchlistEntityJsonSchema).nullish(),
})

/** The whole JSON upload, for documentation (OpenAPI) and for callers that want one schema. */
export const WatchlistJsonSchema = z.strictObject({ groups: z.array(WatchlistGroupJsonSchema) })
export type WatchlistJson = z.infer<typeof WatchlistJsonSchema>
export type WatchlistEntityJson = z.infer<typeof WatchlistEntityJsonSchema>
export type WatchlistAddressJson = z.infer<typeof WatchlistAddressJsonSchema>

// ---------------------------------------------------------------------------------------------
// Shared validation

/** Logical field names; each parser maps them to its own CSV column or JSON path. */
export type FieldName =
  | 'groupRef'
  | 'groupName'
  | 'groupAliases'
  | 'riskLevel'
  | 'handling'
  | 'notes'
  | 'type'
  | 'name'
  | 'aliases'
  | 'companyNumber'
  | 'dateOfBirth'
  | 'role'
  | 'nationality'
  | 'value'
  | 'address'
  | 'lines'
  | 'town'
  | 'postcode'
  | 'country'
  | 'uprn'

export interface ErrorLocation {
  row?: number
  path?: string
  column?: string
}

/**
 * Where a field is, in the uploader's terms. `addressIndex` is the index in `addresses` for the
 * address fields of a company or person (undefined for the address of an address entity);
 * `itemIndex` is the index within a list field (aliases, address lines).
 */
export interface FieldLocator {
  locate(field: FieldName, addressIndex?: number, itemIndex?: number): ErrorLocation
}

/** Human names of fields for messages, independent of the upload format. */
const FIELD_LABELS: Record<FieldName, string> = {
  groupRef: 'group reference',
  groupName: 'group name',
  groupAliases: 'group alias',
  riskLevel: 'risk level',
  handling: 'handling instruction',
  notes: 'notes',
  type: 'entity type',
  name: 'name',
  aliases: 'alias',
  companyNumber: 'company number',
  dateOfBirth: 'date of birth',
  role: 'role',
  nationality: 'nationality',
  value: 'value',
  address: 'address',
  lines: 'address line',
  town: 'town',
  postcode: 'postcode',
  country: 'country',
  uprn: 'UPRN',
}

export function fieldLabel(field: FieldName): string {
  return FIELD_LABELS[field]
}

/**
 * Characters refused in any field: C0 and C1 controls (tab, line feed and carriage return are
 * allowed only in the free-text handling and notes), line/paragraph separators, bidirectional
 * overrides and isolates (they make a displayed value differ from the stored one), and lone
 * surrogates (not encodable text; only a JSON `\uD800` escape or a JS string can carry them).
 * The fast test catches every candidate, including surrogate pairs, which the slow path clears.
 */
// eslint-disable-next-line no-control-regex
const SUSPECT = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069\uD800-\uDFFF]/
// eslint-disable-next-line no-control-regex
const CONTROL_SINGLE_LINE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/
// eslint-disable-next-line no-control-regex
const CONTROL_MULTI_LINE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** Whether a one-line value holds a character refused above; supplier fields follow the same rule. */
export function hasRefusedCharacter(value: string): boolean {
  return SUSPECT.test(value) && (CONTROL_SINGLE_LINE.test(value) || LONE_SURROGATE.test(value))
}

const DATE_OF_BIRTH = /^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$/
const COUNTRY_CODE = /^[A-Za-z]{2}$/
const UPRN = /^[0-9]{1,12}$/

/** ISO 3166-1 alpha-2 officially assigned codes, plus XK (Kosovo), which UK agencies use. */
const ISO_COUNTRIES: ReadonlySet<string> = new Set(
  (
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS ' +
    'BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC ' +
    'EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY ' +
    'HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ ' +
    'LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW ' +
    'MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA ' +
    'RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH ' +
    'TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW XK'
  ).split(' '),
)

/** Context of one parse: where errors go and what "today" is. */
export interface ValidationContext {
  errors: ErrorCollector
  /** `YYYY-MM-DD` in UTC. */
  today: string
}

export function createValidationContext(options: WatchlistParseOptions = {}): ValidationContext {
  const today = (options.today ?? new Date()).toISOString().slice(0, 10)
  return { errors: createErrorCollector(), today }
}

function report(
  ctx: ValidationContext,
  locator: FieldLocator,
  field: FieldName,
  code: UploadErrorCode,
  message: string,
  addressIndex?: number,
  itemIndex?: number,
): void {
  ctx.errors.add({ ...locator.locate(field, addressIndex, itemIndex), code, message })
}

/**
 * Trimmed text of a field, or null when absent or blank; reports control characters, lone
 * surrogates and over-long values (and then returns undefined, meaning "invalid").
 */
export function checkText(
  ctx: ValidationContext,
  locator: FieldLocator,
  field: FieldName,
  raw: string | null | undefined,
  max: number,
  addressIndex?: number,
  itemIndex?: number,
): string | null | undefined {
  if (raw === null || raw === undefined) return null
  const value = raw.trim()
  if (value.length === 0) return null
  const label = FIELD_LABELS[field]
  if (SUSPECT.test(value)) {
    const multiLine = field === 'notes' || field === 'handling'
    if ((multiLine ? CONTROL_MULTI_LINE : CONTROL_SINGLE_LINE).test(value)) {
      report(
        ctx,
        locator,
        field,
        UploadErrorCode.CONTROL_CHARACTER,
        multiLine ? `${label} contains a control character (only tab and line breaks are allowed)` : `${label} contains a control character or line break`,
        addressIndex,
        itemIndex,
      )
      return undefined
    }
    if (LONE_SURROGATE.test(value)) {
      report(
        ctx,
        locator,
        field,
        UploadErrorCode.INVALID_ENCODING,
        `${label} contains an unpaired UTF-16 surrogate, which is not valid text`,
        addressIndex,
        itemIndex,
      )
      return undefined
    }
  }
  if (value.length > max) {
    report(
      ctx,
      locator,
      field,
      UploadErrorCode.FIELD_TOO_LONG,
      `${label} is ${value.length} characters long; at most ${max} are allowed`,
      addressIndex,
      itemIndex,
    )
    return undefined
  }
  return value
}

/** A list field: each item checked; blank items dropped; undefined if any item was invalid. */
export function checkTextList(
  ctx: ValidationContext,
  locator: FieldLocator,
  field: FieldName,
  raw: readonly string[] | null | undefined,
  itemMax: number,
  itemsMax: number,
  addressIndex?: number,
): string[] | undefined {
  if (raw === null || raw === undefined || raw.length === 0) return []
  const out: string[] = []
  let valid = true
  for (let i = 0; i < raw.length; i += 1) {
    const item = checkText(ctx, locator, field, raw[i], itemMax, addressIndex, i)
    if (item === undefined) valid = false
    else if (item !== null) out.push(item)
  }
  if (out.length > itemsMax) {
    report(
      ctx,
      locator,
      field,
      UploadErrorCode.FIELD_TOO_LONG,
      `${out.length} values of ${FIELD_LABELS[field]} given; at most ${itemsMax} are allowed`,
      addressIndex,
    )
    return undefined
  }
  return valid ? out : undefined
}

function required(ctx: ValidationContext, locator: FieldLocator, field: FieldName, what: string): void {
  report(ctx, locator, field, UploadErrorCode.MISSING_REQUIRED_FIELD, `${FIELD_LABELS[field]} is required for ${what}`)
}

/** Why a date of birth is unacceptable, or null when it is acceptable. */
export function dateOfBirthProblem(value: string, today: string): string | null {
  const match = DATE_OF_BIRTH.exec(value)
  if (match === null) return 'date of birth must be YYYY, YYYY-MM or YYYY-MM-DD'
  const year = Number(match[1])
  if (year < EARLIEST_BIRTH_YEAR) return `date of birth must not be before ${EARLIEST_BIRTH_YEAR}`
  if (match[2] !== undefined) {
    const month = Number(match[2])
    if (month < 1 || month > 12) return 'date of birth has a month outside 01–12'
    if (match[3] !== undefined) {
      const day = Number(match[3])
      if (day < 1 || day > daysInMonth(year, month)) return 'date of birth is not a real calendar date'
    }
  }
  // Same-precision prefixes of ISO dates compare correctly as strings.
  if (value > today.slice(0, value.length)) return 'date of birth must not be in the future'
  return null
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
}

/** ISO alpha-2 in upper case, `UK` read as `GB`; null when not a country code. */
export function canonicalCountry(value: string): string | null {
  if (!COUNTRY_CODE.test(value)) return null
  const upper = value.toUpperCase()
  if (upper === 'UK') return 'GB'
  return ISO_COUNTRIES.has(upper) ? upper : null
}

/** Draft of a group's own fields, as read from either format. */
export interface GroupDraft {
  ref?: string | null
  name?: string | null
  aliases?: readonly string[] | null
  riskLevel?: string | null
  handling?: string | null
  notes?: string | null
}

export type GroupHeader = Omit<WatchlistGroup, 'entities'>

/** The checked group fields, or null after reporting every problem with them. */
export function buildGroupHeader(ctx: ValidationContext, locator: FieldLocator, draft: GroupDraft): GroupHeader | null {
  const before = ctx.errors.total
  const ref = checkText(ctx, locator, 'groupRef', draft.ref, L.groupRef)
  const name = checkText(ctx, locator, 'groupName', draft.name, L.groupName)
  const aliases = checkTextList(ctx, locator, 'groupAliases', draft.aliases, L.alias, L.aliases)
  const riskLevel = checkRiskLevel(ctx, locator, draft.riskLevel)
  const handling = checkText(ctx, locator, 'handling', draft.handling, L.handling)
  const notes = checkText(ctx, locator, 'notes', draft.notes, L.notes)
  if (ref === null) required(ctx, locator, 'groupRef', 'every group')
  if (name === null) required(ctx, locator, 'groupName', 'every group')
  if (
    ctx.errors.total !== before ||
    ref == null ||
    name == null ||
    riskLevel == null ||
    aliases === undefined ||
    handling === undefined ||
    notes === undefined
  ) {
    return null
  }
  return { ref, name, aliases, riskLevel, handling, notes }
}

/** Risk level in lower case; null when absent (reported), undefined when invalid (reported). */
export function checkRiskLevel(ctx: ValidationContext, locator: FieldLocator, raw: string | null | undefined): RiskLevel | null | undefined {
  const value = checkText(ctx, locator, 'riskLevel', raw, 16)
  if (value === undefined) return undefined
  if (value === null) {
    required(ctx, locator, 'riskLevel', 'every group')
    return null
  }
  const lower = value.toLowerCase()
  if (lower === 'low' || lower === 'medium' || lower === 'high') return lower
  report(ctx, locator, 'riskLevel', UploadErrorCode.INVALID_RISK_LEVEL, 'risk level must be low, medium or high')
  return undefined
}

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
      report(ctx, locator, 'country', UploadErrorCode.INVALID_COUNTRY, 'country must be an ISO 3166-1 alpha-2 code such as GB', addressIndex)
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

function buildAddresses(ctx: ValidationContext, locator: FieldLocator, drafts: readonly AddressDraft[] | null | undefined): WatchlistAddress[] | undefined {
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

function buildCompany(ctx: ValidationContext, locator: FieldLocator, draft: EntityDraft): WatchlistCompany | undefined {
  const before = ctx.errors.total
  const name = checkText(ctx, locator, 'name', draft.name, L.name)
  if (name === null) required(ctx, locator, 'name', 'a company')
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
  if (name === null) required(ctx, locator, 'name', 'a person')
  const aliases = checkTextList(ctx, locator, 'aliases', draft.aliases, L.alias, L.aliases)
  const dateOfBirth = checkText(ctx, locator, 'dateOfBirth', draft.dateOfBirth, L.dateOfBirth)
  if (dateOfBirth != null) {
    const problem = dateOfBirthProblem(dateOfBirth, ctx.today)
    if (problem !== null) report(ctx, locator, 'dateOfBirth', UploadErrorCode.INVALID_DATE_OF_BIRTH, problem)
  }
  const role = checkText(ctx, locator, 'role', draft.role, L.role)
  const nationalityText = checkText(ctx, locator, 'nationality', draft.nationality, L.nationality)
  let nationality: string | null = null
  if (nationalityText != null) {
    nationality = canonicalCountry(nationalityText)
    if (nationality === null) {
      report(ctx, locator, 'nationality', UploadErrorCode.INVALID_COUNTRY, 'nationality must be an ISO 3166-1 alpha-2 code such as GB')
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
