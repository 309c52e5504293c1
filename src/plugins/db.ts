import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Kysely } from 'kysely'
import type { DatabaseHandle } from '../db/connect.js'
import type { Database } from '../db/database.js'

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<Database>
    database: DatabaseHandle
  }
}

/** Shares the process's one database handle; closing the app closes it, after in-flight requests. */
export const dbPlugin = fp(
  async (app: FastifyInstance, options: { handle: DatabaseHandle; closeOnShutdown: boolean }) => {
    app.decorate('database', options.handle)
    app.decorate('db', options.handle.db)
    if (options.closeOnShutdown) app.addHook('onClose', async () => options.handle.close())
  },
  { name: 'db' },
)
