import type { Kysely, Transaction } from 'kysely'
import type { AuditEvent, Database, NewAuditEvent } from '../db/database.js'
import { AppError } from '../errors.js'

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

/**
 * The row for an event, to insert inside the transaction of the change it records, so that both
 * commit or neither does. Appending takes no lock: the hash chain is built after commit by
 * `sealAuditChain` (seal-audit-chain.ts), in the order events are sealed, so that busy screening never queues on one
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

// Our ids: a short prefix and a ULID (`scr_01J…`).
const OWN_ID = /^[a-z]{2,5}_[0-9A-HJKMNP-TV-Z]{26}$/

/**
 * Runs a read of one record and, when it is answered "not found" (another organisation's record,
 * or none), audits the attempt as `action` before the 404 goes out. The id asked for is kept only
 * when it has the form of our ids, so that nothing a client typed in its place (a name, say) is
 * stored; the event says nothing of whose record it was.
 */
export async function auditingDenial<T>(
  db: Kysely<Database>,
  actor: Actor,
  denied: { action: string; targetType: string; targetId: string; details?: Record<string, unknown> },
  read: () => Promise<T>,
): Promise<T> {
  try {
    return await read()
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') {
      const wellFormed = OWN_ID.test(denied.targetId)
      await recordAuditEvent(db, {
        ...actor,
        action: denied.action,
        targetType: denied.targetType,
        targetId: wellFormed ? denied.targetId : null,
        details: { ...denied.details, ...(wellFormed ? {} : { malformedId: true }) },
      })
    }
    throw error
  }
}
