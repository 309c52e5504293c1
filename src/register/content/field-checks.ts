/**
 * The validator's groundwork, shared by both formats: logical field names (each parser maps
 * them to its own CSV column or JSON path), where errors go, and the check every text field
 * passes through (trimmed, the one text rule of src/rules/text.ts, its length limit).
 *
 * Validation is written by hand over plain strings rather than as per-row zod refinements: it is
 * shared by the CSV path, where a 100,000-row upload must validate in well under a second, and
 * it needs to say *where* (CSV row and column, or JSON path) in the caller's own terms.
 */
import { refusedCharacter, refusedCharacterMessage } from '../../rules/text.js'
import { utcDay } from '../../rules/date-of-birth.js'
import { UploadErrorCode, createErrorCollector, type ErrorCollector } from './upload-errors.js'
import type { WatchlistParseOptions } from './watchlist-types.js'

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

/** Free-text fields of several lines: tab and line breaks are allowed in them only. */
const MULTI_LINE_FIELDS: ReadonlySet<FieldName> = new Set(['handling', 'notes'])

/** Context of one parse: where errors go and what "today" is. */
export interface ValidationContext {
  errors: ErrorCollector
  /** `YYYY-MM-DD` in UTC. */
  today: string
}

export function createValidationContext(options: WatchlistParseOptions = {}): ValidationContext {
  return { errors: createErrorCollector(), today: utcDay(options.today ?? new Date()) }
}

export function report(
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

export function reportRequired(ctx: ValidationContext, locator: FieldLocator, field: FieldName, what: string): void {
  report(ctx, locator, field, UploadErrorCode.MISSING_REQUIRED_FIELD, `${FIELD_LABELS[field]} is required for ${what}`)
}

/**
 * Trimmed text of a field, or null when absent or blank; reports refused characters and
 * over-long values (and then returns undefined, meaning "invalid").
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
  const shape = { multiline: MULTI_LINE_FIELDS.has(field) }
  const refused = refusedCharacter(value, shape)
  if (refused !== null) {
    // Controls and direction overrides are characters refused; a lone surrogate or a
    // noncharacter is text that was never encoded properly.
    const code = refused === 'control' || refused === 'bidi' ? UploadErrorCode.CONTROL_CHARACTER : UploadErrorCode.INVALID_ENCODING
    report(ctx, locator, field, code, `${label} ${refusedCharacterMessage(refused, shape)}`, addressIndex, itemIndex)
    return undefined
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
