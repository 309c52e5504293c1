import { readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { retryDelayMs } from '../../src/command/api-client.js'
import { RESULT_COLUMNS } from '../../src/command/screening-results.js'
import { readSuppliers, requestOfRow, SUPPLIER_COLUMNS } from '../../src/command/supplier-input.js'

t.test('a supplier CSV row becomes the screening request of openapi.yaml', async (t) => {
  const cases: { behaviour: string; row: Record<string, string>; request: unknown }[] = [
    { behaviour: 'a name alone', row: { name: 'Rapid Skip Hire Ltd' }, request: { supplier: { name: 'Rapid Skip Hire Ltd' } } },
    {
      behaviour: 'empty cells are left out',
      row: { reference: '', name: 'Rapid Skip Hire Ltd', company_number: '', town: '', person_1_name: '' },
      request: { supplier: { name: 'Rapid Skip Hire Ltd' } },
    },
    {
      behaviour: 'every column',
      row: {
        reference: 'BID-17',
        name: 'Northern Paving Solutions Ltd',
        trading_names: 'NPS Groundworks | NPS',
        company_number: '09876543',
        address_lines: 'Unit 4|Canal Street',
        town: 'Salford',
        postcode: 'M5 4XJ',
        country: 'GB',
        uprn: '100012345678',
        phones: '0161 496 0000',
        emails: 'accounts@northernpaving.example|bids@northernpaving.example',
        website: 'northernpaving.example',
        person_1_name: "Daniel James O'Connor",
        person_1_date_of_birth: '1981-03',
        person_1_role: 'Director',
        person_1_nationality: 'GB',
      },
      request: {
        reference: 'BID-17',
        supplier: {
          name: 'Northern Paving Solutions Ltd',
          tradingNames: ['NPS Groundworks', 'NPS'],
          companyNumber: '09876543',
          addresses: [{ lines: ['Unit 4', 'Canal Street'], town: 'Salford', postcode: 'M5 4XJ', country: 'GB', uprn: '100012345678' }],
          people: [{ name: "Daniel James O'Connor", dateOfBirth: '1981-03', role: 'Director', nationality: 'GB' }],
          phones: ['0161 496 0000'],
          emails: ['accounts@northernpaving.example', 'bids@northernpaving.example'],
          website: 'northernpaving.example',
        },
      },
    },
    {
      behaviour: 'people in the order of their numbers, whatever the column order; a number with no cells is no one',
      row: { name: 'X Ltd', person_10_name: 'Ten', person_2_name: 'Two', person_2_role: 'PSC', person_1_name: '', person_3_role: '' },
      request: { supplier: { name: 'X Ltd', people: [{ name: 'Two', role: 'PSC' }, { name: 'Ten' }] } },
    },
  ]
  for (const { behaviour, row, request } of cases) t.same(requestOfRow(row), request, behaviour)
})

t.test('the README documents every supplier column and every results column', async (t) => {
  const readme = readFileSync('README.md', 'utf8')
  const section = readme.slice(readme.indexOf('## The bidscreen command'))
  for (const column of [...SUPPLIER_COLUMNS, 'person_1_name', 'person_1_date_of_birth', 'person_1_role', 'person_1_nationality', ...RESULT_COLUMNS]) {
    t.match(section, `\`${column}\``, column)
  }
})

t.test('a retry waits what Retry-After asks, capped, else a jittered exponential back-off', async (t) => {
  const policy = { attempts: 8, baseDelayMs: 500, maxDelayMs: 60_000 }
  t.equal(retryDelayMs(1, '5', policy), 5000, 'seconds')
  t.equal(retryDelayMs(3, '0', policy), 0, 'at once')
  t.equal(retryDelayMs(1, '3600', policy), 60_000, 'never longer than the cap')
  const inTenSeconds = new Date(Date.now() + 10_000).toUTCString()
  t.ok(Math.abs(retryDelayMs(1, inTenSeconds, policy) - 10_000) <= 1000, 'an HTTP date')
  t.equal(retryDelayMs(1, new Date(Date.now() - 60_000).toUTCString(), policy), 0, 'a date gone by')
  for (const attempt of [1, 2, 3, 4, 10]) {
    const ceiling = Math.min(500 * 2 ** (attempt - 1), 60_000)
    for (const retryAfter of [null, '', 'soon']) {
      const ms = retryDelayMs(attempt, retryAfter, policy)
      t.ok(ms >= 0 && ms <= ceiling, `attempt ${attempt}, Retry-After ${JSON.stringify(retryAfter)}: ${ms} within 0..${ceiling}`)
    }
  }
})

t.test('a CSV the command cannot read is refused before anything is sent, without quoting its cells', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'bidscreen-input-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  const cases = [
    { behaviour: 'an unknown column', csv: 'name,colour\nRapid Skip Hire Ltd,blue\n', error: /^Unknown column "colour": see README/ },
    { behaviour: 'a column twice', csv: 'name,town,Town\nRapid Skip Hire Ltd,Leeds,Leeds\n', error: /^Column "town" appears twice/ },
    { behaviour: 'no name column', csv: 'reference,town\nBID-1,Leeds\n', error: /^The header has no "name" column/ },
    {
      behaviour: 'a row of another width',
      csv: 'name,town\nKevin Marsh Ltd,Leeds,extra\n',
      error: /is not a CSV the command can read: CSV_RECORD_INCONSISTENT_COLUMNS at line 2$/,
    },
    {
      behaviour: 'a quote left open',
      csv: 'name,town\n"Kevin Marsh Ltd,Leeds\n',
      error: /is not a CSV the command can read: CSV_QUOTE_NOT_CLOSED at line \d+$/,
    },
  ]
  for (const { behaviour, csv, error } of cases) {
    const file = join(dir, 'suppliers.csv')
    await writeFile(file, csv)
    const read = async () => {
      for await (const record of readSuppliers(file, 'csv')) void record
    }
    await t.rejects(read(), { name: 'CommandError', message: error }, behaviour)
    await read().catch((e: Error) => t.notMatch(e.message, /Marsh/, `${behaviour}: no cell quoted`))
  }
})
