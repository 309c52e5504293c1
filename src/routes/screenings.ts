import type { FastifyInstance, FastifyReply } from 'fastify'
import type { ZodTypeProvider } from '@fastify/type-provider-zod'
import { z } from 'zod'
import { actorOf } from './request-actor.js'
import { pageQuerySchema, storableDateTime } from '../pagination.js'
import { safeMultilineText, safeText } from '../rules/schemas.js'
import type { IdempotentOutcome } from '../screening/idempotent-write.js'
import type { ScreeningUseCases } from '../screening/screening-use-cases.js'
import { MAX_BATCH_ITEMS, screeningRequestSchema } from '../screening/supplier-schema.js'

// Responses that carry register data are marked and never cached (docs/design.md §6).
const SENSITIVE = { 'x-protective-marking': 'OFFICIAL-SENSITIVE' }

const listQuery = z.strictObject({
  band: z.enum(['none', 'low', 'medium', 'high']).optional(),
  decision: z.enum(['cleared', 'referred', 'confirmed', 'none']).optional(),
  from: storableDateTime.optional(),
  to: storableDateTime.optional(),
  q: safeText({ max: 200 }).optional(),
  tender: safeText({ max: 200 }).optional(),
  ...pageQuerySchema,
})
const idParams = z.object({ id: safeText({ max: 100 }) })
const decisionBody = z.strictObject({
  outcome: z.enum(['cleared', 'referred', 'confirmed']),
  note: safeMultilineText({ min: 0, max: 2000 }).optional(),
})
// Each item is checked by the batch use case: an invalid item fails alone.
const batchBody = z.strictObject({ items: z.array(z.unknown()).min(1).max(MAX_BATCH_ITEMS) })

export async function screeningRoutes(fastify: FastifyInstance, options: { screenings: ScreeningUseCases }): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const { screenings } = options
  const screeners = { roles: ['screener', 'officer'] } as const
  const officers = { roles: ['officer'] } as const

  app.post('/v1/screenings', { config: screeners, schema: { body: screeningRequestSchema } }, async (request, reply) => {
    const outcome = await screenings.screen({ actor: actorOf(request), request: request.body, idempotencyKey: request.headers['idempotency-key'] })
    return sendOutcome(reply.headers(SENSITIVE), outcome)
  })

  app.post('/v1/screenings/batch', { config: screeners, schema: { body: batchBody } }, async (request, reply) => {
    const outcome = await screenings.screenBatch({ actor: actorOf(request), items: request.body.items, idempotencyKey: request.headers['idempotency-key'] })
    return sendOutcome(reply.headers(SENSITIVE), outcome)
  })

  app.get('/v1/screenings', { config: screeners, schema: { querystring: listQuery } }, async (request, reply) =>
    reply.headers(SENSITIVE).send(await screenings.list(actorOf(request), request.query)),
  )

  app.get('/v1/screenings/:id', { config: screeners, schema: { params: idParams } }, async (request, reply) =>
    reply.headers(SENSITIVE).send(await screenings.read(actorOf(request), request.params.id)),
  )

  app.post('/v1/screenings/:id/decisions', { config: officers, schema: { params: idParams, body: decisionBody } }, async (request, reply) => {
    const outcome = await screenings.decide({
      actor: actorOf(request),
      screeningId: request.params.id,
      outcome: request.body.outcome,
      note: request.body.note,
      idempotencyKey: request.headers['idempotency-key'],
    })
    return sendOutcome(reply, outcome)
  })
}

/** The response of a write done once: a retry gets the first response back, marked as replayed. */
function sendOutcome(reply: FastifyReply, { response, replayed }: IdempotentOutcome): FastifyReply {
  if (response.location) reply.header('location', response.location)
  if (replayed) reply.header('idempotent-replayed', 'true')
  return reply.code(response.status).send(response.body)
}
