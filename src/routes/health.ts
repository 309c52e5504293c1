import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import { pendingMigrations } from '../db/migrator.js'
import { AppError } from '../errors.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** Checks that `/health/ready` runs besides the database's; each returns facts to show or throws. */
    readinessChecks: Map<string, () => Promise<Record<string, unknown>>>
  }
}

export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/health/live', async () => ({ status: 'ok' }))

  app.get('/health/ready', async (request) => {
    const checks: Record<string, unknown> = {}
    try {
      await sql`select 1`.execute(app.db)
      const pending = await pendingMigrations(app.db)
      if (pending.length > 0) throw new Error(`${pending.length} migrations pending`)
      checks.database = { status: 'ok', kind: app.database.kind }
      for (const [name, check] of app.readinessChecks) checks[name] = { status: 'ok', ...(await check()) }
    } catch (error) {
      request.log.warn({ err: error }, 'not ready')
      throw new AppError('NOT_READY', 'A dependency is not ready; retry shortly', { extensions: { checks } })
    }
    return { status: 'ok', checks }
  })
}
