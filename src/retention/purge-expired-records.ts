import type { Kysely } from 'kysely'
import { recordAuditEvent } from '../audit/audit-log.js'
import { PLATFORM_ORG } from '../auth/principal.js'
import type { Database } from '../db/database.js'
import { discardStaged } from '../register/staged-upload-store.js'
import { retentionCutoff } from './retention-cutoff.js'

/** Who the purge's audit event names: the service's retention job, not a person. */
const RETENTION_ACTOR = 'system:retention'
const RETENTION_PURGE_ACTION = 'retention.purge'

// Rows per statement: each batch is its own short transaction, so that on PGlite (one connection)
// screenings wait for at most one batch, never for a whole purge.
const DEFAULT_BATCH_SIZE = 1000

/** How long each kind of record is kept, in days (SCREENING_, ALERT_, WEBHOOK_DELIVERY_RETENTION_DAYS). */
export interface RetentionPeriods {
  screeningDays: number
  alertDays: number
  webhookDeliveryDays: number
}

/** How many rows of each kind one purge removed. */
export interface PurgeCounts {
  screenings: number
  decisions: number
  screeningHits: number
  suppressions: number
  alerts: number
  idempotencyKeys: number
  webhookDeliveries: number
  monitoringProgress: number
  abandonedUploads: number
}

export interface PurgeOptions {
  periods: RetentionPeriods
  /** The clock the periods are counted back from. */
  now: Date
  batchSize?: number
}

/**
 * Deletes what has outlived its retention period, a batch at a time: screenings with everything
 * that hangs off them, alerts, expired idempotency keys and webhook deliveries. Audit events are
 * not touched (they keep their own period, AUDIT_RETENTION_DAYS), so the `screening.decide`
 * events of decisions outlive the screenings they name. Records the run as one audit event of
 * counts and cut-offs, and returns the counts.
 */
export async function purgeExpiredRecords(db: Kysely<Database>, options: PurgeOptions): Promise<PurgeCounts> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE
  const before = {
    screenings: retentionCutoff(options.now, options.periods.screeningDays),
    alerts: retentionCutoff(options.now, options.periods.alertDays),
    webhookDeliveries: retentionCutoff(options.now, options.periods.webhookDeliveryDays),
    // Keys carry their own expiry (IDEMPOTENCY_TTL_HOURS); once past it they only take up room.
    idempotencyKeys: options.now,
    // A monitoring run's progress is needed only while it runs; its last key is a supplier's
    // company number or name, so a finished run's goes a day later.
    monitoringProgress: retentionCutoff(options.now, 1),
    // An upload still staged a day after it began was left by a process that died mid-upload: its
    // rows (intelligence nobody can see) never go live.
    abandonedUploads: retentionCutoff(options.now, 1),
  }
  const counts: PurgeCounts = {
    screenings: 0,
    decisions: 0,
    screeningHits: 0,
    suppressions: 0,
    alerts: 0,
    idempotencyKeys: 0,
    webhookDeliveries: 0,
    monitoringProgress: 0,
    abandonedUploads: 0,
  }
  for (;;) {
    const batch = await purgeScreeningBatch(db, before.screenings, batchSize)
    for (const kind of Object.keys(batch) as (keyof ScreeningBatch)[]) counts[kind] += batch[kind]
    if (batch.screenings < batchSize) break
  }
  counts.alerts += await inBatches(batchSize, () => purgeAlertBatch(db, before.alerts, batchSize))
  counts.idempotencyKeys = await inBatches(batchSize, () => purgeIdempotencyKeyBatch(db, before.idempotencyKeys, batchSize))
  counts.webhookDeliveries = await inBatches(batchSize, () => purgeWebhookDeliveryBatch(db, before.webhookDeliveries, batchSize))
  counts.monitoringProgress = await purgeFinishedMonitoringRuns(db, before.monitoringProgress, before.alerts)
  counts.abandonedUploads = await purgeAbandonedUploads(db, before.abandonedUploads)
  await recordAuditEvent(db, {
    actor: RETENTION_ACTOR,
    orgId: PLATFORM_ORG,
    action: RETENTION_PURGE_ACTION,
    targetType: 'retention',
    details: {
      removed: { ...counts },
      before: Object.fromEntries(Object.entries(before).map(([kind, at]) => [kind, at.toISOString()])),
    },
  })
  return counts
}

async function inBatches(batchSize: number, purgeBatch: () => Promise<number>): Promise<number> {
  let total = 0
  for (;;) {
    const removed = await purgeBatch()
    total += removed
    if (removed < batchSize) return total
  }
}

type ScreeningBatch = Pick<PurgeCounts, 'screenings' | 'decisions' | 'screeningHits' | 'suppressions' | 'alerts'>

/**
 * One batch of expired screenings, each with its decisions, hits and alerts, and the suppressions
 * its clearance put on the authority's good-guy list: a suppression's value key is the submitted
 * value (a director's name, say), personal data that must not outlive the screening it came from.
 * A supplier whose clearance is gone is matched again on its next screening, and the officer
 * clears it afresh, against the register as it then stands.
 */
async function purgeScreeningBatch(db: Kysely<Database>, before: Date, batchSize: number): Promise<ScreeningBatch> {
  return db.transaction().execute(async (trx) => {
    // Locked as a decision locks its screening, so that neither a decision nor an alert can join a
    // screening being purged; one being decided right now is skipped and goes at the next run.
    // No order: the oldest rows come first in a scan anyway, and no index leads with screened_at.
    const rows = await trx.selectFrom('screenings').select('id').where('screened_at', '<', before).limit(batchSize).forUpdate().skipLocked().execute()
    if (rows.length === 0) return { screenings: 0, decisions: 0, screeningHits: 0, suppressions: 0, alerts: 0 }
    const ids = rows.map((r) => r.id)
    const suppressions = await trx.deleteFrom('suppressions').where('screening_id', 'in', ids).executeTakeFirst()
    const screeningHits = await trx.deleteFrom('screening_hits').where('screening_id', 'in', ids).executeTakeFirst()
    const alerts = await trx.deleteFrom('alerts').where('screening_id', 'in', ids).executeTakeFirst()
    const decisions = await trx.deleteFrom('decisions').where('screening_id', 'in', ids).executeTakeFirst()
    const screenings = await trx.deleteFrom('screenings').where('id', 'in', ids).executeTakeFirst()
    return {
      screenings: Number(screenings.numDeletedRows),
      decisions: Number(decisions.numDeletedRows),
      screeningHits: Number(screeningHits.numDeletedRows),
      suppressions: Number(suppressions.numDeletedRows),
      alerts: Number(alerts.numDeletedRows),
    }
  })
}

// Each of these is one statement, so its own transaction. The cut-off is asked again of the rows
// themselves: a row changed since the inner select (a key claimed afresh) is re-checked and kept.

async function purgeAlertBatch(db: Kysely<Database>, before: Date, batchSize: number): Promise<number> {
  const result = await db
    .deleteFrom('alerts')
    .where('id', 'in', (eb) => eb.selectFrom('alerts').select('id').where('raised_at', '<', before).limit(batchSize))
    .where('raised_at', '<', before)
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

async function purgeIdempotencyKeyBatch(db: Kysely<Database>, before: Date, batchSize: number): Promise<number> {
  const result = await db
    .deleteFrom('idempotency_keys')
    .where((eb) =>
      eb(
        eb.refTuple('org_id', 'key'),
        'in',
        eb.selectFrom('idempotency_keys').select(['org_id', 'key']).where('expires_at', '<=', before).limit(batchSize).$asTuple('org_id', 'key'),
      ),
    )
    .where('expires_at', '<=', before)
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

/** The delivery log names alerts without a foreign key, so it keeps its own period (a shorter one). */
async function purgeWebhookDeliveryBatch(db: Kysely<Database>, before: Date, batchSize: number): Promise<number> {
  const result = await db
    .deleteFrom('webhook_deliveries')
    .where('id', 'in', (eb) => eb.selectFrom('webhook_deliveries').select('id').where('created_at', '<', before).limit(batchSize))
    .where('created_at', '<', before)
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

/** Finished monitoring runs' progress after a day; an unfinished one (its change long gone) after the alert period. */
async function purgeFinishedMonitoringRuns(db: Kysely<Database>, finishedBefore: Date, abandonedBefore: Date): Promise<number> {
  const result = await db
    .deleteFrom('monitoring_progress')
    .where((eb) => eb.or([eb.and([eb('done', '=', true), eb('updated_at', '<', finishedBefore)]), eb('updated_at', '<', abandonedBefore)]))
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

/** Staged versions begun before `before`, with their rows, in the upload's own short batches. */
async function purgeAbandonedUploads(db: Kysely<Database>, before: Date): Promise<number> {
  const staged = await db
    .selectFrom('watchlist_versions as v')
    .innerJoin('watchlists as w', 'w.id', 'v.watchlist_id')
    .selectAll('w')
    .select('v.version as staged_version')
    .where('v.staged', '=', true)
    .where('v.uploaded_at', '<', before)
    .execute()
  for (const { staged_version: version, ...watchlist } of staged) await discardStaged(db, { watchlist, version })
  return staged.length
}
