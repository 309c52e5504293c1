import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from '@fastify/type-provider-zod'
import { z } from 'zod'
import type { ExportAuditEvents } from '../audit/export-audit-events.js'
import { storableDateTime } from '../pagination.js'
import { safeText } from '../rules/schemas.js'
import { actorOf } from './request-actor.js'

const MAX_EXPORT = 10_000

const exportQuery = z.strictObject({
  orgId: safeText({ max: 100 }).optional(),
  action: safeText({ max: 100 }).optional(),
  from: storableDateTime.optional(),
  to: storableDateTime.optional(),
  // Sequence numbers are bigint in the database; beyond 2^53 they would not survive as JSON numbers.
  afterSeq: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_EXPORT).default(1000),
})

/** The audit log as NDJSON, oldest first, for administrators; continue with `afterSeq`. */
export async function auditRoutes(fastify: FastifyInstance, options: { exportAudit: ExportAuditEvents }): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  app.get('/v1/audit', { config: { roles: ['admin'] }, schema: { querystring: exportQuery } }, async (request, reply) => {
    const { from, to, ...filter } = request.query
    const { events, nextAfterSeq } = await options.exportAudit(actorOf(request), {
      ...filter,
      from: from ? new Date(from) : undefined,
      to: to ? new Date(to) : undefined,
    })
    if (nextAfterSeq !== null) reply.header('x-next-after-seq', String(nextAfterSeq))
    return reply.type('application/x-ndjson').send(events.map((e) => JSON.stringify(e)).join('\n') + (events.length ? '\n' : ''))
  })
}
