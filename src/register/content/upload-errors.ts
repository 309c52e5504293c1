/**
 * Upload errors: the stable codes a 422 carries, one problem's shape, and the collector that
 * keeps the first `MAX_REPORTED_ERRORS` while counting all of them.
 */
import { MAX_REPORTED_ERRORS } from './limits.js'

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
