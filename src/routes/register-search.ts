import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from '@fastify/type-provider-zod'
import { z } from 'zod'
import { actorOf } from './request-actor.js'
import { pageQuerySchema } from '../pagination.js'
import type { RegisterSearchUseCases } from '../register/search/search-register.js'
import { safeText } from '../rules/schemas.js'

// Responses that carry register data are marked and never cached (docs/design.md §6).
const SENSITIVE = { 'x-protective-marking': 'OFFICIAL-SENSITIVE' }

const searchQuery = z.strictObject({
  q: safeText({ min: 2, max: 200 }),
  kind: z.enum(['group', 'company', 'person', 'address', 'phone', 'email', 'website']).optional(),
  force: safeText({ max: 100 }).optional(),
  ...pageQuerySchema,
})

/** The officer's search of the register within the authority's sharing agreements. */
export async function registerSearchRoutes(fastify: FastifyInstance, options: { registerSearch: RegisterSearchUseCases }): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const { registerSearch } = options

  app.get('/v1/register/search', { config: { roles: ['officer'] }, schema: { querystring: searchQuery } }, async (request, reply) =>
    reply.headers(SENSITIVE).send(await registerSearch.search(actorOf(request), request.query)),
  )
}
