import { createHash } from 'node:crypto'
import { sql, type Kysely, type Transaction } from 'kysely'
import type { AuditEvent, Database } from '../db/database.js'

/** What happened, by whom, to what. Never put personal data (names, dates of birth) in `details`. */
export interface AuditEntry {
  actor: string
  orgId: string
  action: string
  targetType: string
  targetId?: string | null
  requestId?: string | null
  purpose?: string | null
  details?: Record<string, unknown>
}

export const GENESIS_HASH = '0'.repeat(64)

// One lock id for the whole chain: appends take it so that each event links to the one before.
const AUDIT_CHAIN_LOCK = 7_300_451

/**
 * Appends an event to the hash-chained audit log inside the caller's transaction, so that the
 * event and the change it records commit together or not at all. Call it last in the transaction:
 * the chain lock is held until commit.
 */
export async function recordAuditEvent(trx: Transaction<Database>, entry: AuditEntry): Promise<void> {
  await sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(trx)
  const last = await trx.selectFrom('audit_events').select('hash').orderBy('seq', 'desc').limit(1).executeTakeFirst()
  const prevHash = last?.hash ?? GENESIS_HASH
  const at = new Date()
  const details = entry.details ?? {}
  const fields = {
    at: at.toISOString(),
    actor: entry.actor,
    orgId: entry.orgId,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId ?? null,
    requestId: entry.requestId ?? null,
    purpose: entry.purpose ?? null,
    details,
  }
  await trx
    .insertInto('audit_events')
    .values({
      at,
      actor: fields.actor,
      org_id: fields.orgId,
      action: fields.action,
      target_type: fields.targetType,
      target_id: fields.targetId,
      request_id: fields.requestId,
      purpose: fields.purpose,
      details: JSON.stringify(details),
      prev_hash: prevHash,
      hash: chainHash(prevHash, fields),
    })
    .execute()
}

/** Runs `work` and records its audit event in one transaction. */
export async function withAudit<T>(
  db: Kysely<Database>,
  work: (trx: Transaction<Database>) => Promise<T>,
  entryFor: (result: T) => AuditEntry,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    const result = await work(trx)
    await recordAuditEvent(trx, entryFor(result))
    return result
  })
}

/** Verifies the whole chain; returns the sequence number of the first broken link, if any. */
export async function verifyAuditChain(db: Kysely<Database>): Promise<{ ok: true; count: number } | { ok: false; brokenAt: number }> {
  let prevHash = GENESIS_HASH
  let count = 0
  let after = 0
  const pageSize = 1000
  for (;;) {
    const page = await db.selectFrom('audit_events').selectAll().where('seq', '>', after).orderBy('seq').limit(pageSize).execute()
    for (const event of page) {
      if (event.prev_hash !== prevHash || event.hash !== chainHash(prevHash, eventFields(event))) {
        return { ok: false, brokenAt: Number(event.seq) }
      }
      prevHash = event.hash
      after = Number(event.seq)
      count++
    }
    if (page.length < pageSize) return { ok: true, count }
  }
}

function eventFields(event: AuditEvent) {
  return {
    at: event.at.toISOString(),
    actor: event.actor,
    orgId: event.org_id,
    action: event.action,
    targetType: event.target_type,
    targetId: event.target_id,
    requestId: event.request_id,
    purpose: event.purpose,
    details: event.details,
  }
}

function chainHash(prevHash: string, fields: ReturnType<typeof eventFields>): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(fields)).digest('hex')
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
