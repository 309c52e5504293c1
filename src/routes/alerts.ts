import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from '@fastify/type-provider-zod'
import { z } from 'zod'
import { actorOf } from './request-actor.js'
import type { AlertUseCases } from '../monitoring/alert-use-cases.js'
import { pageQuerySchema, storableDateTime } from '../pagination.js'
import { safeMultilineText, safeText } from '../rules/schemas.js'

// Responses that carry register data are marked and never cached (docs/design.md §6).
const SENSITIVE = { 'x-protective-marking': 'OFFICIAL-SENSITIVE' }

const listQuery = z.strictObject({
  status: z.enum(['open', 'acknowledged', 'decided', 'closed']).optional(),
  band: z.enum(['low', 'medium', 'high']).optional(),
  group: safeText({ max: 100 }).optional(),
  reference: safeText({ max: 200 }).optional(),
  from: storableDateTime.optional(),
  to: storableDateTime.optional(),
  ...pageQuerySchema,
})
const idParams = z.object({ id: safeText({ max: 100 }) })
const decisionBody = z.strictObject({
  outcome: z.enum(['cleared', 'referred', 'confirmed']),
  note: safeMultilineText({ min: 0, max: 2000 }).optional(),
})

export async function alertRoutes(fastify: FastifyInstance, options: { alerts: AlertUseCases }): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const { alerts } = options
  // E-procurement systems read alerts too (a webhook tells them of one); officers act on them.
  const readers = { roles: ['screener', 'officer'] } as const
  const officers = { roles: ['officer'] } as const

  app.get('/v1/alerts', { config: readers, schema: { querystring: listQuery } }, async (request, reply) =>
    reply.headers(SENSITIVE).send(await alerts.list(actorOf(request), request.query)),
  )

  app.get('/v1/alerts/:id', { config: readers, schema: { params: idParams } }, async (request, reply) =>
    reply.headers(SENSITIVE).send(await alerts.read(actorOf(request), request.params.id)),
  )

  app.post('/v1/alerts/:id/acknowledge', { config: officers, schema: { params: idParams } }, async (request, reply) =>
    reply.headers(SENSITIVE).send(await alerts.acknowledge(actorOf(request), request.params.id)),
  )

  app.post('/v1/alerts/:id/decisions', { config: officers, schema: { params: idParams, body: decisionBody } }, async (request, reply) => {
    const { response, replayed } = await alerts.decide({
      actor: actorOf(request),
      alertId: request.params.id,
      outcome: request.body.outcome,
      note: request.body.note,
      idempotencyKey: request.headers['idempotency-key'],
    })
    if (response.location) reply.header('location', response.location)
    if (replayed) reply.header('idempotent-replayed', 'true')
    return reply.code(response.status).send(response.body)
  })
}
