import { z } from 'zod'
import { AppError } from './errors.js'

const DEFAULT_PAGE_SIZE = 50
const MAX_PAGE_SIZE = 200

export const pageQuerySchema = {
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  cursor: z.string().max(500).optional(),
}

/** Cursors are opaque to clients: base64url JSON of the sort key of the last item returned. */
function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url')
}

export function decodeCursor(cursor: string, length: number): (string | number)[] {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (Array.isArray(key) && key.length === length && key.every((k) => typeof k === 'string' || typeof k === 'number')) return key
  } catch {
    // falls through to the error below
  }
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
