import type { FastifyInstance } from 'fastify'
import { AppError } from '../errors.js'
import type { Readiness } from '../health/readiness.js'

/**
 * Liveness and readiness. Anyone may ask whether the service is ready, and is told only that:
 * the checks' details (database kind, register size and version) describe the deployment and
 * its intelligence holdings, so they go to an administrator's token alone.
 */
export async function healthRoutes(app: FastifyInstance, options: { readiness: () => Promise<Readiness> }): Promise<void> {
  app.get('/health/live', async () => ({ status: 'ok' }))

  app.get('/health/ready', { config: { roles: ['admin'], tokenOptional: true } }, async (request) => {
    const readiness = await options.readiness()
    // The principal is set only when an admin token came and was verified.
    const details = request.principal?.roles.includes('admin') === true
    if (!readiness.ready) {
      request.log.warn({ err: readiness.error }, 'not ready')
      throw new AppError('NOT_READY', 'A dependency is not ready; retry shortly', details ? { extensions: { checks: readiness.checks } } : {})
    }
    return details ? { status: 'ok', checks: readiness.checks } : { status: 'ok' }
  })
}
