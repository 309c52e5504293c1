/**
 * Parses and validates a CSV watchlist upload (docs/design.md §3), streaming.
 *
 * One row per entity, under a header naming any subset of `CSV_COLUMNS` in any order (the
 * required ones must be there); aliases and address lines are `|`-separated. The format's
 * columns, the header, the rows and the decoding each have their file under ./content/ (csv-*).
 *
 * Row numbers count records the way a spreadsheet shows them: the header is row 1, and blank
 * rows (empty, or only commas) are counted and skipped. Lines may end in CRLF, LF or CR, mixed
 * within one file (a file edited on two systems often is). csv-parse runs with
 * `relax_column_count: true` because with `false` it stops at the first short or long row; the
 * column count is checked by the row reader instead, so every such row is reported.
 */
import { Readable, pipeline } from 'node:stream'
import { parse } from 'csv-parse'
import { MAX_CSV_RECORD_CHARS } from './content/csv-columns.js'
import { checkUtf8, reportStreamError } from './content/csv-decoding.js'
import { readHeader } from './content/csv-header.js'
import { createRowReader, isBlankRecord, type EntitySink, type RowReader } from './content/csv-rows.js'
import { createValidationContext } from './content/field-checks.js'
import { UploadErrorCode } from './content/upload-errors.js'
import { failedResult, type WatchlistParseOptions, type WatchlistParseResult, type WatchlistUploadBody } from './content/watchlist-types.js'

export { CSV_COLUMNS, type CsvColumn } from './content/csv-columns.js'
export type { EntitySink } from './content/csv-rows.js'

/** Every line ending, longest first, so that a CRLF is one record break and not two. */
const RECORD_DELIMITERS = ['\r\n', '\n', '\r']

/**
 * Reads, decodes, parses and validates a CSV upload, streaming the input. Resolves to the
 * content or to every problem found (capped at MAX_REPORTED_ERRORS, with the total): the rows'
 * and the groups' own together, unless the CSV itself cannot be read to its end. Given a sink,
 * each valid entity goes to it as its row is read and the content's groups come back without
 * their entities (see EntitySink), so that no more than a few pieces of the upload are held.
 */
export async function parseCsvWatchlist(input: WatchlistUploadBody, options: WatchlistParseOptions = {}, sink?: EntitySink): Promise<WatchlistParseResult> {
  const ctx = createValidationContext(options)
  const parser = parse({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: false,
    max_record_size: MAX_CSV_RECORD_CHARS,
    record_delimiter: RECORD_DELIMITERS,
  })
  let reader: RowReader | undefined
  let headerRejected = false
  let row = 0
  const onRecord = (record: string[]): void => {
    row += 1
    if (reader !== undefined) {
      reader.read(record, row)
    } else if (!headerRejected && !isBlankRecord(record)) {
      const layout = readHeader(ctx, record, row)
      if (layout === undefined) {
        headerRejected = true
        parser.destroy() // nothing after a bad header can be read against it
      } else {
        reader = createRowReader(ctx, layout, sink)
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
      pipeline(Readable.from(checkUtf8(input), { highWaterMark: 1 }), parser, (error) => {
        if (error != null && !headerRejected) reject(error)
      })
      parser.on('error', (error) => {
        if (!headerRejected) reject(error)
      })
    })
  } catch (error) {
    // The rows after a fatal error are unread, so a group's fields may be incomplete: only the
    // rows read so far and the fatal error itself are reported.
    reportStreamError(ctx, error)
    return failedResult(ctx.errors)
  } finally {
    parser.destroy()
  }
  if (headerRejected) return failedResult(ctx.errors)
  if (reader === undefined) {
    ctx.errors.add({ code: UploadErrorCode.EMPTY_UPLOAD, message: 'the upload is empty' })
    return failedResult(ctx.errors)
  }
  return reader.finish()
}
