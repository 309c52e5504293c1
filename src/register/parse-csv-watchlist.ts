/**
 * Parses and validates a CSV watchlist upload (docs/design.md §3), streaming.
 *
 * One row per entity, under a header naming any subset of `CSV_COLUMNS` in any order (the
 * `REQUIRED_CSV_COLUMNS` must be there). Aliases and address lines are `|`-separated. A group's
 * fields are given on its first row; later rows of the group may leave them empty or repeat them
 * identically (risk level compared case-insensitively); a different value is a conflict. Rows of
 * one group need not be adjacent. A CSV row carries at most one address for a company or person
 * and the format has no column for group aliases, so CSV groups have `aliases: []`.
 *
 * Row numbers count records the way a spreadsheet shows them: the header is row 1, and blank
 * rows (empty, or only commas) are counted and skipped. A value in a column that does not apply
 * to the row's entity type (a date of birth on a company row) is an error rather than dropped;
 * `country` alone is the exception, since templates often fill it on every row.
 *
 * Bytes are decoded as strict UTF-8 while streaming, so a Windows-1252 or UTF-16 export is
 * refused with INVALID_ENCODING rather than stored as mojibake. csv-parse runs with
 * `relax_column_count: true` because with `false` it stops at the first short or long row; the
 * column count is checked here instead, so every such row is reported.
 */
import { Readable, pipeline } from 'node:stream'
import { CsvError, parse } from 'csv-parse'
import {
  ENTITY_TYPES,
  UploadErrorCode,
  addressDraftHasContent,
  buildEntity,
  buildGroupHeader,
  countContent,
  createValidationContext,
  failedResult,
  type AddressDraft,
  type EntityDraft,
  type EntityType,
  type ErrorLocation,
  type FieldLocator,
  type FieldName,
  type ValidationContext,
  type WatchlistEntity,
  type WatchlistGroup,
  type WatchlistParseOptions,
  type WatchlistParseResult,
} from './watchlist-content.js'
import type { WatchlistUploadBody } from './parse-json-watchlist.js'

export const CSV_COLUMNS = [
  'group_ref',
  'group_name',
  'group_risk_level',
  'group_handling',
  'group_notes',
  'entity_type',
  'name',
  'aliases',
  'date_of_birth',
  'nationality',
  'role',
  'company_number',
  'address_lines',
  'town',
  'postcode',
  'country',
  'uprn',
  'phone',
  'email',
  'website',
] as const
export type CsvColumn = (typeof CSV_COLUMNS)[number]

/** Without these no row could be valid, so their absence is reported once, not per row. */
export const REQUIRED_CSV_COLUMNS: readonly CsvColumn[] = ['group_ref', 'group_name', 'group_risk_level', 'entity_type']

/** Separator of several values in one cell (aliases, address lines). */
export const CSV_LIST_SEPARATOR = '|'

/**
 * Longest record csv-parse will buffer, in characters: above the sum of the field limits, and a
 * bound on memory when a stray quote would otherwise swallow the rest of the file into one field.
 */
export const MAX_CSV_RECORD_CHARS = 100_000

const ADDRESS_COLUMNS: readonly CsvColumn[] = ['address_lines', 'town', 'postcode', 'uprn']

/** Entity columns each type may fill; `country` is left out because it is ignored when alone. */
const APPLICABLE: Record<EntityType, ReadonlySet<CsvColumn>> = {
  company: new Set(['name', 'aliases', 'company_number', ...ADDRESS_COLUMNS]),
  person: new Set(['name', 'aliases', 'date_of_birth', 'nationality', 'role', ...ADDRESS_COLUMNS]),
  address: new Set(ADDRESS_COLUMNS),
  phone: new Set(['phone']),
  email: new Set(['email']),
  website: new Set(['website']),
}

const ENTITY_COLUMNS: readonly CsvColumn[] = [
  'name',
  'aliases',
  'date_of_birth',
  'nationality',
  'role',
  'company_number',
  ...ADDRESS_COLUMNS,
  'phone',
  'email',
  'website',
]

const GROUP_FIELD_COLUMNS = ['group_name', 'group_risk_level', 'group_handling', 'group_notes'] as const
type GroupFieldColumn = (typeof GROUP_FIELD_COLUMNS)[number]

const FIELD_COLUMNS: Record<FieldName, string> = {
  groupRef: 'group_ref',
  groupName: 'group_name',
  groupAliases: 'group_aliases',
  riskLevel: 'group_risk_level',
  handling: 'group_handling',
  notes: 'group_notes',
  type: 'entity_type',
  name: 'name',
  aliases: 'aliases',
  companyNumber: 'company_number',
  dateOfBirth: 'date_of_birth',
  role: 'role',
  nationality: 'nationality',
  value: 'value',
  address: 'address_lines',
  lines: 'address_lines',
  town: 'town',
  postcode: 'postcode',
  country: 'country',
  uprn: 'uprn',
}

/**
 * Reads, decodes, parses and validates a CSV upload, streaming the input. Resolves to the
 * content or to every problem found (capped at MAX_REPORTED_ERRORS, with the total).
 */
export async function parseCsvWatchlist(input: WatchlistUploadBody, options: WatchlistParseOptions = {}): Promise<WatchlistParseResult> {
  const ctx = createValidationContext(options)
  const parser = parse({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: false,
    max_record_size: MAX_CSV_RECORD_CHARS,
  })
  let reader: RowReader | undefined
  let headerRejected = false
  let row = 0
  const onRecord = (record: string[]): void => {
    row += 1
    if (reader !== undefined) {
      reader.read(record, row)
    } else if (!headerRejected && !isBlankRecord(record)) {
      reader = createRowReader(ctx, record, row)
      if (reader === undefined) {
        headerRejected = true
        parser.destroy() // nothing after a bad header can be read against it
      }
    }
  }
  try {
    // Records are taken in flowing mode, as the parser produces them, so every row before a
    // fatal CSV or encoding error has been checked by the time that error arrives (an async
    // iterator would drop the rows still buffered).
    await new Promise<void>((resolve, reject) => {
      parser.on('data', onRecord)
      parser.on('end', resolve)
      parser.on('close', resolve)
      // pipeline forwards a decoding error to the parser and destroys the source on any error.
      pipeline(Readable.from(checkUtf8(input)), parser, (error) => {
        if (error != null && !headerRejected) reject(error)
      })
      parser.on('error', (error) => {
        if (!headerRejected) reject(error)
      })
    })
  } catch (error) {
    reportStreamError(ctx, error)
    return failedResult(ctx.errors)
  } finally {
    parser.destroy()
  }
  if (ctx.errors.total > 0) return failedResult(ctx.errors)
  if (reader === undefined) {
    ctx.errors.add({ code: UploadErrorCode.EMPTY_UPLOAD, message: 'the upload is empty' })
    return failedResult(ctx.errors)
  }
  return reader.finish()
}

// ---------------------------------------------------------------------------------------------
// Decoding

/** Bytes that are not UTF-8, found at (about) `byteOffset` of the upload. */
class InvalidUtf8Error extends Error {
  constructor(
    readonly byteOffset: number,
    readonly line: number,
  ) {
    super('invalid UTF-8')
  }
}

/**
 * The upload's chunks, checked to be UTF-8 on the way through. Bytes go on to csv-parse as
 * bytes (it works on buffers; decoding here and re-encoding there would cost a tenth of the
 * parse); the decoder's output is only the proof.
 */
async function* checkUtf8(input: WatchlistUploadBody): AsyncGenerator<Uint8Array | string> {
  if (typeof input === 'string') {
    yield input
    return
  }
  const decoder = new TextDecoder('utf-8', { fatal: true })
  const chunks: AsyncIterable<Buffer | string> | Iterable<Uint8Array> = input instanceof Uint8Array ? slices(input) : (input as AsyncIterable<Buffer | string>)
  let offset = 0
  let line = 1
  for await (const chunk of chunks) {
    // A stream with an encoding set yields strings its owner already decoded.
    if (typeof chunk === 'string') {
      yield chunk
      continue
    }
    try {
      decoder.decode(chunk, { stream: true })
    } catch {
      const at = firstInvalidUtf8(chunk)
      throw new InvalidUtf8Error(offset + at, line + countNewlines(chunk, at))
    }
    offset += chunk.length
    line += countNewlines(chunk, chunk.length)
    yield chunk
  }
  try {
    decoder.decode()
  } catch {
    throw new InvalidUtf8Error(offset, line)
  }
}

/**
 * A whole upload in memory is still fed to the parser in slices, so that records are consumed
 * while young rather than all buffered at once (less memory, much less garbage-collector work).
 */
function* slices(bytes: Uint8Array): Generator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += CHUNK_BYTES) yield bytes.subarray(i, i + CHUNK_BYTES)
}

const CHUNK_BYTES = 64 * 1024

function countNewlines(bytes: Uint8Array, end: number): number {
  let count = 0
  for (let i = bytes.indexOf(0x0a); i !== -1 && i < end; i = bytes.indexOf(0x0a, i + 1)) count += 1
  return count
}

/** Index of the first byte that does not begin or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0
  while (i < bytes.length) {
    const b = bytes[i] ?? 0
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0
    if (length === 0) return i
    for (let k = 1; k < length; k += 1) {
      const c = bytes[i + k]
      if (c === undefined) return i // truncated at the end of this chunk: close enough
      if ((c & 0xc0) !== 0x80) return i
    }
    i += length
  }
  return Math.max(0, bytes.length - 1)
}

function reportStreamError(ctx: ValidationContext, error: unknown): void {
  if (error instanceof InvalidUtf8Error) {
    ctx.errors.add({
      code: UploadErrorCode.INVALID_ENCODING,
      message: `the upload is not valid UTF-8 text (first bad byte near offset ${error.byteOffset}, line ${error.line}); ` + 'save it as "CSV UTF-8"',
    })
    return
  }
  if (error instanceof CsvError) {
    // csv-parse counts every record it produced, blank ones included, as this module does.
    const records = Number((error as CsvError & { records?: unknown }).records)
    const row = Number.isFinite(records) ? records + 1 : undefined
    const location = row === undefined ? {} : { row }
    switch (error.code) {
      case 'CSV_QUOTE_NOT_CLOSED':
        ctx.errors.add({ ...location, code: UploadErrorCode.MALFORMED_CSV, message: 'a quoted field is never closed: a double quote is missing' })
        return
      case 'CSV_INVALID_CLOSING_QUOTE':
        ctx.errors.add({
          ...location,
          code: UploadErrorCode.MALFORMED_CSV,
          message: 'a closing double quote is followed by other characters; double quotes inside a quoted field must be doubled ("")',
        })
        return
      case 'CSV_MAX_RECORD_SIZE':
        ctx.errors.add({
          ...location,
          code: UploadErrorCode.FIELD_TOO_LONG,
          message: `the row is longer than ${MAX_CSV_RECORD_CHARS} characters (often a stray double quote)`,
        })
        return
      default:
        ctx.errors.add({ ...location, code: UploadErrorCode.MALFORMED_CSV, message: 'the CSV cannot be read; check its quoting' })
        return
    }
  }
  throw error
}

// ---------------------------------------------------------------------------------------------
// Rows

interface RowReader {
  read(record: string[], row: number): void
  finish(): WatchlistParseResult
}

interface GroupAccumulator {
  firstRow: number
  values: Record<GroupFieldColumn, string>
  /** Row on which each group field was first given, so errors about it point there. */
  rows: Partial<Record<GroupFieldColumn, number>>
  entities: WatchlistEntity[]
}

const ECHOABLE_HEADER = /^[a-z0-9_ -]{1,40}$/

/** Checks the header; returns undefined after reporting its problems. */
function createRowReader(ctx: ValidationContext, header: string[], headerRow: number): RowReader | undefined {
  const names = header.map((name) => name.trim().toLowerCase())
  const known = new Set<string>(CSV_COLUMNS)
  if (!names.some((name) => known.has(name))) {
    ctx.errors.add({
      row: headerRow,
      code: UploadErrorCode.MISSING_REQUIRED_COLUMN,
      message: `the first row must be the header naming the columns (${CSV_COLUMNS.join(', ')})`,
    })
    return undefined
  }
  const index = {} as Record<CsvColumn, number>
  for (const column of CSV_COLUMNS) index[column] = -1
  names.forEach((name, i) => {
    const column = ECHOABLE_HEADER.test(name) ? name : `column ${i + 1}`
    if (!known.has(name)) {
      ctx.errors.add({
        row: headerRow,
        column,
        code: UploadErrorCode.UNKNOWN_COLUMN,
        message: name.length === 0 ? `column ${i + 1} has no name` : `unknown column; the columns are ${CSV_COLUMNS.join(', ')}`,
      })
      return
    }
    const knownName = name as CsvColumn
    if (index[knownName] !== -1) {
      ctx.errors.add({ row: headerRow, column, code: UploadErrorCode.DUPLICATE_COLUMN, message: 'the column appears more than once' })
      return
    }
    index[knownName] = i
  })
  for (const column of REQUIRED_CSV_COLUMNS) {
    if (index[column] === -1) {
      ctx.errors.add({ row: headerRow, column, code: UploadErrorCode.MISSING_REQUIRED_COLUMN, message: 'the header lacks this required column' })
    }
  }
  if (ctx.errors.total > 0) return undefined

  const width = header.length
  const present = (columns: Iterable<CsvColumn>) => [...columns].filter((column) => index[column] !== -1)
  const notApplicable = {} as Record<EntityType, CsvColumn[]>
  for (const type of ENTITY_TYPES) {
    notApplicable[type] = present(ENTITY_COLUMNS).filter((column) => !APPLICABLE[type].has(column))
  }
  const cell = (record: string[], column: CsvColumn): string => {
    const i = index[column]
    return i === -1 ? '' : (record[i] ?? '')
  }
  const groups = new Map<string, GroupAccumulator>()
  let dataRows = 0

  const read = (record: string[], row: number): void => {
    if (record.length !== width) {
      if (isBlankRecord(record)) return
      ctx.errors.add({
        row,
        code: UploadErrorCode.MALFORMED_CSV,
        message: `the row has ${record.length} fields but the header has ${width}`,
      })
      return
    }
    if (isBlankRecord(record)) return
    dataRows += 1
    const locator = new RowLocator(row)
    const ref = checkRef(ctx, locator, cell(record, 'group_ref'))
    const group = ref === undefined ? undefined : mergeGroupFields(ctx, groups, ref, record, row, cell)

    const typeText = cell(record, 'entity_type').trim().toLowerCase()
    if (typeText.length === 0) {
      ctx.errors.add({ row, column: 'entity_type', code: UploadErrorCode.MISSING_REQUIRED_FIELD, message: 'entity type is required on every row' })
      return
    }
    if (!isEntityType(typeText)) {
      ctx.errors.add({
        row,
        column: 'entity_type',
        code: UploadErrorCode.INVALID_ENTITY_TYPE,
        message: `entity type must be one of ${ENTITY_TYPES.join(', ')}`,
      })
      return
    }
    let applicable = true
    for (const column of notApplicable[typeText]) {
      if (cell(record, column).trim().length > 0) {
        applicable = false
        ctx.errors.add({
          row,
          column,
          code: UploadErrorCode.FIELD_NOT_APPLICABLE,
          message: `${column} does not apply to entity type ${typeText}; give it on its own row or leave it empty`,
        })
      }
    }
    const entity = buildEntity(ctx, new RowLocator(row, typeText), entityDraft(typeText, record, cell))
    if (entity !== undefined && applicable && group !== undefined) group.entities.push(entity)
  }

  const finish = (): WatchlistParseResult => {
    if (dataRows === 0) {
      ctx.errors.add({ code: UploadErrorCode.EMPTY_UPLOAD, message: 'the CSV has a header but no data rows' })
      return failedResult(ctx.errors)
    }
    const out: WatchlistGroup[] = []
    for (const [ref, group] of groups) {
      const header = buildGroupHeader(ctx, new GroupLocator(group), {
        ref,
        name: group.values.group_name,
        riskLevel: group.values.group_risk_level,
        handling: group.values.group_handling,
        notes: group.values.group_notes,
      })
      if (header !== null) out.push({ ...header, entities: group.entities })
    }
    if (ctx.errors.total > 0) return failedResult(ctx.errors)
    const content = { groups: out }
    return { ok: true, content, counts: countContent(content) }
  }

  return { read, finish }
}

function isEntityType(value: string): value is EntityType {
  return (ENTITY_TYPES as readonly string[]).includes(value)
}

/** Empty line, or a row of empty cells (spreadsheets export trailing rows of commas). */
function isBlankRecord(record: string[]): boolean {
  for (const field of record) if (field.length > 0 && field.trim().length > 0) return false
  return true
}

/**
 * The trimmed group reference used as the group's key. Its own checks (length, control
 * characters) run once per group in buildGroupHeader, not on every row.
 */
function checkRef(ctx: ValidationContext, locator: FieldLocator, raw: string): string | undefined {
  const trimmed = raw.trim()
  if (trimmed.length > 0) return trimmed
  ctx.errors.add({ ...locator.locate('groupRef'), code: UploadErrorCode.MISSING_REQUIRED_FIELD, message: 'group reference is required on every row' })
  return undefined
}

function mergeGroupFields(
  ctx: ValidationContext,
  groups: Map<string, GroupAccumulator>,
  ref: string,
  record: string[],
  row: number,
  cell: (record: string[], column: CsvColumn) => string,
): GroupAccumulator {
  let group = groups.get(ref)
  if (group === undefined) {
    group = {
      firstRow: row,
      values: { group_name: '', group_risk_level: '', group_handling: '', group_notes: '' },
      rows: {},
      entities: [],
    }
    groups.set(ref, group)
  }
  for (const column of GROUP_FIELD_COLUMNS) {
    const value = cell(record, column).trim()
    if (value.length === 0) continue
    const known = group.values[column]
    if (known.length === 0) {
      group.values[column] = value
      group.rows[column] = row
      continue
    }
    const same = column === 'group_risk_level' ? known.toLowerCase() === value.toLowerCase() : known === value
    if (!same) {
      ctx.errors.add({
        row,
        column,
        code: UploadErrorCode.CONFLICTING_GROUP_FIELDS,
        message: `differs from the value given for this group on row ${String(group.rows[column])}; ` + 'repeat it identically or leave it empty',
      })
    }
  }
  return group
}

function splitList(value: string): string[] {
  return value.length === 0 ? [] : value.split(CSV_LIST_SEPARATOR)
}

function entityDraft(type: EntityType, record: string[], cell: (record: string[], column: CsvColumn) => string): EntityDraft {
  switch (type) {
    case 'company':
    case 'person': {
      const address = addressDraft(record, cell)
      return {
        type,
        name: cell(record, 'name'),
        aliases: splitList(cell(record, 'aliases')),
        companyNumber: cell(record, 'company_number'),
        dateOfBirth: cell(record, 'date_of_birth'),
        role: cell(record, 'role'),
        nationality: cell(record, 'nationality'),
        addresses: addressDraftHasContent(address) ? [address] : [],
      }
    }
    case 'address':
      return { type, address: addressDraft(record, cell) }
    case 'phone':
    case 'email':
    case 'website':
      return { type, value: cell(record, type) }
  }
}

function addressDraft(record: string[], cell: (record: string[], column: CsvColumn) => string): AddressDraft {
  return {
    lines: splitList(cell(record, 'address_lines')),
    town: cell(record, 'town'),
    postcode: cell(record, 'postcode'),
    country: cell(record, 'country'),
    uprn: cell(record, 'uprn'),
  }
}

// ---------------------------------------------------------------------------------------------
// Locations

/** Locations on one CSV row; a class so that no closure is allocated per row. */
class RowLocator implements FieldLocator {
  constructor(
    readonly row: number,
    readonly type?: EntityType,
  ) {}

  locate(field: FieldName): ErrorLocation {
    return { row: this.row, column: field === 'value' && this.type !== undefined ? this.type : FIELD_COLUMNS[field] }
  }
}

const GROUP_FIELD_OF: Partial<Record<FieldName, GroupFieldColumn>> = {
  groupName: 'group_name',
  riskLevel: 'group_risk_level',
  handling: 'group_handling',
  notes: 'group_notes',
}

/** A group's fields are reported on the row where each was first given. */
class GroupLocator implements FieldLocator {
  constructor(readonly group: GroupAccumulator) {}

  locate(field: FieldName): ErrorLocation {
    const column = GROUP_FIELD_OF[field]
    const row = column === undefined ? this.group.firstRow : (this.group.rows[column] ?? this.group.firstRow)
    return { row, column: FIELD_COLUMNS[field] }
  }
}
