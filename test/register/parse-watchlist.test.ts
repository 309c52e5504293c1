import t, { type Test } from 'tap'
import { Readable } from 'node:stream'
import { MAX_REPORTED_ERRORS, UploadErrorCode, type RowError, type WatchlistContent, type WatchlistParseResult } from '../../src/register/watchlist-content.js'
import { CSV_COLUMNS, type CsvColumn, parseCsvWatchlist } from '../../src/register/parse-csv-watchlist.js'
import { parseJsonWatchlist, validateJsonWatchlist } from '../../src/register/parse-json-watchlist.js'
import { csvField, generateWatchlist, watchlistToCsv, watchlistToJson } from '../helpers/watchlist-fixtures.js'

const today = new Date('2026-06-01T12:00:00Z')
const options = { today }

type Row = Partial<Record<CsvColumn, string>>

function csv(rows: readonly Row[], columns: readonly string[] = CSV_COLUMNS): string {
  const lines = [columns.join(',')]
  for (const row of rows) lines.push(columns.map((c) => csvField(row[c as CsvColumn] ?? '')).join(','))
  return `${lines.join('\n')}\n`
}

const GROUP: Row = { group_ref: 'GMP-OCG-0117', group_name: 'Canal Crew', group_risk_level: 'high' }
const PERSON: Row = { ...GROUP, entity_type: 'person', name: "Daniel O'Connor" }

function json(groups: readonly unknown[]): string {
  return JSON.stringify({ groups })
}

function group(entities: readonly unknown[], fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { ref: 'GMP-OCG-0117', name: 'Canal Crew', riskLevel: 'high', entities, ...fields }
}

const person = (fields: Record<string, unknown> = {}) => ({ type: 'person', name: "Daniel O'Connor", ...fields })

function errorsOf(t: Test, result: WatchlistParseResult): RowError[] {
  if (result.ok) {
    t.fail('expected the upload to be rejected')
    return []
  }
  return result.errors
}

type Expected = Partial<RowError> & { code: UploadErrorCode }

function findError(errors: readonly RowError[], expected: Expected): RowError | undefined {
  return errors.find((error) => (Object.keys(expected) as (keyof RowError)[]).every((key) => error[key] === expected[key]))
}

interface ErrorCase {
  behaviour: string
  input: string | Buffer
  expected: Expected
  /** Personal data that must not be echoed in any message. */
  secret?: string
}

// ---------------------------------------------------------------------------------------------

const CSV_ERROR_CASES: ErrorCase[] = [
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
    input: csv([{ ...PERSON, date_of_birth: '2026-07' }]),
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

const JSON_ERROR_CASES: ErrorCase[] = [
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
    input: json([group([person({ dateOfBirth: '2027' })])]),
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

for (const [format, cases, parse] of [
  ['CSV', CSV_ERROR_CASES, parseCsvWatchlist],
  ['JSON', JSON_ERROR_CASES, parseJsonWatchlist],
] as const) {
  t.test(`${format} uploads report each problem with its code and location`, async (t) => {
    for (const c of cases) {
      const result = await parse(c.input, options)
      const errors = errorsOf(t, result)
      const found = findError(errors, c.expected)
      t.ok(found, c.behaviour, { expected: c.expected, errors })
      if (c.secret !== undefined) {
        t.notOk(
          errors.some((e) => e.message.includes(c.secret ?? '')),
          `${c.behaviour}: message does not echo the value`,
        )
      }
    }
  })
}

t.test('every error code is produced by at least one CSV or JSON case', async (t) => {
  const covered = new Set([...CSV_ERROR_CASES, ...JSON_ERROR_CASES].map((c) => c.expected.code))
  for (const code of Object.values(UploadErrorCode)) t.ok(covered.has(code), code)
})

t.test('codes both formats can produce are tested in both', async (t) => {
  const csvOnly = new Set<string>([
    'MALFORMED_CSV',
    'UNKNOWN_COLUMN',
    'DUPLICATE_COLUMN',
    'MISSING_REQUIRED_COLUMN',
    'FIELD_NOT_APPLICABLE',
    'CONFLICTING_GROUP_FIELDS',
  ])
  const jsonOnly = new Set<string>(['MALFORMED_JSON', 'UNKNOWN_FIELD', 'INVALID_FIELD_TYPE', 'DUPLICATE_GROUP_REF'])
  const inCsv = new Set(CSV_ERROR_CASES.map((c) => c.expected.code))
  const inJson = new Set(JSON_ERROR_CASES.map((c) => c.expected.code))
  for (const code of Object.values(UploadErrorCode)) {
    if (!jsonOnly.has(code)) t.ok(inCsv.has(code), `CSV: ${code}`)
    if (!csvOnly.has(code)) t.ok(inJson.has(code), `JSON: ${code}`)
  }
})

// ---------------------------------------------------------------------------------------------

t.test('values are kept as written beside their canonical keys', async (t) => {
  const input = csv([
    {
      ...GROUP,
      group_risk_level: 'High',
      group_handling: "Contact the force's SOC unit",
      entity_type: 'company',
      name: ' Northern Paving Solutions Ltd ',
      aliases: 'NPS Groundworks| NPS ',
      company_number: '9876543',
      address_lines: 'Unit 4, Canal Street',
      town: 'Salford',
      postcode: 'm54xj',
    },
    {
      ...GROUP,
      entity_type: 'person',
      name: "Daniel James O'Connor",
      date_of_birth: '1981-03',
      role: 'principal member',
      nationality: 'gb',
      address_lines: '1 Rue de Rivoli',
      town: 'Paris',
      postcode: '75001',
      country: 'fr',
    },
    { ...GROUP, entity_type: 'address', address_lines: 'Flat 2|8 Mill Lane', postcode: 'SW1A1AA', country: 'UK', uprn: '100023336956' },
    { ...GROUP, entity_type: 'phone', phone: '0161 496 0000' },
    { ...GROUP, entity_type: 'email', email: 'Accounts@NorthernPaving.Example' },
    { ...GROUP, entity_type: 'website', website: 'https://www.NorthernPaving.example/about' },
  ])
  const expected: WatchlistContent = {
    groups: [
      {
        ref: 'GMP-OCG-0117',
        name: 'Canal Crew',
        aliases: [],
        riskLevel: 'high',
        handling: "Contact the force's SOC unit",
        notes: null,
        entities: [
          {
            type: 'company',
            name: 'Northern Paving Solutions Ltd',
            aliases: ['NPS Groundworks', 'NPS'],
            companyNumber: '9876543',
            companyNumberKey: '09876543',
            addresses: [{ lines: ['Unit 4, Canal Street'], town: 'Salford', postcode: 'm54xj', postcodeKey: 'M5 4XJ', country: 'GB', uprn: null }],
          },
          {
            type: 'person',
            name: "Daniel James O'Connor",
            aliases: [],
            dateOfBirth: '1981-03',
            role: 'principal member',
            nationality: 'GB',
            addresses: [{ lines: ['1 Rue de Rivoli'], town: 'Paris', postcode: '75001', postcodeKey: null, country: 'FR', uprn: null }],
          },
          {
            type: 'address',
            address: { lines: ['Flat 2', '8 Mill Lane'], town: null, postcode: 'SW1A1AA', postcodeKey: 'SW1A 1AA', country: 'GB', uprn: '100023336956' },
          },
          { type: 'phone', value: '0161 496 0000', key: '+441614960000' },
          { type: 'email', value: 'Accounts@NorthernPaving.Example', key: 'accounts@northernpaving.example' },
          { type: 'website', value: 'https://www.NorthernPaving.example/about', key: 'northernpaving.example' },
        ],
      },
    ],
  }
  const result = await parseCsvWatchlist(input, options)
  t.ok(result.ok)
  if (!result.ok) return
  t.same(result.content, expected)
  t.same(result.counts, {
    groups: 1,
    entities: 6,
    byType: { company: 1, person: 1, address: 1, phone: 1, email: 1, website: 1 },
  })
})

t.test('the same watchlist as JSON and as CSV parses to equal content', async (t) => {
  const watchlist = generateWatchlist({ seed: 11, entities: 2_000 })
  const fromJson = await parseJsonWatchlist(watchlistToJson(watchlist), options)
  t.ok(fromJson.ok, 'JSON parses')
  if (!fromJson.ok) return
  t.equal(fromJson.counts.entities, 2_000)
  const shuffled = [...CSV_COLUMNS].reverse()
  const variants: [string, string][] = [
    ['documented column order', watchlistToCsv(watchlist)],
    ['reversed column order', watchlistToCsv(watchlist, { columns: shuffled })],
    ['group fields repeated on every row', watchlistToCsv(watchlist, { repeatGroupFields: true })],
    ['CRLF line endings', watchlistToCsv(watchlist, { eol: '\r\n' })],
    ['a byte-order mark', `\uFEFF${watchlistToCsv(watchlist)}`],
  ]
  for (const [behaviour, text] of variants) {
    const fromCsv = await parseCsvWatchlist(text, options)
    t.ok(fromCsv.ok, `${behaviour}: parses`, fromCsv.ok ? {} : { errors: fromCsv.errors.slice(0, 5) })
    if (fromCsv.ok) t.same(fromCsv.content, fromJson.content, `${behaviour}: equal content`)
  }
  t.same(validateJsonWatchlist(watchlist, options), fromJson, 'an already parsed body validates the same')
})

t.test('string, Buffer and chunked stream inputs parse alike', async (t) => {
  // A multi-byte character split across chunks must not look like bad UTF-8.
  const text = csv([
    { ...PERSON, name: 'Zoë Müller' },
    { ...PERSON, name: 'Łukasz Nowak' },
  ])
  const bytes = Buffer.from(text)
  const oneByteChunks = Readable.from([...bytes].map((b) => Buffer.from([b])))
  const expected = await parseCsvWatchlist(text, options)
  t.ok(expected.ok)
  t.same(await parseCsvWatchlist(bytes, options), expected, 'Buffer')
  t.same(await parseCsvWatchlist(oneByteChunks, options), expected, 'one-byte chunks')
  t.same(
    await parseJsonWatchlist(Readable.from([Buffer.from(json([group([person({ name: 'Zoë' })])]))]), options),
    await parseJsonWatchlist(json([group([person({ name: 'Zoë' })])]), options),
    'JSON stream',
  )
})

t.test('every bad row is reported, each at its own row number', async (t) => {
  const rows: Row[] = []
  for (let i = 0; i < 10; i += 1) rows.push(i % 3 === 0 ? { ...PERSON, date_of_birth: '1981-02-31' } : PERSON)
  const errors = errorsOf(t, await parseCsvWatchlist(csv(rows), options))
  t.same(
    errors.map((e) => e.row),
    [2, 5, 8, 11],
  )
  t.ok(errors.every((e) => e.code === 'INVALID_DATE_OF_BIRTH'))
})

t.test('rows before a fatal CSV error are still all checked', async (t) => {
  const text = `${csv([PERSON, { ...PERSON, date_of_birth: '1981-00' }])}"GMP-1,never closed\n${csv([PERSON]).split('\n')[1]}\n`
  const errors = errorsOf(t, await parseCsvWatchlist(Buffer.from(text), options))
  t.same(
    errors.map((e) => [e.row, e.code]),
    [
      [3, 'INVALID_DATE_OF_BIRTH'],
      [4, 'MALFORMED_CSV'],
    ],
  )
})

t.test('row numbers count records as a spreadsheet shows them', async (t) => {
  const header = CSV_COLUMNS.join(',')
  const ok = csv([PERSON]).split('\n')[1] ?? ''
  const multiLineNotes = csv([{ ...PERSON, group_notes: 'line one\nline two' }])
    .split('\n')
    .slice(1, 3)
    .join('\n')
  const bad = csv([{ ...PERSON, nationality: 'British' }]).split('\n')[1] ?? ''
  // header, notes spanning two lines, a blank row, a row of commas, a good row, the bad row
  const text = [header, multiLineNotes, '', ',,,,,,,,,,,,,,,,,,,', ok, bad].join('\n')
  const errors = errorsOf(t, await parseCsvWatchlist(text, options))
  t.same(
    errors.map((e) => [e.row, e.column, e.code]),
    [[6, 'nationality', 'INVALID_COUNTRY']],
  )
})

t.test('several problems on one row are all reported', async (t) => {
  const errors = errorsOf(
    t,
    await parseCsvWatchlist(csv([{ ...PERSON, name: '', date_of_birth: '2099', nationality: 'XX', postcode: 'NOPE', address_lines: '1 High St' }]), options),
  )
  t.same(errors.map((e) => e.column).sort(), ['date_of_birth', 'name', 'nationality', 'postcode'])
})

t.test('JSON reports bad entities of a group whose own fields are bad too', async (t) => {
  const errors = errorsOf(
    t,
    await parseJsonWatchlist(json([group([person({ dateOfBirth: 'soon' }), person(), { type: 'phone', value: 'x' }], { riskLevel: 'extreme' })]), options),
  )
  t.same(
    errors.map((e) => e.path),
    ['/groups/0/riskLevel', '/groups/0/entities/0/dateOfBirth', '/groups/0/entities/2/value'],
  )
})

t.test(`the error list is capped at ${MAX_REPORTED_ERRORS} while the total counts all`, async (t) => {
  const rows: Row[] = Array.from({ length: 1_500 }, () => ({ ...PERSON, date_of_birth: 'unknown' }))
  const result = await parseCsvWatchlist(csv(rows), options)
  t.notOk(result.ok)
  if (result.ok) return
  t.equal(result.errors.length, MAX_REPORTED_ERRORS)
  t.equal(result.totalErrors, 1_500)
  t.equal(result.errors.at(-1)?.row, MAX_REPORTED_ERRORS + 1)

  const groups = [group(Array.from({ length: 1_200 }, () => ({ type: 'email', value: 'nope' })))]
  const jsonResult = await parseJsonWatchlist(json(groups), options)
  t.notOk(jsonResult.ok)
  if (!jsonResult.ok) {
    t.equal(jsonResult.errors.length, MAX_REPORTED_ERRORS)
    t.equal(jsonResult.totalErrors, 1_200)
  }
})

t.test('a stray quote cannot make the parser buffer the rest of a huge upload', async (t) => {
  const rows = Array.from({ length: 5_000 }, () => csv([PERSON]).split('\n')[1]).join('\n')
  const text = `${CSV_COLUMNS.join(',')}\n"GMP-1,${'x'.repeat(10)}\n${rows}\n`
  const errors = errorsOf(t, await parseCsvWatchlist(text, options))
  t.equal(errors.length, 1)
  t.match(errors[0], { row: 2 })
  t.ok(errors[0]?.code === 'FIELD_TOO_LONG' || errors[0]?.code === 'MALFORMED_CSV')
})

t.test('a generated 20,000-row CSV parses and validates', async (t) => {
  const watchlist = generateWatchlist({ seed: 20_000, entities: 20_000 })
  const text = watchlistToCsv(watchlist)
  const started = performance.now()
  const result = await parseCsvWatchlist(Readable.from([Buffer.from(text)]), options)
  const ms = performance.now() - started
  t.ok(result.ok, 'valid', result.ok ? {} : { errors: result.errors.slice(0, 5) })
  if (!result.ok) return
  t.equal(result.counts.entities, 20_000)
  t.equal(result.counts.groups, watchlist.groups.length)
  t.equal(
    Object.values(result.counts.byType).reduce((a, b) => a + b, 0),
    20_000,
  )
  // Generous: the budget is 100,000 rows in well under 3 s; this guards against regressions
  // of an order of magnitude without failing on a loaded CI machine.
  t.ok(ms < 5_000, `parsed in ${Math.round(ms)} ms`)
})

t.test('edge values that are valid are accepted', async (t) => {
  const cases: [behaviour: string, row: Row][] = [
    ['a year-only date of birth', { ...PERSON, date_of_birth: '1981' }],
    ['a year-month date of birth', { ...PERSON, date_of_birth: '1981-03' }],
    ['29 February of a leap year', { ...PERSON, date_of_birth: '2000-02-29' }],
    ['a date of birth of today', { ...PERSON, date_of_birth: '2026-06-01' }],
    ['a date of birth in 1900', { ...PERSON, date_of_birth: '1900-01-01' }],
    ['a Jersey postcode under country JE', { ...GROUP, entity_type: 'address', address_lines: '1 Bath St', postcode: 'je2 4st', country: 'JE' }],
    ['a foreign postcode left unchecked', { ...GROUP, entity_type: 'address', address_lines: '1 Main St', postcode: 'D02 X285', country: 'IE' }],
    ['country alone on a phone row (templates fill it)', { ...GROUP, entity_type: 'phone', phone: '+353 1 234 5678', country: 'IE' }],
    ['an international phone number', { ...GROUP, entity_type: 'phone', phone: '+1 202 555 0143' }],
    ['a Scottish company number without leading zeros', { ...GROUP, entity_type: 'company', name: 'Clyde Haulage Ltd', company_number: 'sc 1234' }],
    ['a BFPO address', { ...GROUP, entity_type: 'address', address_lines: 'Unit 1', postcode: 'BFPO 105' }],
    ['a multi-line notes field', { ...PERSON, group_notes: 'Seen at the depot.\r\nOngoing.\tPriority.' }],
    ['a non-Latin alias', { ...PERSON, aliases: 'Даниэль|丹尼尔' }],
    ['an emoji in notes', { ...PERSON, group_notes: 'Flagged 🚩' }],
    ['a risk level in capitals', { ...PERSON, group_risk_level: 'MEDIUM' }],
  ]
  for (const [behaviour, row] of cases) {
    const result = await parseCsvWatchlist(csv([row]), options)
    t.ok(result.ok, behaviour, result.ok ? {} : { errors: result.errors })
  }
})

t.test('header names are matched case-insensitively and trimmed', async (t) => {
  const columns = ['Group_Ref', ' GROUP_NAME ', 'group_risk_level', 'Entity_Type', 'Name']
  const text = `${columns.join(',')}\nGMP-1,Canal Crew,low,person,Daniel O'Connor\n`
  const result = await parseCsvWatchlist(text, options)
  t.ok(result.ok)
})

t.test('rows of one group need not be adjacent', async (t) => {
  const other = { group_ref: 'GMP-2', group_name: 'Pennine Firm', group_risk_level: 'low' }
  const result = await parseCsvWatchlist(
    csv([PERSON, { ...other, entity_type: 'phone', phone: '0161 496 0001' }, { group_ref: 'GMP-OCG-0117', entity_type: 'phone', phone: '0161 496 0002' }]),
    options,
  )
  t.ok(result.ok)
  if (!result.ok) return
  t.same(
    result.content.groups.map((g) => [g.ref, g.entities.length]),
    [
      ['GMP-OCG-0117', 2],
      ['GMP-2', 1],
    ],
  )
})

t.test('a numeric JSON UPRN is kept as a string of digits', async (t) => {
  const result = await parseJsonWatchlist(json([group([{ type: 'address', address: { uprn: 100023336956 } }])]), options)
  t.ok(result.ok)
  if (!result.ok) return
  t.match(result.content.groups[0]?.entities[0], { type: 'address', address: { uprn: '100023336956', country: 'GB' } })
})
