import t, { type Test } from 'tap'
import { Readable } from 'node:stream'
import { MAX_REPORTED_ERRORS, UploadErrorCode, type RowError, type WatchlistContent, type WatchlistParseResult } from '../../src/register/watchlist-content.js'
import { CSV_COLUMNS, parseCsvWatchlist } from '../../src/register/parse-csv-watchlist.js'
import { parseJsonWatchlist, validateJsonWatchlist } from '../../src/register/parse-json-watchlist.js'
import { generateWatchlist, watchlistToCsv, watchlistToJson } from '../helpers/watchlist-fixtures.js'

const today = new Date('2026-06-01T12:00:00Z')
const options = { today }

import { CSV_ERROR_CASES, JSON_ERROR_CASES, csv, json, group, person, GROUP, PERSON, findError, type Row } from '../helpers/upload-error-cases.js'

function errorsOf(t: Test, result: WatchlistParseResult): RowError[] {
  if (result.ok) {
    t.fail('expected the upload to be rejected')
    return []
  }
  return result.errors
}

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

t.test('a CSV may mix CRLF, LF and CR line endings, even across chunk boundaries', async (t) => {
  const rows: Row[] = [PERSON, { ...PERSON, name: 'Robert Smith' }, { ...PERSON, name: 'Alan Jones' }, { ...PERSON, name: 'Carl Brown' }]
  const lines = csv(rows).split('\n').slice(0, -1)
  const endings = ['\r\n', '\n', '\r\n', '\r', '\n']
  // A line break inside a quoted value is part of the value, whatever the lines end with.
  const quoted = csv([{ ...PERSON, name: 'Dean Grey', group_notes: 'line one\r\nline two' }])
    .split('\n')
    .slice(1)
    .join('\n')
  const text = lines.map((line, i) => line + (endings[i] ?? '\n')).join('') + quoted
  const expected = await parseCsvWatchlist(csv([...rows, { ...PERSON, name: 'Dean Grey', group_notes: 'line one\r\nline two' }]), options)
  t.ok(expected.ok, 'the LF-only file is valid')
  const mixed = await parseCsvWatchlist(text, options)
  t.same(mixed, expected, 'the mixed file parses to the same content')
  const bytes = Buffer.from(text)
  let failures = 0
  for (let cut = 1; cut < bytes.length; cut += 1) {
    const streamed = await parseCsvWatchlist(Readable.from([bytes.subarray(0, cut), bytes.subarray(cut)]), options)
    if (!streamed.ok || streamed.counts.entities !== 5) failures += 1
  }
  t.equal(failures, 0, 'every split of the stream parses to five entities')
  t.ok((await parseCsvWatchlist(csv([PERSON]).replace(/\n/g, '\r\n'), options)).ok, 'a CRLF-only file still parses')
  t.ok((await parseCsvWatchlist(csv([PERSON]).replace(/\n/g, '\r'), options)).ok, 'a CR-only file still parses')
})

t.test('group-level and row-level errors are reported in one answer', async (t) => {
  const rows: Row[] = [
    { ...PERSON, group_risk_level: 'extreme' },
    { ...PERSON, group_risk_level: '', date_of_birth: '1981-02-30' },
    { group_ref: 'GMP-2', group_name: 'Pennine \u202EFirm', group_risk_level: 'low', entity_type: 'phone', phone: 'not a phone' },
  ]
  const errors = errorsOf(t, await parseCsvWatchlist(csv(rows), options))
  t.same(
    errors.map((e) => [e.row, e.column, e.code]).sort(),
    [
      [2, 'group_risk_level', 'INVALID_RISK_LEVEL'],
      [3, 'date_of_birth', 'INVALID_DATE_OF_BIRTH'],
      [4, 'group_name', 'CONTROL_CHARACTER'],
      [4, 'phone', 'INVALID_PHONE'],
    ].sort(),
  )
  const jsonErrors = errorsOf(
    t,
    await parseJsonWatchlist(
      json([group([person({ dateOfBirth: '1981-02-30' })], { riskLevel: 'extreme' }), group([], { ref: 'GMP-2', name: 'Pennine \u202EFirm' })]),
      options,
    ),
  )
  t.same(jsonErrors.map((e) => e.path).sort(), ['/groups/0/entities/0/dateOfBirth', '/groups/0/riskLevel', '/groups/1/name'])
  const duplicate = errorsOf(t, await parseJsonWatchlist(json([group([person()]), group([person({ dateOfBirth: 'soon' })])]), options))
  t.same(
    duplicate.map((e) => [e.path, e.code]),
    [
      ['/groups/1/entities/0/dateOfBirth', 'INVALID_DATE_OF_BIRTH'],
      ['/groups/1/ref', 'DUPLICATE_GROUP_REF'],
    ],
    'a reused group reference is reported beside the group’s other errors',
  )
})

t.test('rows that cannot be read at all are not also called an empty upload', async (t) => {
  const text = `${CSV_COLUMNS.join(',')}\nGMP-1,short row\n`
  const errors = errorsOf(t, await parseCsvWatchlist(text, options))
  t.same(
    errors.map((e) => [e.row, e.code]),
    [[2, 'MALFORMED_CSV']],
  )
})
