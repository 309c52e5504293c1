import { z } from 'zod'
import { AppError } from './errors.js'

const DEFAULT_PAGE_SIZE = 50
const MAX_PAGE_SIZE = 200

export const pageQuerySchema = {
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  cursor: z.string().max(500).optional(),
}

/** The largest value of a PostgreSQL `int` column (version numbers): a larger one is a 400, not a database error. */
const MAX_DATABASE_INT = 2_147_483_647

/** A positive whole number that fits the database's `int` columns. */
export const databaseInt = z.number().int().min(1).max(MAX_DATABASE_INT)

/**
 * An ISO date-time with its offset, within years 1 to 9999: JavaScript dates reach ±275,760 and
 * year 0, which PGlite (and some PostgreSQL paths) cannot store or compare, so such a value is
 * the client's mistake (400) rather than the database's (500).
 */
export const storableDateTime = z.iso.datetime({ offset: true }).refine((value) => {
  const year = new Date(value).getUTCFullYear()
  return year >= 1 && year <= 9999
}, 'must lie between the years 1 and 9999')

/** An id as the service issues them: printable ASCII, no longer than any id column holds. */
const cursorId = z.string().regex(/^[\x21-\x7e]{1,100}$/)

/**
 * Cursor keys, checked against the schema of the listing that issued them. Cursors are base64url
 * JSON rather than signed: a cursor only positions a query the caller may run anyway (its own
 * organisation's rows, sorted by a key it can see in the items), so forging one reveals nothing;
 * what matters is that every value reaching the database has the type and range its column
 * holds. That needs no key to configure or rotate, and a cursor stays valid across restarts and
 * processes.
 */
export const cursorKeys = {
  /** Sorted by id alone (organisations, watchlists, sharing agreements). */
  byId: z.tuple([cursorId]),
  /** Newest first, the id breaking ties (screenings, hits). */
  byTimeAndId: z.tuple([storableDateTime, cursorId]),
  /** A watchlist's versions, newest first. */
  byVersion: z.tuple([databaseInt]),
} as const

/** Cursors are opaque to clients: base64url JSON of the sort key of the last item returned. */
function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url')
}

/** The sort key a cursor holds, checked against the listing's schema; anything else is a 400 naming `cursor`. */
export function decodeCursor<S extends z.ZodType>(cursor: string, schema: S): z.infer<S> {
  let key: unknown
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    key = undefined
  }
  const parsed = schema.safeParse(key)
  if (parsed.success) return parsed.data
  throw new AppError('VALIDATION_FAILED', 'The cursor is not one this service issued', {
    field: 'cursor',
    errors: [{ field: 'cursor', code: 'invalid_cursor', message: 'use the nextCursor value of a previous page' }],
  })
}

export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

/** Takes `limit + 1` rows and turns the extra one into the next cursor. */
export function toPage<R, T>(rows: R[], limit: number, keyOf: (row: R) => (string | number)[], view: (row: R) => T): Page<T> {
  const more = rows.length > limit
  const items = more ? rows.slice(0, limit) : rows
  const last = items[items.length - 1]
  return { items: items.map(view), nextCursor: more && last !== undefined ? encodeCursor(keyOf(last)) : null }
}
