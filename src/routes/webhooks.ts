import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from '@fastify/type-provider-zod'
import { z } from 'zod'
import { actorOf } from './request-actor.js'
import { pageQuerySchema } from '../pagination.js'
import type { WebhookUseCases } from '../webhooks/webhook-use-cases.js'

// The address's own rules (scheme, credentials, length once encoded) are the use case's: they
// depend on configuration. Here only its shape, with room for the use case to name the limit.
const configureBody = z.strictObject({ url: z.string().trim().min(1).max(4000) })
const deliveriesQuery = z.strictObject({ status: z.enum(['pending', 'delivered', 'failed']).optional(), ...pageQuerySchema })

/** The caller's authority's alert webhook and its delivery log (officers). */
export async function webhookRoutes(fastify: FastifyInstance, options: { webhooks: WebhookUseCases }): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const { webhooks } = options
  const officers = { roles: ['officer'] } as const

  app.put('/v1/webhook', { config: officers, schema: { body: configureBody } }, async (request) => webhooks.configure(actorOf(request), request.body))

  app.post('/v1/webhook/rotate-secret', { config: officers }, async (request) => webhooks.rotateSecret(actorOf(request)))

  app.get('/v1/webhook', { config: officers }, async (request) => webhooks.read(actorOf(request)))

  app.get('/v1/webhook/deliveries', { config: officers, schema: { querystring: deliveriesQuery } }, async (request) =>
    webhooks.listDeliveries(actorOf(request), request.query),
  )

  app.delete('/v1/webhook', { config: officers }, async (request, reply) => {
    await webhooks.remove(actorOf(request))
    return reply.code(204).send()
  })
}
