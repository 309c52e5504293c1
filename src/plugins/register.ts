import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { RegisterCache } from '../register/register-cache.js'
import type { CompileTurn } from '../register/register-compiler.js'

declare module 'fastify' {
  interface FastifyInstance {
    registerCache: RegisterCache
  }
}

/** Holds this process's compiled register and keeps it at the current version. */
export const registerPlugin = fp(
  async (app: FastifyInstance, options: { pollSeconds: number; compileTurn?: CompileTurn | undefined }) => {
    const cache = new RegisterCache(app.db, (err) => app.log.error({ err }, 'register reload failed'), options.compileTurn)
    app.decorate('registerCache', cache)
    app.addHook('onReady', async () => cache.start(app.database.listen, options.pollSeconds))
    // After in-flight requests have finished (an upload going live may still compile), before the
    // database closes (its onClose hook is registered earlier, so runs later).
    app.addHook('onClose', async () => cache.stop())
    app.readinessChecks.set('register', async () => {
      const snapshot = cache.snapshot
      if (!snapshot) throw new Error('register not loaded')
      // Without the change channel, this process would hear of another's upload only by polling.
      if (cache.channelState !== 'listening') throw new Error(`register change channel ${cache.channelState}`)
      return {
        channel: cache.channelState,
        version: snapshot.version,
        entities: snapshot.compiled.size,
        loadedAt: snapshot.loadedAt.toISOString(),
        loadMs: snapshot.loadMs,
        compileMs: snapshot.compileMs,
        compileWorkMs: snapshot.compileWorkMs,
      }
    })
  },
  { name: 'register', dependencies: ['db'] },
)
