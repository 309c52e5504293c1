/**
 * The bytes of a CSV upload: checked to be UTF-8 while streaming (a Windows-1252 or UTF-16
 * export is refused with INVALID_ENCODING rather than stored as mojibake), fed to csv-parse in
 * slices, and the stream's fatal errors turned into upload errors with their row.
 */
import { CsvError } from 'csv-parse'
import { MAX_CSV_RECORD_CHARS } from './csv-columns.js'
import type { ValidationContext } from './field-checks.js'
import { UploadErrorCode } from './upload-errors.js'
import type { WatchlistUploadBody } from './watchlist-types.js'

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
export async function* checkUtf8(input: WatchlistUploadBody): AsyncGenerator<Uint8Array | string> {
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

/** Reports a fatal decoding or CSV error; anything else is not the upload's fault and is rethrown. */
export function reportStreamError(ctx: ValidationContext, error: unknown): void {
  if (error instanceof InvalidUtf8Error) {
    ctx.errors.add({
      code: UploadErrorCode.INVALID_ENCODING,
      message: `the upload is not valid UTF-8 text (first bad byte near offset ${error.byteOffset}, line ${error.line}); ` + 'save it as "CSV UTF-8"',
    })
    return
  }
  if (error instanceof CsvError) {
    // csv-parse counts every record it produced, blank ones included, as the row reader does.
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
