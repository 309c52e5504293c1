/**
 * The data rows of a CSV upload, one entity each, read against the header's layout. A group's
 * fields are given on its first row; later rows of the group may leave them empty or repeat them
 * identically (risk level compared case-insensitively); a different value is a conflict. Rows of
 * one group need not be adjacent, so a group's own fields are checked once every row is read,
 * and reported in the same answer as the rows' errors (issue 12: one round, not two).
 *
 * A value in a column that does not apply to the row's entity type (a date of birth on a company
 * row) is an error rather than dropped; `country` alone is the exception, since templates often
 * fill it on every row. A CSV row carries at most one address for a company or person and the
 * format has no column for group aliases, so CSV groups have `aliases: []`.
 */
import { addressDraftHasContent, type AddressDraft } from './build-address.js'
import { buildEntity, type EntityDraft } from './build-entity.js'
import { buildGroupHeader } from './build-group.js'
import {
  CSV_LIST_SEPARATOR,
  FIELD_COLUMNS,
  GROUP_FIELD_COLUMNS,
  GROUP_FIELD_OF,
  notApplicableColumns,
  type CsvColumn,
  type GroupFieldColumn,
} from './csv-columns.js'
import type { CsvLayout } from './csv-header.js'
import type { ErrorLocation, FieldLocator, FieldName, ValidationContext } from './field-checks.js'
import { ENTITY_TYPES, type EntityType } from './limits.js'
import { UploadErrorCode } from './upload-errors.js'
import { failedResult, type WatchlistEntity, type WatchlistGroup, type WatchlistParseResult } from './watchlist-types.js'

export interface RowReader {
  read(record: string[], row: number): void
  /** The content, or every error: the rows' and the groups' own, together. */
  finish(): WatchlistParseResult
}

/**
 * Takes each valid entity as its row is read, instead of the reader keeping them: a large upload
 * is written out while it streams in. The upload may still fail on a later row (or on a group's
 * own fields, checked at the end); the sink's owner then discards what it took. With a sink,
 * `finish` returns the groups without their entities (the counts still count them all).
 */
export type EntitySink = (groupRef: string, entity: WatchlistEntity) => void

interface GroupAccumulator {
  firstRow: number
  values: Record<GroupFieldColumn, string>
  /** Row on which each group field was first given, so errors about it point there. */
  rows: Partial<Record<GroupFieldColumn, number>>
  entities: WatchlistEntity[]
}

type Cell = (record: string[], column: CsvColumn) => string

export function createRowReader(ctx: ValidationContext, layout: CsvLayout, sink?: EntitySink): RowReader {
  const { index, width } = layout
  const notApplicable = {} as Record<EntityType, CsvColumn[]>
  for (const type of ENTITY_TYPES) notApplicable[type] = notApplicableColumns(type, (column) => index[column] !== -1)
  const cell: Cell = (record, column) => {
    const i = index[column]
    return i === -1 ? '' : (record[i] ?? '')
  }
  const groups = new Map<string, GroupAccumulator>()
  let dataRows = 0
  const byType: Record<EntityType, number> = { company: 0, person: 0, address: 0, phone: 0, email: 0, website: 0 }
  let entityCount = 0

  const read = (record: string[], row: number): void => {
    if (record.length !== width) {
      if (isBlankRecord(record)) return
      ctx.errors.add({ row, code: UploadErrorCode.MALFORMED_CSV, message: `the row has ${record.length} fields but the header has ${width}` })
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
    if (entity === undefined || !applicable || group === undefined || ref === undefined) return
    byType[entity.type] += 1
    entityCount += 1
    // Once the upload has failed its entities are only counted: nothing will be stored.
    if (sink === undefined) group.entities.push(entity)
    else if (ctx.errors.total === 0) sink(ref, entity)
  }

  const finish = (): WatchlistParseResult => {
    if (dataRows === 0) {
      // Rows that could not be read at all were reported already; none at all is an empty upload.
      if (ctx.errors.total === 0) ctx.errors.add({ code: UploadErrorCode.EMPTY_UPLOAD, message: 'the CSV has a header but no data rows' })
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
    return { ok: true, content: { groups: out }, counts: { groups: out.length, entities: entityCount, byType } }
  }

  return { read, finish }
}

function isEntityType(value: string): value is EntityType {
  return (ENTITY_TYPES as readonly string[]).includes(value)
}

/** Empty line, or a row of empty cells (spreadsheets export trailing rows of commas). */
export function isBlankRecord(record: string[]): boolean {
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
  cell: Cell,
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

function entityDraft(type: EntityType, record: string[], cell: Cell): EntityDraft {
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

function addressDraft(record: string[], cell: Cell): AddressDraft {
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

/** A group's fields are reported on the row where each was first given. */
class GroupLocator implements FieldLocator {
  constructor(readonly group: GroupAccumulator) {}

  locate(field: FieldName): ErrorLocation {
    const column = GROUP_FIELD_OF[field]
    const row = column === undefined ? this.group.firstRow : (this.group.rows[column] ?? this.group.firstRow)
    return { row, column: FIELD_COLUMNS[field] }
  }
}
