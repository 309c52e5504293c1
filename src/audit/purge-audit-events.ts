import { sql, type Kysely } from 'kysely'
import { PLATFORM_ORG } from '../auth/principal.js'
import type { Database } from '../db/database.js'
import { latestCheckpoint, PURGE_ACTION, recordCheckpoint, type PurgeDetails } from './audit-checkpoints.js'
import { recordAuditEvent } from './audit-log.js'
import { AUDIT_CHAIN_LOCK } from './seal-audit-chain.js'

/** Who the purge's own audit event names: the service, not a person. */
const SERVICE_ACTOR = 'bidscreen'
const DAY_MS = 24 * 60 * 60 * 1000

/**
 * Removes the audit events older than the retention period, but only as a prefix of the chain
 * (from its start up to the first event still kept), so that what remains is one whole chain;
 * records a checkpoint of where it now starts, and an audit event of the purge. Returns what it
 * removed, or undefined when nothing was due. `now` is the caller's clock.
 */
export async function purgeExpiredAuditEvents(db: Kysely<Database>, options: { retentionDays: number; now: Date }): Promise<PurgeDetails | undefined> {
  const before = new Date(options.now.getTime() - options.retentionDays * DAY_MS)
  return db.transaction().execute(async (trx) => {
    // Waits for a seal in progress: the head it checkpoints must not be purged under it.
    await sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(trx)
    const start = (await latestCheckpoint(trx, 'purge'))?.chain_seq ?? 0
    const head = (await latestCheckpoint(trx, 'seal'))?.chain_seq ?? 0
    const firstKept = await trx
      .selectFrom('audit_events')
      .select('chain_seq')
      .where('chain_seq', '>', start)
      .where('at', '>=', before)
      .orderBy('chain_seq')
      .limit(1)
      .executeTakeFirst()
    const limit = Math.min(firstKept?.chain_seq ? firstKept.chain_seq - 1 : head, head)
    const last = await trx
      .selectFrom('audit_events')
      .select(['chain_seq', 'hash'])
      .where('chain_seq', '>', start)
      .where('chain_seq', '<=', limit)
      .orderBy('chain_seq', 'desc')
      .limit(1)
      .executeTakeFirst()
    if (!last?.chain_seq || !last.hash) return undefined
    const through = { chainSeq: last.chain_seq, hash: last.hash }
    // The mark the append-only triggers let deletes through by, for this transaction only.
    await sql`select set_config('bidscreen.audit_purge_through', ${String(through.chainSeq)}, true)`.execute(trx)
    const removed = await trx.deleteFrom('audit_events').where('chain_seq', '<=', through.chainSeq).executeTakeFirst()
    await trx.deleteFrom('audit_checkpoints').where('chain_seq', '<', through.chainSeq).execute()
    await recordCheckpoint(trx, 'purge', through)
    const details: PurgeDetails = {
      throughChainSeq: through.chainSeq,
      hash: through.hash,
      before: before.toISOString(),
      events: Number(removed.numDeletedRows),
    }
    await recordAuditEvent(trx, { actor: SERVICE_ACTOR, orgId: PLATFORM_ORG, action: PURGE_ACTION, targetType: 'audit', details: { ...details } })
    return details
  })
}
