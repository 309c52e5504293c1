import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from '@fastify/type-provider-zod'
import { z } from 'zod'
import { actorOf } from './request-actor.js'
import type { InsightsUseCases } from '../insights/insights-use-cases.js'
import { storableDateTime } from '../pagination.js'

// Aggregates name forces' groups by reference: register data, marked and never cached (docs/design.md §6).
const SENSITIVE = { 'x-protective-marking': 'OFFICIAL-SENSITIVE' }

const insightsQuery = z.strictObject({
  from: storableDateTime.optional(),
  to: storableDateTime.optional(),
  by: z.enum(['month', 'cpvDivision', 'region', 'group', 'authority']).optional(),
})

/** Areas at risk (issue 16 point 3): an authority's own screenings, or the hits on a force's groups, in suppressed aggregates. */
export async function insightsRoutes(fastify: FastifyInstance, options: { insights: InsightsUseCases }): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const { insights } = options

  app.get('/v1/insights', { config: { roles: ['officer', 'police'] }, schema: { querystring: insightsQuery } }, async (request, reply) => {
    // The auth plugin kept only the roles the caller's organisation may act in: one of the two.
    const audience = request.principal.roles.includes('police') ? 'force' : 'authority'
    return reply.headers(SENSITIVE).send(await insights.read(actorOf(request), audience, request.query))
  })
}
