import type { Kysely } from 'kysely'
import type { Config } from '../config.js'
import type { Database } from '../db/database.js'
import type { JobQueue } from '../jobs/job-queue.js'
import { purgeExpiredRecords } from './purge-expired-records.js'

const RETENTION_PURGE_QUEUE = 'retention-purge'
// Daily at 03:00 UTC, when screening is quietest (after overnight batches, before the working day).
const RETENTION_PURGE_CRON = '0 3 * * *'
// A purge is safe to run twice (what is gone stays gone), so a failed or dead one is simply retried;
// an hour is far longer than a day's expiries take in batches.
const RETENTION_PURGE_POLICY = { retryLimit: 3, retryDelaySeconds: 300, expireInSeconds: 3600 }

export interface RetentionJobDeps {
  db: Kysely<Database>
  config: Pick<Config, 'screeningRetentionDays' | 'alertRetentionDays' | 'webhookDeliveryRetentionDays'>
  log: { info: (details: object, message: string) => void }
}

/** Declares the daily `retention-purge` job (pg-boss sends it on schedule, once for all processes). */
export function defineRetentionPurge(jobs: JobQueue, deps: RetentionJobDeps): void {
  const periods = {
    screeningDays: deps.config.screeningRetentionDays,
    alertDays: deps.config.alertRetentionDays,
    webhookDeliveryDays: deps.config.webhookDeliveryRetentionDays,
  }
  jobs.define(
    RETENTION_PURGE_QUEUE,
    RETENTION_PURGE_POLICY,
    async () => {
      const removed = await purgeExpiredRecords(deps.db, { periods, now: new Date() })
      // Counts only: what was purged is not named.
      deps.log.info({ retentionPurge: removed }, 'expired records purged')
    },
    { cron: RETENTION_PURGE_CRON },
  )
}
