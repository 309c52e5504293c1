import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { listAuditEvents, recordAuditEvent, type AuditEventFilter } from './audit-log.js'
import type { Actor } from './audit-log.js'

export interface AuditEventView {
  seq: number
  chainSeq: number | null
  at: string
  actor: string
  orgId: string
  action: string
  targetType: string
  targetId: string | null
  requestId: string | null
  purpose: string | null
  details: Record<string, unknown>
  prevHash: string | null
  hash: string | null
}

export interface AuditExport {
  events: AuditEventView[]
  /** Where the next page starts, when this one is full. */
  nextAfterSeq: number | null
}

/** The export use case, bound to the process's database. */
export type ExportAuditEvents = (actor: Actor, filter: AuditEventFilter) => Promise<AuditExport>

/** The audit log for an administrator, oldest first, a page at a time; the export is itself audited. */
export async function exportAuditEvents(db: Kysely<Database>, actor: Actor, filter: AuditEventFilter): Promise<AuditExport> {
  const events = await listAuditEvents(db, filter)
  await recordAuditEvent(db, { ...actor, action: 'audit.export', targetType: 'audit', details: { count: events.length } })
  const last = events[events.length - 1]
  return {
    events: events.map((e) => ({
      seq: e.seq,
      chainSeq: e.chain_seq,
      at: e.at.toISOString(),
      actor: e.actor,
      orgId: e.org_id,
      action: e.action,
      targetType: e.target_type,
      targetId: e.target_id,
      requestId: e.request_id,
      purpose: e.purpose,
      details: e.details,
      prevHash: e.prev_hash,
      hash: e.hash,
    })),
    nextAfterSeq: last && events.length === filter.limit ? last.seq : null,
  }
}
