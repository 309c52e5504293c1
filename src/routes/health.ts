import type { FastifyInstance } from 'fastify'
import { AppError } from '../errors.js'
import type { Readiness } from '../health/readiness.js'

export async function healthRoutes(app: FastifyInstance, options: { readiness: () => Promise<Readiness> }): Promise<void> {
  app.get('/health/live', async () => ({ status: 'ok' }))

  app.get('/health/ready', async (request) => {
    const readiness = await options.readiness()
    if (!readiness.ready) {
      request.log.warn({ err: readiness.error }, 'not ready')
      throw new AppError('NOT_READY', 'A dependency is not ready; retry shortly', { extensions: { checks: readiness.checks } })
    }
    return { status: 'ok', checks: readiness.checks }
  })
}
