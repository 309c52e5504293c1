// An authority's supplier base as `bidscreen screen` reads it: a CSV with the columns below (one
// row per supplier), or JSON Lines (one screening request per line, as POST /v1/screenings takes).
// The service checks each request; here a row only becomes one.
import { createReadStream } from 'node:fs'
import { createInterface } from 'node:readline'
import { parse } from 'csv-parse'
import { CommandError } from './command-error.js'

/** The supplier's own columns; each maps to one field of the screening request (openapi.yaml ScreeningRequest). */
export const SUPPLIER_COLUMNS = [
  'reference',
  'name',
  'trading_names',
  'company_number',
  'address_lines',
  'town',
  'postcode',
  'country',
  'uprn',
  'phones',
  'emails',
  'website',
] as const

/** Connected persons (directors, PSCs…): `person_1_name`, `person_1_date_of_birth`, … for 1, 2, 3 and on. */
const PERSON_FIELDS = { name: 'name', date_of_birth: 'dateOfBirth', role: 'role', nationality: 'nationality' } as const
const PERSON_COLUMN = /^person_([1-9]\d?)_(name|date_of_birth|role|nationality)$/

// Lists in one cell, as in the watchlist CSV: aliases and address lines are `|`-separated.
const LIST_SEPARATOR = '|'

export type SupplierFormat = 'csv' | 'jsonl'

/** One supplier of the input: the request to send, or why none could be made of it. */
export interface SupplierRecord {
  /** The record's place in the file: CSV data rows and JSONL lines count from 1, blank lines skipped. */
  row: number
  request?: unknown
  error?: string
  /** The reference and name as given, for the results file when the service reports none. */
  reference: string
  name: string
}

export function supplierFormatOf(file: string, format: string | undefined): SupplierFormat {
  const chosen = format ?? (/\.csv$/i.test(file) ? 'csv' : /\.(jsonl|ndjson)$/i.test(file) ? 'jsonl' : undefined)
  if (chosen === 'csv' || chosen === 'jsonl') return chosen
  throw new CommandError(`Cannot tell the format of ${file}: name it .csv or .jsonl, or pass --format csv|jsonl`)
}

/** The file's suppliers in order, read as they come (a supplier base of any size fits). */
export function readSuppliers(file: string, format: SupplierFormat): AsyncGenerator<SupplierRecord> {
  return format === 'csv' ? readCsv(file) : readJsonLines(file)
}

async function* readCsv(file: string): AsyncGenerator<SupplierRecord> {
  // BOM-tolerant, as spreadsheets write it; a row of another width is the file's fault, said once.
  const parser = createReadStream(file).pipe(parse({ bom: true, columns: checkedHeader, skip_empty_lines: true, trim: true }))
  let row = 0
  try {
    for await (const cells of parser as AsyncIterable<Record<string, string>>) {
      row++
      yield { row, request: requestOfRow(cells), reference: cells.reference ?? '', name: cells.name ?? '' }
    }
  } catch (error) {
    if (error instanceof CommandError) throw error
    // csv-parse's message can quote the cell at fault, a name: its code and line say enough.
    const { code, lines } = error as { code?: string; lines?: number }
    if (code === undefined) throw error
    throw new CommandError(`${file} is not a CSV the command can read: ${code} at line ${lines ?? '?'}`)
  }
}

function checkedHeader(header: string[]): string[] {
  const columns = header.map((c) => c.trim().toLowerCase())
  const unknown = columns.filter((c) => !(SUPPLIER_COLUMNS as readonly string[]).includes(c) && !PERSON_COLUMN.test(c))
  if (unknown.length) throw new CommandError(`Unknown column ${unknown.map((c) => `"${c}"`).join(', ')}: see README "The bidscreen command" for the columns`)
  const repeated = columns.find((c, i) => columns.indexOf(c) !== i)
  if (repeated) throw new CommandError(`Column "${repeated}" appears twice`)
  if (!columns.includes('name')) throw new CommandError('The header has no "name" column, the one a supplier needs')
  return columns
}

/** The screening request of one CSV row: empty cells are left out, lists split on `|`. */
export function requestOfRow(cells: Readonly<Record<string, string>>): unknown {
  const value = (column: string) => (cells[column] ? cells[column] : undefined)
  const list = (column: string) => {
    const items = (cells[column] ?? '')
      .split(LIST_SEPARATOR)
      .map((s) => s.trim())
      .filter(Boolean)
    return items.length ? items : undefined
  }
  const address = compact({ lines: list('address_lines'), town: value('town'), postcode: value('postcode'), country: value('country'), uprn: value('uprn') })
  const supplier = compact({
    name: value('name') ?? '',
    tradingNames: list('trading_names'),
    companyNumber: value('company_number'),
    addresses: Object.keys(address).length ? [address] : undefined,
    people: peopleOf(cells),
    phones: list('phones'),
    emails: list('emails'),
    website: value('website'),
  })
  return compact({ reference: value('reference'), supplier })
}

function peopleOf(cells: Readonly<Record<string, string>>): Record<string, string>[] | undefined {
  const people = new Map<number, Record<string, string>>()
  for (const [column, text] of Object.entries(cells)) {
    const match = PERSON_COLUMN.exec(column)
    if (!match || !text) continue
    const person = people.get(Number(match[1])) ?? {}
    person[PERSON_FIELDS[match[2] as keyof typeof PERSON_FIELDS]] = text
    people.set(Number(match[1]), person)
  }
  const list = [...people.entries()].sort(([a], [b]) => a - b).map(([, person]) => person)
  return list.length ? list : undefined
}

function compact<T extends Record<string, unknown>>(object: T): Partial<T> {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as Partial<T>
}

async function* readJsonLines(file: string): AsyncGenerator<SupplierRecord> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })
  let row = 0
  let lineNumber = 0
  for await (const line of lines) {
    lineNumber++
    if (line.trim() === '') continue
    row++
    let request: unknown
    try {
      request = JSON.parse(line) as unknown
    } catch {
      yield { row, error: `line ${lineNumber} is not JSON`, reference: '', name: '' }
      continue
    }
    // A request names its supplier directly or as an OCDS party (openapi.yaml ScreeningRequest).
    const r = (request ?? {}) as { reference?: unknown; supplier?: { name?: unknown }; ocdsParty?: { name?: unknown } }
    const name = r.supplier?.name ?? r.ocdsParty?.name
    yield { row, request, reference: typeof r.reference === 'string' ? r.reference : '', name: typeof name === 'string' ? name : '' }
  }
}
