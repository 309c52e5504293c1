/**
 * Seeded generator of valid watchlist uploads, for tests and the upload benchmark.
 *
 * The same seed always gives the same watchlist (mulberry32 PRNG, no Math.random), so a failing
 * test or a benchmark figure can be reproduced. Data is UK-shaped but fictitious: Ofcom's drama
 * telephone ranges, `.example` and made-up `.co.uk` domains, postcodes in real formats on real
 * outward codes. Everything generated is expressible in both formats (at most one address per
 * company or person, no group aliases), so JSON and CSV of one watchlist parse to equal content.
 */
import type { WatchlistAddressJson, WatchlistEntityJson, WatchlistJson } from '../../src/register/watchlist-content.js'
import { CSV_COLUMNS, type CsvColumn } from '../../src/register/parse-csv-watchlist.js'

export type Rng = () => number

/** mulberry32: tiny, fast and good enough for test data. */
function createRng(seed: number): Rng {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)]
  if (item === undefined) throw new Error('pick from an empty list')
  return item
}

function int(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1))
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0')
}

const FIRST_NAMES = [
  'Daniel',
  'James',
  'Mohammed',
  'Oliver',
  'Jack',
  'Harry',
  'George',
  'Noah',
  'Charlie',
  'Thomas',
  'William',
  'Robert',
  'Michael',
  'David',
  'Paul',
  'Mark',
  'Stephen',
  'Andrew',
  'Sean',
  'Connor',
  'Olivia',
  'Amelia',
  'Isla',
  'Ava',
  'Emily',
  'Sophie',
  'Grace',
  'Chloe',
  'Jessica',
  'Aisha',
  'Fatima',
  'Zara',
  'Niamh',
  'Siobhan',
  'Kerry',
  'Leanne',
  'Donna',
  'Tracey',
  'Joanne',
  'Priya',
]
const SURNAMES = [
  'Smith',
  'Jones',
  'Williams',
  'Taylor',
  'Brown',
  'Davies',
  'Evans',
  'Wilson',
  'Thomas',
  'Johnson',
  "O'Connor",
  'Roberts',
  'Robinson',
  'Thompson',
  'Wright',
  'Walker',
  'White',
  'Edwards',
  'Hughes',
  'Green',
  'Hall',
  'Lewis',
  'Harris',
  'Clarke',
  'Patel',
  'Jackson',
  'Wood',
  'Turner',
  'Martin',
  'Cooper',
  'Hill',
  'Ward',
  'Morris',
  'Moore',
  'Clark',
  'Lee',
  'King',
  'Baker',
  'Khan',
  'McDonald',
  'Murphy',
  'Kelly',
  'Ahmed',
  'Begum',
  'Hussain',
  'Nowak',
  'Kowalski',
  'Müller',
  'Doherty',
  'Quinn',
]
const COMPANY_WORDS = [
  'Northern',
  'Canal',
  'Pennine',
  'Apex',
  'Summit',
  'Redline',
  'Granite',
  'Harbour',
  'Meridian',
  'Oakwood',
  'Castle',
  'Riverside',
  'Crown',
  'Phoenix',
  'Kestrel',
  'Vanguard',
  'Albion',
  'Mersey',
  'Thames',
  'Severn',
  'Clyde',
  'Tyne',
  'Irwell',
  'Sterling',
  'Beacon',
  'Keystone',
  'Falcon',
  'Emerald',
  'Ironbridge',
  'Millstone',
]
const TRADES = [
  'Paving',
  'Groundworks',
  'Scaffolding',
  'Waste Management',
  'Security',
  'Cleaning',
  'Construction',
  'Roofing',
  'Haulage',
  'Plant Hire',
  'Landscaping',
  'Demolition',
  'Facilities',
  'Recycling',
  'Car Wash',
  'Nail Bar',
  'Lettings',
  'Vehicle Hire',
  'Skip Hire',
  'Building Services',
]
const LEGAL_FORMS = ['Ltd', 'Limited', 'LTD', 'Ltd.', 'PLC', 'LLP', 'Holdings Ltd', 'Services Limited', 'Group Ltd', '(UK) Ltd']
const STREETS = [
  'Canal Street',
  'High Street',
  'Station Road',
  'Church Lane',
  'Victoria Road',
  'Mill Lane',
  'Park Road',
  'Market Street',
  'Queen Street',
  'King Street',
  'Albert Road',
  'Bridge Street',
  'London Road',
  'Oxford Road',
  'Chapel Street',
  'Trafford Park Road',
  'Regent Road',
  'Deansgate',
  'Portland Street',
  'Ashton Old Road',
]
const PLACES: readonly (readonly [town: string, outward: readonly string[]])[] = [
  ['Salford', ['M5', 'M6', 'M7', 'M50']],
  ['Manchester', ['M1', 'M2', 'M4', 'M12', 'M40']],
  ['Liverpool', ['L1', 'L3', 'L8', 'L20']],
  ['Leeds', ['LS1', 'LS9', 'LS11']],
  ['Birmingham', ['B1', 'B6', 'B33']],
  ['London', ['SW1A', 'EC1A', 'E1W', 'W1A', 'N1C', 'SE1P']],
  ['Glasgow', ['G1', 'G2', 'G51']],
  ['Cardiff', ['CF10', 'CF24']],
  ['Belfast', ['BT1', 'BT12']],
  ['Newcastle upon Tyne', ['NE1', 'NE6']],
  ['Croydon', ['CR0', 'CR2']],
  ['Doncaster', ['DN1', 'DN55']],
]
/** Letters Royal Mail uses in the inward code (never C, I, K, M, O, V). */
const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ'
const ROLES = ['principal member', 'associate', 'money launderer', 'enforcer', 'facilitator', 'director', 'nominee director']
const NATIONALITIES = ['GB', 'GB', 'GB', 'GB', 'IE', 'PL', 'AL', 'RO', 'LT', 'PK']
const HANDLING = [
  "Do not award; contact the force's SOC unit quoting the reference.",
  'Refer to the force intelligence bureau before any award.',
  'Contact the Regional Organised Crime Unit; do not alert the supplier.',
]
const PRIORITY_NOTES = [
  'Linked to cash-intensive businesses in the area.',
  'Subject of an ongoing investigation.\nDo not disclose beyond the SOC unit.',
  'Uses nominee directors; check connected persons.',
]

function postcode(rng: Rng, outward: string): string {
  const inward = `${int(rng, 0, 9)}${pick(rng, [...INWARD_LETTERS])}${pick(rng, [...INWARD_LETTERS])}`
  // Forces type postcodes every which way; the parser canonicalises.
  const style = rng()
  if (style < 0.8) return `${outward} ${inward}`
  if (style < 0.9) return `${outward}${inward}`.toLowerCase()
  return `${outward.toLowerCase()} ${inward.toLowerCase()}`
}

function address(rng: Rng): WatchlistAddressJson {
  const [town, outwards] = pick(rng, PLACES)
  const lines =
    rng() < 0.3
      ? [`Unit ${int(rng, 1, 40)}, ${pick(rng, STREETS)}`]
      : rng() < 0.5
        ? [`Flat ${int(rng, 1, 20)}`, `${int(rng, 1, 250)} ${pick(rng, STREETS)}`]
        : [`${int(rng, 1, 250)} ${pick(rng, STREETS)}`]
  const result: WatchlistAddressJson = { lines, town, postcode: postcode(rng, pick(rng, outwards)), country: 'GB' }
  if (rng() < 0.1) result.uprn = String(int(rng, 10_000_000, 999_999_999_999))
  return result
}

function companyNumber(rng: Rng): string {
  const roll = rng()
  if (roll < 0.7) {
    const digits = pad(int(rng, 1, 15_999_999), 8)
    // Spreadsheets drop leading zeros; the parser pads them back.
    return rng() < 0.2 ? digits.replace(/^0+/, '') : digits
  }
  const prefix = roll < 0.85 ? 'SC' : roll < 0.93 ? 'OC' : 'NI'
  return `${rng() < 0.1 ? prefix.toLowerCase() : prefix}${pad(int(rng, 1, 999_999), 6)}`
}

function dateOfBirth(rng: Rng): string {
  const year = int(rng, 1945, 2004)
  const month = int(rng, 1, 12)
  const precision = rng()
  if (precision < 0.15) return String(year)
  if (precision < 0.45) return `${year}-${pad(month, 2)}`
  return `${year}-${pad(month, 2)}-${pad(int(rng, 1, 28), 2)}`
}

function phone(rng: Rng): string {
  // Ofcom reserves these ranges for drama, so they are never anyone's real number.
  const roll = rng()
  if (roll < 0.35) return `0161 496 ${pad(int(rng, 0, 999), 4)}`
  if (roll < 0.55) return `020 7946 ${pad(int(rng, 0, 999), 4)}`
  if (roll < 0.85) return `07700 900${pad(int(rng, 0, 999), 3)}`
  return `+44 113 496 ${pad(int(rng, 0, 999), 4)}`
}

function slug(words: string): string {
  return words.toLowerCase().replace(/[^a-z0-9]+/g, '')
}

function entity(rng: Rng, groupWord: string): WatchlistEntityJson {
  const roll = rng()
  if (roll < 0.3) {
    const name = `${rng() < 0.5 ? groupWord : pick(rng, COMPANY_WORDS)} ${pick(rng, TRADES)} ${pick(rng, LEGAL_FORMS)}`
    const company: WatchlistEntityJson = {
      type: 'company',
      name,
      aliases: rng() < 0.3 ? [`${pick(rng, COMPANY_WORDS)} ${pick(rng, TRADES)}`] : [],
      companyNumber: rng() < 0.8 ? companyNumber(rng) : null,
      addresses: rng() < 0.7 ? [address(rng)] : [],
    }
    return company
  }
  if (roll < 0.7) {
    const first = pick(rng, FIRST_NAMES)
    const surname = pick(rng, SURNAMES)
    return {
      type: 'person',
      name: rng() < 0.2 ? `${surname.toUpperCase()}, ${first}` : `${first} ${surname}`,
      aliases: rng() < 0.25 ? [`${first.slice(0, 1)}. ${surname}`] : [],
      dateOfBirth: rng() < 0.85 ? dateOfBirth(rng) : null,
      role: rng() < 0.8 ? pick(rng, ROLES) : null,
      nationality: rng() < 0.7 ? pick(rng, NATIONALITIES) : null,
      addresses: rng() < 0.5 ? [address(rng)] : [],
    }
  }
  if (roll < 0.8) return { type: 'address', address: address(rng) }
  if (roll < 0.9) return { type: 'phone', value: phone(rng) }
  const domain = `${slug(`${groupWord}${pick(rng, TRADES)}`)}${int(rng, 1, 999)}.co.uk`
  if (roll < 0.96) {
    return { type: 'email', value: `${slug(pick(rng, FIRST_NAMES))}.${slug(pick(rng, SURNAMES))}@${rng() < 0.2 ? domain.toUpperCase() : domain}` }
  }
  return { type: 'website', value: rng() < 0.5 ? `www.${domain}` : `https://${domain}/contact` }
}

export interface WatchlistFixtureOptions {
  seed: number
  /** Entities in total (= CSV data rows). */
  entities: number
  /** Group reference prefix, e.g. the force's. */
  refPrefix?: string
}

/** A valid watchlist in the JSON upload format with exactly `entities` entities. */
export function generateWatchlist(options: WatchlistFixtureOptions): WatchlistJson {
  const rng = createRng(options.seed)
  const prefix = options.refPrefix ?? 'GMP-OCG'
  const groups: WatchlistJson['groups'] = []
  let remaining = options.entities
  let n = 0
  while (remaining > 0) {
    n += 1
    const word = pick(rng, COMPANY_WORDS)
    const size = Math.min(remaining, int(rng, 5, 40))
    remaining -= size
    const entities: WatchlistEntityJson[] = []
    for (let i = 0; i < size; i += 1) entities.push(entity(rng, word))
    groups.push({
      ref: `${prefix}-${pad(n, 5)}`,
      name: `${word} ${pick(rng, ['Crew', 'Firm', 'Family', 'Network', 'Group'])}`,
      aliases: [],
      riskLevel: pick(rng, ['low', 'medium', 'high', 'High'] as const),
      handling: pick(rng, HANDLING),
      notes: rng() < 0.5 ? pick(rng, PRIORITY_NOTES) : null,
      entities,
    })
  }
  return { groups }
}

export function watchlistToJson(watchlist: WatchlistJson): string {
  return JSON.stringify(watchlist)
}

export interface CsvFixtureOptions {
  /** Column order; defaults to the documented header. */
  columns?: readonly CsvColumn[]
  /** Repeat the group fields on every row of the group instead of only its first. */
  repeatGroupFields?: boolean
  /** Line ending; spreadsheets on Windows write CRLF. */
  eol?: '\n' | '\r\n'
}

const QUOTE_NEEDED = /[",\r\n]|^\s|\s$/

export function csvField(value: string): string {
  return QUOTE_NEEDED.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

/** One CSV row per entity, group fields on each group's first row (or on every row). */
export function watchlistToCsv(watchlist: WatchlistJson, options: CsvFixtureOptions = {}): string {
  const columns = options.columns ?? CSV_COLUMNS
  const eol = options.eol ?? '\n'
  const out: string[] = [columns.join(',')]
  for (const group of watchlist.groups) {
    ;(group.entities ?? []).forEach((entity, i) => {
      const row: Partial<Record<CsvColumn, string>> = { group_ref: group.ref, entity_type: entity.type }
      if (i === 0 || options.repeatGroupFields === true) {
        row.group_name = group.name
        row.group_risk_level = group.riskLevel
        row.group_handling = group.handling ?? ''
        row.group_notes = group.notes ?? ''
      }
      Object.assign(row, entityCells(entity))
      out.push(columns.map((column) => csvField(row[column] ?? '')).join(','))
    })
  }
  return out.join(eol) + eol
}

function addressCells(address: WatchlistAddressJson | undefined): Partial<Record<CsvColumn, string>> {
  if (address === undefined) return {}
  return {
    address_lines: (address.lines ?? []).join('|'),
    town: address.town ?? '',
    postcode: address.postcode ?? '',
    country: address.country ?? '',
    uprn: address.uprn == null ? '' : String(address.uprn),
  }
}

function entityCells(entity: WatchlistEntityJson): Partial<Record<CsvColumn, string>> {
  switch (entity.type) {
    case 'company':
      if ((entity.addresses?.length ?? 0) > 1) throw new Error('a CSV row holds one address')
      return {
        name: entity.name,
        aliases: (entity.aliases ?? []).join('|'),
        company_number: entity.companyNumber ?? '',
        ...addressCells(entity.addresses?.[0]),
      }
    case 'person':
      if ((entity.addresses?.length ?? 0) > 1) throw new Error('a CSV row holds one address')
      return {
        name: entity.name,
        aliases: (entity.aliases ?? []).join('|'),
        date_of_birth: entity.dateOfBirth ?? '',
        role: entity.role ?? '',
        nationality: entity.nationality ?? '',
        ...addressCells(entity.addresses?.[0]),
      }
    case 'address':
      return addressCells(entity.address)
    case 'phone':
      return { phone: entity.value }
    case 'email':
      return { email: entity.value }
    case 'website':
      return { website: entity.value }
  }
}

/** A valid CSV upload of `entities` data rows. */
export function generateWatchlistCsv(options: WatchlistFixtureOptions & CsvFixtureOptions): string {
  return watchlistToCsv(generateWatchlist(options), options)
}
