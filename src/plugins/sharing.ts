import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Subscription } from '../db/connect.js'
import { SHARING_CHANNEL } from '../tenancy/sharing-agreements.js'
import { SharingCache } from '../tenancy/sharing-cache.js'

declare module 'fastify' {
  interface FastifyInstance {
    sharing: SharingCache
  }
}

/** Which forces each authority may be screened against, kept current across processes. */
export const sharingPlugin = fp(
  async (app: FastifyInstance) => {
    const cache = new SharingCache(app.db)
    app.decorate('sharing', cache)
    let subscription: Subscription | undefined
    // Without notices the cache still expires on its own, so a failed LISTEN is logged, not fatal.
    const logError = (err: unknown) => app.log.error({ err }, 'sharing agreement notices unavailable')
    app.addHook('onReady', async () => {
      // Notices missed during an outage are made up for by dropping what the cache holds.
      subscription = await app.database
        .listen(SHARING_CHANNEL, { onMessage: () => cache.invalidate(), onResubscribed: () => cache.invalidate() })
        .catch((err: unknown) => {
          logError(err)
          return undefined
        })
    })
    app.addHook('preClose', async () => subscription?.stop().catch(logError))
  },
  { name: 'sharing', dependencies: ['db'] },
)
