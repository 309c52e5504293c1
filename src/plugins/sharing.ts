import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
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
    let unlisten: (() => Promise<void>) | undefined
    // Without notices the cache still expires on its own, so a failed LISTEN is logged, not fatal.
    const logError = (err: unknown) => app.log.error({ err }, 'sharing agreement notices unavailable')
    app.addHook('onReady', async () => {
      unlisten = await app.database
        .listen(SHARING_CHANNEL, () => cache.invalidate())
        .catch((err: unknown) => {
          logError(err)
          return undefined
        })
    })
    app.addHook('preClose', async () => unlisten?.().catch(logError))
  },
  { name: 'sharing', dependencies: ['db'] },
)
