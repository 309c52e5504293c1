/**
 * The header row of a CSV upload: any subset of the known columns in any order, matched
 * case-insensitively and trimmed, each at most once, with the required ones present. Names are
 * echoed in errors only when they look like column names, never as free text.
 */
import { CSV_COLUMNS, REQUIRED_CSV_COLUMNS, type CsvColumn } from './csv-columns.js'
import type { ValidationContext } from './field-checks.js'
import { UploadErrorCode } from './upload-errors.js'

/** Where each known column is in a record (-1 when absent), and how many fields a record has. */
export interface CsvLayout {
  readonly index: Readonly<Record<CsvColumn, number>>
  readonly width: number
}

const ECHOABLE_HEADER = /^[a-z0-9_ -]{1,40}$/

/** The layout the header describes, or undefined after reporting its problems. */
export function readHeader(ctx: ValidationContext, header: string[], headerRow: number): CsvLayout | undefined {
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
  const before = ctx.errors.total
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
  return ctx.errors.total === before ? { index, width: header.length } : undefined
}
