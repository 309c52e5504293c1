import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from '@fastify/type-provider-zod'
import { z } from 'zod'
import { actorOf } from './request-actor.js'
import { pageQuerySchema } from '../pagination.js'
import { safeText } from '../rules/schemas.js'
import type { OrganisationUseCases } from '../tenancy/organisation-use-cases.js'

const kind = z.enum(['police', 'authority', 'agency'])
const createBody = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lower-case letters, digits and hyphens, 2 to 63 characters')
    .optional(),
  name: safeText({ max: 200 }),
  kind,
})

export async function organisationRoutes(fastify: FastifyInstance, options: { organisations: OrganisationUseCases }): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const { organisations } = options
  const admin = { roles: ['admin'] } as const

  app.post('/v1/organisations', { config: admin, schema: { body: createBody } }, async (request, reply) => {
    const organisation = await organisations.create(actorOf(request), request.body)
    return reply.code(201).header('location', `/v1/organisations/${organisation.id}`).send(organisation)
  })

  app.get('/v1/organisations', { config: admin, schema: { querystring: z.strictObject({ kind: kind.optional(), ...pageQuerySchema }) } }, async (request) =>
    organisations.list(request.query),
  )

  app.get('/v1/organisations/:id', { config: admin, schema: { params: z.object({ id: safeText({ max: 100 }) }) } }, async (request) =>
    organisations.get(request.params.id),
  )
}
