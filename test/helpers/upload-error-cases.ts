// Bad watchlist uploads, one or more per error code, in both formats: the parser's tests and the
// upload route's tests run the same table.
import { UploadErrorCode, type RowError } from '../../src/register/watchlist-content.js'
import { CSV_COLUMNS, type CsvColumn } from '../../src/register/parse-csv-watchlist.js'
import { csvField } from './watchlist-fixtures.js'

export type Row = Partial<Record<CsvColumn, string>>

export function csv(rows: readonly Row[], columns: readonly string[] = CSV_COLUMNS): string {
  const lines = [columns.join(',')]
  for (const row of rows) lines.push(columns.map((c) => csvField(row[c as CsvColumn] ?? '')).join(','))
  return `${lines.join('\n')}\n`
}

export const GROUP: Row = { group_ref: 'GMP-OCG-0117', group_name: 'Canal Crew', group_risk_level: 'high' }
export const PERSON: Row = { ...GROUP, entity_type: 'person', name: "Daniel O'Connor" }

export function json(groups: readonly unknown[]): string {
  return JSON.stringify({ groups })
}

export function group(entities: readonly unknown[], fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { ref: 'GMP-OCG-0117', name: 'Canal Crew', riskLevel: 'high', entities, ...fields }
}

export const person = (fields: Record<string, unknown> = {}) => ({ type: 'person', name: "Daniel O'Connor", ...fields })

export type Expected = Partial<RowError> & { code: UploadErrorCode }

export function findError(errors: readonly RowError[], expected: Expected): RowError | undefined {
  return errors.find((error) => (Object.keys(expected) as (keyof RowError)[]).every((key) => error[key] === expected[key]))
}

export interface ErrorCase {
  behaviour: string
  input: string | Buffer
  expected: Expected
  /** Personal data that must not be echoed in any message. */
  secret?: string
}

// ---------------------------------------------------------------------------------------------

export const CSV_ERROR_CASES: ErrorCase[] = [
  { behaviour: 'an empty upload is refused', input: '', expected: { code: 'EMPTY_UPLOAD' } },
  { behaviour: 'blank lines alone are an empty upload', input: '\n\n \n', expected: { code: 'EMPTY_UPLOAD' } },
  { behaviour: 'a header without rows is an empty upload', input: csv([]), expected: { code: 'EMPTY_UPLOAD' } },
  {
    behaviour: 'Windows-1252 bytes (a £ sign) are refused as not UTF-8',
    input: Buffer.concat([Buffer.from(csv([{ ...PERSON, name: 'Smith ' }]).slice(0, -2)), Buffer.from([0xa3]), Buffer.from('\n')]),
    expected: { code: 'INVALID_ENCODING' },
  },
  {
    behaviour: 'UTF-16 (Excel "Unicode text") is refused as not UTF-8',
    input: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv([PERSON]), 'utf16le')]),
    expected: { code: 'INVALID_ENCODING' },
  },
  {
    behaviour: 'an unclosed quote is malformed CSV, located at its row',
    input: `${CSV_COLUMNS.join(',')}\n${csv([PERSON]).split('\n')[1]}\n"GMP-1,unclosed\n`,
    expected: { code: 'MALFORMED_CSV', row: 3 },
  },
  {
    behaviour: 'a row with too few fields is malformed CSV',
    input: `${csv([PERSON])}GMP-OCG-0117,Canal Crew\n`,
    expected: { code: 'MALFORMED_CSV', row: 3 },
  },
  {
    behaviour: 'a row with too many fields is malformed CSV',
    input: `${csv([PERSON])}${csv([PERSON]).split('\n')[1]},extra\n`,
    expected: { code: 'MALFORMED_CSV', row: 3 },
  },
  {
    behaviour: 'an unknown column is refused at the header',
    input: csv([PERSON], [...CSV_COLUMNS, 'postocde']),
    expected: { code: 'UNKNOWN_COLUMN', row: 1, column: 'postocde' },
  },
  {
    behaviour: 'a column named twice is refused',
    input: csv([PERSON], [...CSV_COLUMNS, 'name']),
    expected: { code: 'DUPLICATE_COLUMN', row: 1, column: 'name' },
  },
  {
    behaviour: 'a missing required column is refused',
    input: csv(
      [PERSON],
      CSV_COLUMNS.filter((c) => c !== 'entity_type'),
    ),
    expected: { code: 'MISSING_REQUIRED_COLUMN', row: 1, column: 'entity_type' },
  },
  {
    behaviour: 'data where the header should be is refused without echoing it',
    input: "GMP-1,Canal Crew,high,person,Daniel O'Connor\n",
    expected: { code: 'MISSING_REQUIRED_COLUMN', row: 1 },
    secret: "O'Connor",
  },
  {
    behaviour: 'a person without a name is refused',
    input: csv([{ ...PERSON, name: '' }]),
    expected: { code: 'MISSING_REQUIRED_FIELD', row: 2, column: 'name' },
  },
  {
    behaviour: 'a row without a group reference is refused',
    input: csv([{ ...PERSON, group_ref: ' ' }]),
    expected: { code: 'MISSING_REQUIRED_FIELD', row: 2, column: 'group_ref' },
  },
  {
    behaviour: 'a group without a name is refused',
    input: csv([{ ...PERSON, group_name: '' }]),
    expected: { code: 'MISSING_REQUIRED_FIELD', row: 2, column: 'group_name' },
  },
  {
    behaviour: 'a phone row without a phone is refused',
    input: csv([{ ...GROUP, entity_type: 'phone' }]),
    expected: { code: 'MISSING_REQUIRED_FIELD', row: 2, column: 'phone' },
  },
  {
    behaviour: 'an address row with only a country is refused',
    input: csv([{ ...GROUP, entity_type: 'address', country: 'GB' }]),
    expected: { code: 'MISSING_REQUIRED_FIELD', row: 2, column: 'address_lines' },
  },
  {
    behaviour: 'a date of birth on a company row is refused, not dropped',
    input: csv([{ ...GROUP, entity_type: 'company', name: 'Canal Paving Ltd', date_of_birth: '1981-03' }]),
    expected: { code: 'FIELD_NOT_APPLICABLE', row: 2, column: 'date_of_birth' },
  },
  {
    behaviour: 'a name over 200 characters is too long',
    input: csv([{ ...PERSON, name: 'A'.repeat(201) }]),
    expected: { code: 'FIELD_TOO_LONG', row: 2, column: 'name' },
  },
  {
    behaviour: 'more than 50 aliases are too many',
    input: csv([{ ...PERSON, aliases: Array.from({ length: 51 }, (_, i) => `Alias ${i}`).join('|') }]),
    expected: { code: 'FIELD_TOO_LONG', row: 2, column: 'aliases' },
  },
  {
    behaviour: 'a bell character in a name is a control character',
    input: csv([{ ...PERSON, name: 'Daniel\u0007Smith' }]),
    expected: { code: 'CONTROL_CHARACTER', row: 2, column: 'name' },
    secret: 'Daniel',
  },
  {
    behaviour: 'a line break in a name is refused',
    input: csv([{ ...PERSON, name: 'Daniel\nSmith' }]),
    expected: { code: 'CONTROL_CHARACTER', row: 2, column: 'name' },
  },
  {
    behaviour: 'a bidirectional override in an alias is refused',
    input: csv([{ ...PERSON, aliases: 'Danny|\u202EynnaD' }]),
    expected: { code: 'CONTROL_CHARACTER', row: 2, column: 'aliases' },
  },
  {
    behaviour: 'a right-to-left override in a group name is refused (the one text rule, as for suppliers)',
    input: csv([{ ...PERSON, group_name: 'Canal \u202Ewerc' }]),
    expected: { code: 'CONTROL_CHARACTER', row: 2, column: 'group_name' },
  },
  {
    behaviour: 'a directional isolate in notes is refused, although line breaks are allowed there',
    input: csv([{ ...PERSON, group_notes: 'Seen at the depot.\n\u2067Ongoing' }]),
    expected: { code: 'CONTROL_CHARACTER', row: 2, column: 'group_notes' },
  },
  {
    behaviour: 'a noncharacter (a byte-swapped BOM) in a town is refused as not text',
    input: csv([{ ...GROUP, entity_type: 'address', address_lines: '1 High St', town: 'Salford\uFFFE', postcode: 'M5 4XJ' }]),
    expected: { code: 'INVALID_ENCODING', row: 2, column: 'town' },
  },
  {
    behaviour: 'an unknown entity type is refused',
    input: csv([{ ...GROUP, entity_type: 'vehicle', name: 'Ford Transit' }]),
    expected: { code: 'INVALID_ENTITY_TYPE', row: 2, column: 'entity_type' },
  },
  {
    behaviour: 'a risk level outside low, medium and high is refused',
    input: csv([{ ...PERSON, group_risk_level: 'severe' }]),
    expected: { code: 'INVALID_RISK_LEVEL', row: 2, column: 'group_risk_level' },
  },
  {
    behaviour: 'a day-first date of birth is refused without echoing it',
    input: csv([{ ...PERSON, date_of_birth: '14/03/1981' }]),
    expected: { code: 'INVALID_DATE_OF_BIRTH', row: 2, column: 'date_of_birth' },
    secret: '1981',
  },
  {
    behaviour: '30 February is not a real date of birth',
    input: csv([{ ...PERSON, date_of_birth: '1981-02-30' }]),
    expected: { code: 'INVALID_DATE_OF_BIRTH', row: 2, column: 'date_of_birth' },
    secret: '1981-02-30',
  },
  {
    behaviour: 'a future date of birth is refused',
    input: csv([{ ...PERSON, date_of_birth: '2099-07' }]),
    expected: { code: 'INVALID_DATE_OF_BIRTH', row: 2, column: 'date_of_birth' },
  },
  {
    behaviour: 'a date of birth before 1900 is refused',
    input: csv([{ ...PERSON, date_of_birth: '1899' }]),
    expected: { code: 'INVALID_DATE_OF_BIRTH', row: 2, column: 'date_of_birth' },
  },
  {
    behaviour: 'a UK postcode with a letter Royal Mail never uses is refused',
    input: csv([{ ...GROUP, entity_type: 'address', address_lines: '4 Canal Street', postcode: 'M5 4CJ' }]),
    expected: { code: 'INVALID_POSTCODE', row: 2, column: 'postcode' },
    secret: 'M5 4CJ',
  },
  {
    behaviour: 'a company number with an unknown prefix is refused',
    input: csv([{ ...GROUP, entity_type: 'company', name: 'Canal Paving Ltd', company_number: 'XX123456' }]),
    expected: { code: 'INVALID_COMPANY_NUMBER', row: 2, column: 'company_number' },
  },
  {
    behaviour: 'an impossible phone number is refused',
    input: csv([{ ...GROUP, entity_type: 'phone', phone: '0161 49' }]),
    expected: { code: 'INVALID_PHONE', row: 2, column: 'phone' },
  },
  {
    behaviour: 'an e-mail address without a domain is refused',
    input: csv([{ ...GROUP, entity_type: 'email', email: 'accounts@' }]),
    expected: { code: 'INVALID_EMAIL', row: 2, column: 'email' },
  },
  {
    behaviour: 'a website that is not a host name is refused',
    input: csv([{ ...GROUP, entity_type: 'website', website: 'not a website' }]),
    expected: { code: 'INVALID_WEBSITE', row: 2, column: 'website' },
  },
  {
    behaviour: 'a country that is not ISO 3166 alpha-2 is refused',
    input: csv([{ ...GROUP, entity_type: 'address', address_lines: '1 Rue X', country: 'France' }]),
    expected: { code: 'INVALID_COUNTRY', row: 2, column: 'country' },
  },
  {
    behaviour: 'a nationality written as a word is refused',
    input: csv([{ ...PERSON, nationality: 'British' }]),
    expected: { code: 'INVALID_COUNTRY', row: 2, column: 'nationality' },
  },
  {
    behaviour: 'a UPRN with letters is refused',
    input: csv([{ ...GROUP, entity_type: 'address', address_lines: '4 Canal Street', uprn: '10A' }]),
    expected: { code: 'INVALID_UPRN', row: 2, column: 'uprn' },
  },
  {
    behaviour: 'a group name repeated differently on a later row conflicts',
    input: csv([PERSON, { ...PERSON, group_name: 'Canal Firm' }]),
    expected: { code: 'CONFLICTING_GROUP_FIELDS', row: 3, column: 'group_name' },
  },
]

export const JSON_ERROR_CASES: ErrorCase[] = [
  { behaviour: 'an empty body is refused', input: '', expected: { code: 'EMPTY_UPLOAD' } },
  { behaviour: 'no groups is an empty upload', input: json([]), expected: { code: 'EMPTY_UPLOAD', path: '/groups' } },
  {
    behaviour: 'bytes that are not UTF-8 are refused',
    input: Buffer.concat([Buffer.from('{"groups":[{"ref":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}]}')]),
    expected: { code: 'INVALID_ENCODING' },
  },
  {
    behaviour: 'an unpaired surrogate escape is refused as not text',
    input: json([group([person({ name: 'Dan\\ud800iel' })])]).replace('\\\\ud800', '\\ud800'),
    expected: { code: 'INVALID_ENCODING', path: '/groups/0/entities/0/name' },
  },
  {
    behaviour: 'a noncharacter in a role is refused as not text',
    input: json([group([person({ role: 'associate\uFFFF' })])]),
    expected: { code: 'INVALID_ENCODING', path: '/groups/0/entities/0/role' },
  },
  {
    behaviour: 'a right-to-left override in handling is refused',
    input: json([group([person()], { handling: 'Refer to \u202ESOC' })]),
    expected: { code: 'CONTROL_CHARACTER', path: '/groups/0/handling' },
  },
  {
    behaviour: 'truncated JSON is malformed without echoing its text',
    input: '{"groups":[{"ref":"GMP-1","name":"Daniel O\'Connor"',
    expected: { code: 'MALFORMED_JSON' },
    secret: "O'Connor",
  },
  {
    behaviour: 'a top-level array is the wrong type',
    input: '[]',
    expected: { code: 'INVALID_FIELD_TYPE', path: '' },
  },
  {
    behaviour: 'a numeric name is the wrong type',
    input: json([group([person({ name: 42 })])]),
    expected: { code: 'INVALID_FIELD_TYPE', path: '/groups/0/entities/0/name' },
  },
  {
    behaviour: 'a misspelt field is refused, not dropped',
    input: json([group([person({ dob: '1981-03' })])]),
    expected: { code: 'UNKNOWN_FIELD', path: '/groups/0/entities/0/dob' },
  },
  {
    behaviour: 'an unknown top-level field is refused',
    input: JSON.stringify({ groups: [group([person()])], version: 2 }),
    expected: { code: 'UNKNOWN_FIELD', path: '/version' },
  },
  {
    behaviour: 'a person without a name is refused',
    input: json([group([{ type: 'person', dateOfBirth: '1981' }])]),
    expected: { code: 'MISSING_REQUIRED_FIELD', path: '/groups/0/entities/0/name' },
  },
  {
    behaviour: 'a blank person name is refused',
    input: json([group([person({ name: '   ' })])]),
    expected: { code: 'MISSING_REQUIRED_FIELD', path: '/groups/0/entities/0/name' },
  },
  {
    behaviour: 'a group without a ref is refused',
    input: json([{ name: 'Canal Crew', riskLevel: 'high', entities: [] }]),
    expected: { code: 'MISSING_REQUIRED_FIELD', path: '/groups/0/ref' },
  },
  {
    behaviour: 'an entity without a type is refused',
    input: json([group([{ name: 'Canal Paving Ltd' }])]),
    expected: { code: 'MISSING_REQUIRED_FIELD', path: '/groups/0/entities/0/type' },
  },
  {
    behaviour: 'an address entity without an address is refused',
    input: json([group([{ type: 'address' }])]),
    expected: { code: 'MISSING_REQUIRED_FIELD', path: '/groups/0/entities/0/address' },
  },
  {
    behaviour: 'an address with a town alone is refused',
    input: json([group([{ type: 'address', address: { town: 'Salford' } }])]),
    expected: { code: 'MISSING_REQUIRED_FIELD', path: '/groups/0/entities/0/address' },
  },
  {
    behaviour: 'a name over 200 characters is too long',
    input: json([group([person({ name: 'A'.repeat(201) })])]),
    expected: { code: 'FIELD_TOO_LONG', path: '/groups/0/entities/0/name' },
  },
  {
    behaviour: 'an over-long name is reported by its length, never echoed',
    input: json([group([person({ name: `${'Daniel '.repeat(40)}` })])]),
    expected: { code: 'FIELD_TOO_LONG', path: '/groups/0/entities/0/name' },
    secret: 'Daniel',
  },
  {
    behaviour: 'a NUL in an address line is a control character',
    input: json([group([{ type: 'address', address: { lines: ['4 Canal\u0000 Street'], postcode: 'M5 4XJ' } }])]),
    expected: { code: 'CONTROL_CHARACTER', path: '/groups/0/entities/0/address/lines/0' },
  },
  {
    behaviour: 'line breaks are allowed in notes but an escape character is not',
    input: json([group([person()], { notes: 'Seen at depot.\nOngoing.\u001b' })]),
    expected: { code: 'CONTROL_CHARACTER', path: '/groups/0/notes' },
  },
  {
    behaviour: 'an unknown entity type is refused',
    input: json([group([{ type: 'vehicle', value: 'AB12 CDE' }])]),
    expected: { code: 'INVALID_ENTITY_TYPE', path: '/groups/0/entities/0/type' },
  },
  {
    behaviour: 'a risk level outside low, medium and high is refused',
    input: json([group([person()], { riskLevel: 'severe' })]),
    expected: { code: 'INVALID_RISK_LEVEL', path: '/groups/0/riskLevel' },
  },
  {
    behaviour: 'a date of birth with a month 13 is refused without echoing it',
    input: json([group([person({ dateOfBirth: '1981-13' })])]),
    expected: { code: 'INVALID_DATE_OF_BIRTH', path: '/groups/0/entities/0/dateOfBirth' },
    secret: '1981-13',
  },
  {
    behaviour: '29 February of a non-leap year is not a real date of birth',
    input: json([group([person({ dateOfBirth: '1981-02-29' })])]),
    expected: { code: 'INVALID_DATE_OF_BIRTH', path: '/groups/0/entities/0/dateOfBirth' },
  },
  {
    behaviour: 'a future year of birth is refused',
    input: json([group([person({ dateOfBirth: '2099' })])]),
    expected: { code: 'INVALID_DATE_OF_BIRTH', path: '/groups/0/entities/0/dateOfBirth' },
  },
  {
    behaviour: "a bad postcode of a person's second address is located there",
    input: json([group([person({ addresses: [{ postcode: 'M5 4XJ' }, { lines: ['1 High St'], postcode: 'QA1 1AA' }] })])]),
    expected: { code: 'INVALID_POSTCODE', path: '/groups/0/entities/0/addresses/1/postcode' },
  },
  {
    behaviour: 'a company number of nine digits is refused',
    input: json([group([{ type: 'company', name: 'Canal Paving Ltd', companyNumber: '123456789' }])]),
    expected: { code: 'INVALID_COMPANY_NUMBER', path: '/groups/0/entities/0/companyNumber' },
  },
  {
    behaviour: 'an impossible phone number is refused',
    input: json([group([{ type: 'phone', value: '12' }])]),
    expected: { code: 'INVALID_PHONE', path: '/groups/0/entities/0/value' },
  },
  {
    behaviour: 'an e-mail address with two @ is refused',
    input: json([group([{ type: 'email', value: 'a@@example.com' }])]),
    expected: { code: 'INVALID_EMAIL', path: '/groups/0/entities/0/value' },
  },
  {
    behaviour: 'an IP address is not a website',
    input: json([group([{ type: 'website', value: 'http://10.0.0.1/' }])]),
    expected: { code: 'INVALID_WEBSITE', path: '/groups/0/entities/0/value' },
  },
  {
    behaviour: 'a three-letter country code is refused',
    input: json([group([{ type: 'address', address: { lines: ['1 Main St'], country: 'GBR' } }])]),
    expected: { code: 'INVALID_COUNTRY', path: '/groups/0/entities/0/address/country' },
  },
  {
    behaviour: 'a negative UPRN is refused',
    input: json([group([{ type: 'address', address: { uprn: '-5' } }])]),
    expected: { code: 'INVALID_UPRN', path: '/groups/0/entities/0/address/uprn' },
  },
  {
    behaviour: 'two groups with one ref are refused',
    input: json([group([person()]), group([person()])]),
    expected: { code: 'DUPLICATE_GROUP_REF', path: '/groups/1/ref' },
  },
]
