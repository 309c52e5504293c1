import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { purgeExpiredIdempotencyKeys } from '../screening/idempotency.js'

// Expired keys are already ignored when claimed; this only keeps the table from growing.
const PURGE_INTERVAL_MS = 60 * 60 * 1000

/** Periodic housekeeping that no request waits for. */
export const maintenancePlugin = fp(
  async (app: FastifyInstance) => {
    let timer: NodeJS.Timeout | undefined
    app.addHook('onReady', async () => {
      timer = setInterval(() => {
        purgeExpiredIdempotencyKeys(app.db).catch((err: unknown) => app.log.error({ err }, 'idempotency key purge failed'))
      }, PURGE_INTERVAL_MS)
      timer.unref()
    })
    app.addHook('onClose', async () => clearInterval(timer))
  },
  { name: 'maintenance', dependencies: ['db'] },
)
