import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { sealAuditChain } from '../audit/audit-log.js'

// Events wait at most about this long before they are chained; tampering after that is detectable.
const SEAL_INTERVAL_MS = 1_000

/** Seals committed audit events into the hash chain in the background, and once more at shutdown. */
export const auditSealerPlugin = fp(
  async (app: FastifyInstance) => {
    let running: Promise<unknown> = Promise.resolve()
    const seal = () => {
      running = running.then(() => sealAuditChain(app.db)).catch((err: unknown) => app.log.error({ err }, 'audit sealing failed'))
      return running
    }
    let timer: NodeJS.Timeout | undefined
    app.addHook('onReady', async () => {
      timer = setInterval(() => void seal(), SEAL_INTERVAL_MS)
      timer.unref()
    })
    app.addHook('onClose', async () => {
      clearInterval(timer)
      await seal()
    })
  },
  { name: 'audit-sealer', dependencies: ['db'] },
)
