import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from '@fastify/type-provider-zod'
import { z } from 'zod'
import { withAudit } from '../audit/audit-log.js'
import { actorOf } from '../audit/request-actor.js'
import { decodeCursor, pageQuerySchema, toPage } from '../pagination.js'
import { createOrganisation, getOrganisation, listOrganisations, organisationView } from '../tenancy/organisations.js'

const kind = z.enum(['police', 'authority'])
const createBody = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lower-case letters, digits and hyphens, 2 to 63 characters')
    .optional(),
  name: z.string().trim().min(1).max(200),
  kind,
})

export async function organisationRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const admin = { roles: ['admin'] } as const

  app.post('/v1/organisations', { config: admin, schema: { body: createBody } }, async (request, reply) => {
    const row = await withAudit(
      app.db,
      (trx) => createOrganisation(trx, request.body),
      (org) => ({
        ...actorOf(request),
        action: 'organisation.create',
        targetType: 'organisation',
        targetId: org.id,
        details: { kind: org.kind },
      }),
    )
    return reply.code(201).header('location', `/v1/organisations/${row.id}`).send(organisationView(row))
  })

  app.get('/v1/organisations', { config: admin, schema: { querystring: z.strictObject({ kind: kind.optional(), ...pageQuerySchema }) } }, async (request) => {
    const { kind: k, limit, cursor } = request.query
    const after = cursor ? String(decodeCursor(cursor, 1)[0]) : undefined
    const rows = await listOrganisations(app.db, { kind: k, after, limit: limit + 1 })
    return toPage(rows, limit, (r) => [r.id], organisationView)
  })

  app.get('/v1/organisations/:id', { config: admin, schema: { params: z.object({ id: z.string().max(100) }) } }, async (request) =>
    organisationView(await getOrganisation(app.db, request.params.id)),
  )
}
