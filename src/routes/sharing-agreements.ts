import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from '@fastify/type-provider-zod'
import { z } from 'zod'
import { actorOf } from './request-actor.js'
import { pageQuerySchema, storableDateTime } from '../pagination.js'
import { safeText } from '../rules/schemas.js'
import type { SharingAgreementUseCases } from '../tenancy/sharing-agreement-use-cases.js'

const orgId = safeText({ max: 100 })
const createBody = z.strictObject({
  policeOrgId: orgId,
  authorityOrgId: orgId,
  validFrom: storableDateTime.optional(),
  validTo: storableDateTime.optional(),
})
const listQuery = z.strictObject({
  policeOrgId: orgId.optional(),
  authorityOrgId: orgId.optional(),
  status: z.enum(['active', 'pending', 'expired', 'revoked']).optional(),
  ...pageQuerySchema,
})
const idParams = z.object({ id: safeText({ max: 100 }) })

export async function sharingAgreementRoutes(fastify: FastifyInstance, options: { agreements: SharingAgreementUseCases }): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const { agreements } = options
  const admin = { roles: ['admin'] } as const

  app.post('/v1/sharing-agreements', { config: admin, schema: { body: createBody } }, async (request, reply) => {
    const agreement = await agreements.create(actorOf(request), request.body)
    return reply.code(201).header('location', `/v1/sharing-agreements/${agreement.id}`).send(agreement)
  })

  app.get('/v1/sharing-agreements', { config: admin, schema: { querystring: listQuery } }, async (request) => agreements.list(request.query))

  app.get('/v1/sharing-agreements/:id', { config: admin, schema: { params: idParams } }, async (request) => agreements.get(request.params.id))

  app.delete('/v1/sharing-agreements/:id', { config: admin, schema: { params: idParams } }, async (request) =>
    agreements.revoke(actorOf(request), request.params.id),
  )
}
