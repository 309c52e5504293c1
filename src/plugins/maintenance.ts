import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { purgeExpiredAuditEvents } from '../audit/purge-audit-events.js'

// Expired idempotency keys go with the daily retention purge (src/retention/retention-job.ts).
// Audit events expire by the day; the first purge waits until the service has settled in.
const AUDIT_PURGE_INTERVAL_MS = 24 * 60 * 60 * 1000
const FIRST_AUDIT_PURGE_MS = 60 * 1000
/** Six years, as config.ts defaults AUDIT_RETENTION_DAYS. */
const DEFAULT_AUDIT_RETENTION_DAYS = 2190

export interface MaintenanceOptions {
  /** How long audit events are kept (AUDIT_RETENTION_DAYS). */
  auditRetentionDays?: number
  /** The clock audit retention is counted by, in milliseconds since the epoch (default: Date.now). */
  now?: () => number
  /** When the first audit purge runs after start; tests make it immediate. */
  firstAuditPurgeMs?: number
}

/** Periodic housekeeping that no request waits for. */
export const maintenancePlugin = fp(
  async (app: FastifyInstance, options: MaintenanceOptions) => {
    const retentionDays = options.auditRetentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS
    const now = options.now ?? Date.now
    const timers: NodeJS.Timeout[] = []
    let auditPurge: Promise<unknown> = Promise.resolve()
    const purgeAudit = () => {
      auditPurge = auditPurge
        .then(() => purgeExpiredAuditEvents(app.db, { retentionDays, now: new Date(now()) }))
        .then((purged) => {
          // Where the kept chain now starts, as a copy outside the database; nothing personal.
          if (purged) app.log.info({ auditPurge: { throughChainSeq: purged.throughChainSeq, hash: purged.hash, events: purged.events } }, 'audit events purged')
        })
        .catch((err: unknown) => app.log.error({ err }, 'audit event purge failed'))
    }
    app.addHook('onReady', async () => {
      timers.push(
        setTimeout(() => {
          purgeAudit()
          timers.push(setInterval(purgeAudit, AUDIT_PURGE_INTERVAL_MS).unref())
        }, options.firstAuditPurgeMs ?? FIRST_AUDIT_PURGE_MS),
      )
      for (const timer of timers) timer.unref()
    })
    app.addHook('onClose', async () => {
      for (const timer of timers) clearTimeout(timer)
      await auditPurge
    })
  },
  { name: 'maintenance', dependencies: ['db'] },
)
