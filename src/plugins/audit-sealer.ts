import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { sealAuditChain } from '../audit/seal-audit-chain.js'

// Events wait at most about this long before they are chained; tampering after that is detectable.
const SEAL_INTERVAL_MS = 1_000

/**
 * Seals committed audit events into the hash chain in the background, and once more at shutdown.
 * Each seal's new head (chain position and hash, nothing else) goes to the log as well as to the
 * checkpoint table: a copy outside the database, to verify against (`audit:verify -- --head`).
 */
export const auditSealerPlugin = fp(
  async (app: FastifyInstance) => {
    let running: Promise<unknown> = Promise.resolve()
    let busy = false
    const onCheckpoint = (head: { chainSeq: number; hash: string }, sealed: number) =>
      app.log.info({ auditHead: { chainSeq: head.chainSeq, hash: head.hash }, sealed }, 'audit chain sealed')
    const seal = () => {
      busy = true
      running = running
        .then(() => sealAuditChain(app.db, { onCheckpoint }))
        .catch((err: unknown) => app.log.error({ err }, 'audit sealing failed'))
        .finally(() => (busy = false))
      return running
    }
    let timer: NodeJS.Timeout | undefined
    app.addHook('onReady', async () => {
      // A round slower than the interval is not queued behind again: the next tick finds it busy.
      timer = setInterval(() => void (busy || seal()), SEAL_INTERVAL_MS)
      timer.unref()
    })
    app.addHook('onClose', async () => {
      clearInterval(timer)
      await seal()
    })
  },
  { name: 'audit-sealer', dependencies: ['db'] },
)
