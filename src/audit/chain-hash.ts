import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import type { AuditEvent } from '../db/database.js'

/** The hash the first event of a chain links to. */
export const GENESIS_HASH = '0'.repeat(64)

/** A position in the hash chain and the hash of the event there. */
export interface ChainHead {
  chainSeq: number
  hash: string
}

/**
 * `at` as the database holds it, to the microsecond: a Date has milliseconds only, so a change of
 * a microsecond would not show in a hash taken over it. Selected beside the event as `at_text`.
 */
export const atToTheMicrosecond = sql<string>`to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`

/** What the hash is taken over: the event's recorded fields, with its time as the database holds it. */
export type HashedEvent = Pick<AuditEvent, 'actor' | 'org_id' | 'action' | 'target_type' | 'target_id' | 'request_id' | 'purpose' | 'details'> & {
  at_text: string | null
}

export function chainHash(prevHash: string, chainSeq: number, event: HashedEvent): string {
  const fields = {
    chainSeq,
    at: isoTime(event.at_text),
    actor: event.actor,
    orgId: event.org_id,
    action: event.action,
    targetType: event.target_type,
    targetId: event.target_id,
    requestId: event.request_id,
    purpose: event.purpose,
    details: event.details,
  }
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(fields)).digest('hex')
}

// Whole milliseconds (every event written from JavaScript) keep the form Date#toISOString gives, so
// that chains sealed when the hash took the Date still verify; any other time keeps all six digits.
function isoTime(text: string | null): string | null {
  return text === null ? null : text.replace(/(\.\d{3})000Z$/, '$1Z')
}

// JSONB does not keep key order, so the hash is taken over keys sorted at every level.
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value)
}
