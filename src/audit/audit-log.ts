import { createHash } from 'node:crypto'
import { setImmediate } from 'node:timers/promises'
import { sql, type Kysely, type Transaction } from 'kysely'
import type { AuditEvent, Database, NewAuditEvent } from '../db/database.js'

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

/** Who acts in a use case: recorded on what it writes and on its audit events. */
export type Actor = Pick<AuditEntry, 'actor' | 'orgId' | 'requestId' | 'purpose'>

const GENESIS_HASH = '0'.repeat(64)

// Only one sealer at a time, across all processes.
const AUDIT_SEAL_LOCK = 7_300_451
// Events sealed per round; a backlog is worked off over several rounds.
const SEAL_BATCH = 5_000
const HASHES_PER_TURN = 100

/**
 * The row for an event, to insert inside the transaction of the change it records, so that both
 * commit or neither does. Appending takes no lock: the hash chain is built after commit by
 * `sealAuditChain`, in the order events are sealed, so that busy screening never queues on one
 * global "last hash".
 */
export function auditRow(entry: AuditEntry, at = new Date()): NewAuditEvent {
  return {
    at,
    actor: entry.actor,
    org_id: entry.orgId,
    action: entry.action,
    target_type: entry.targetType,
    target_id: entry.targetId ?? null,
    request_id: entry.requestId ?? null,
    purpose: entry.purpose ?? null,
    details: JSON.stringify(entry.details ?? {}),
    chain_seq: null,
    prev_hash: null,
    hash: null,
  }
}

export async function recordAuditEvent(trx: Transaction<Database> | Kysely<Database>, entry: AuditEntry): Promise<void> {
  await trx.insertInto('audit_events').values(auditRow(entry)).execute()
}

/** Runs `work` and records its audit event in one transaction. */
export async function withAudit<T>(db: Kysely<Database>, work: (trx: Transaction<Database>) => Promise<T>, entryFor: (result: T) => AuditEntry): Promise<T> {
  return db.transaction().execute(async (trx) => {
    const result = await work(trx)
    await recordAuditEvent(trx, entryFor(result))
    return result
  })
}

/** Which events an export takes: all of them, or those of one organisation, action or period. */
export interface AuditEventFilter {
  orgId?: string | undefined
  action?: string | undefined
  from?: Date | undefined
  to?: Date | undefined
  /** Events recorded after this one. */
  afterSeq?: number | undefined
  limit: number
}

/** Events in the order they were recorded. */
export async function listAuditEvents(db: Kysely<Database>, filter: AuditEventFilter): Promise<AuditEvent[]> {
  let query = db.selectFrom('audit_events').selectAll().orderBy('seq').limit(filter.limit)
  if (filter.orgId) query = query.where('org_id', '=', filter.orgId)
  if (filter.action) query = query.where('action', '=', filter.action)
  if (filter.from) query = query.where('at', '>=', filter.from)
  if (filter.to) query = query.where('at', '<', filter.to)
  if (filter.afterSeq !== undefined) query = query.where('seq', '>', filter.afterSeq)
  return query.execute()
}

/**
 * Links committed, unsealed events into the hash chain: each gets the next chain position, the
 * previous event's hash and its own hash over its fields. Returns how many it sealed; 0 when
 * another process holds the sealer's lock.
 */
export async function sealAuditChain(db: Kysely<Database>): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(${AUDIT_SEAL_LOCK}) as locked`.execute(trx)
    if (!rows[0]?.locked) return 0
    const pending = await trx.selectFrom('audit_events').selectAll().where('chain_seq', 'is', null).orderBy('seq').limit(SEAL_BATCH).execute()
    if (pending.length === 0) return 0
    const last = await trx
      .selectFrom('audit_events')
      .select(['chain_seq', 'hash'])
      .where('chain_seq', 'is not', null)
      .orderBy('chain_seq', 'desc')
      .limit(1)
      .executeTakeFirst()
    let chainSeq = last?.chain_seq ?? 0
    let prevHash = last?.hash ?? GENESIS_HASH
    const sealed: { seq: number; chain_seq: number; prev_hash: string; hash: string }[] = []
    for (const event of pending) {
      // A busy second leaves a thousand events: hashing them in one go would hold up requests.
      if (sealed.length > 0 && sealed.length % HASHES_PER_TURN === 0) await setImmediate()
      chainSeq += 1
      const hash = chainHash(prevHash, chainSeq, event)
      sealed.push({ seq: event.seq, chain_seq: chainSeq, prev_hash: prevHash, hash })
      prevHash = hash
    }
    await sql`update audit_events a set chain_seq = s.chain_seq, prev_hash = s.prev_hash, hash = s.hash
      from jsonb_to_recordset(${JSON.stringify(sealed)}::jsonb) as s(seq bigint, chain_seq bigint, prev_hash text, hash text)
      where a.seq = s.seq`.execute(trx)
    return sealed.length
  })
}

/**
 * Verifies the chain in order; returns the chain position of the first broken link, if any,
 * and how many events wait to be sealed.
 */
export async function verifyAuditChain(db: Kysely<Database>): Promise<{ ok: true; count: number; unsealed: number } | { ok: false; brokenAt: number }> {
  let prevHash = GENESIS_HASH
  let expected = 1
  const pageSize = 1000
  for (;;) {
    const page = await db.selectFrom('audit_events').selectAll().where('chain_seq', '>=', expected).orderBy('chain_seq').limit(pageSize).execute()
    for (const event of page) {
      if (event.chain_seq !== expected || event.prev_hash !== prevHash || event.hash !== chainHash(prevHash, expected, event)) {
        return { ok: false, brokenAt: expected }
      }
      prevHash = event.hash
      expected++
    }
    if (page.length < pageSize) break
  }
  const { unsealed } = await db
    .selectFrom('audit_events')
    .select((eb) => eb.fn.countAll<number>().as('unsealed'))
    .where('chain_seq', 'is', null)
    .executeTakeFirstOrThrow()
  return { ok: true, count: expected - 1, unsealed: Number(unsealed) }
}

function chainHash(prevHash: string, chainSeq: number, event: AuditEvent): string {
  const fields = {
    chainSeq,
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
