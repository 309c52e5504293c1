import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from '@fastify/type-provider-zod'
import { z } from 'zod'
import { actorOf } from './request-actor.js'
import { pageQuerySchema, storableDateTime } from '../pagination.js'
import { safeText } from '../rules/schemas.js'
import type { SharingAgreementUseCases } from '../tenancy/sharing-agreement-use-cases.js'

const orgId = safeText({ max: 100 })
// The contributor (a police force or a partner agency) is `contributorOrgId`; `policeOrgId`, its
// first name, is accepted as an alias within /v1.
const createBody = z
  .strictObject({
    contributorOrgId: orgId.optional(),
    policeOrgId: orgId.optional(),
    authorityOrgId: orgId,
    validFrom: storableDateTime.optional(),
    validTo: storableDateTime.optional(),
  })
  .superRefine((body, ctx) => {
    if (body.contributorOrgId === undefined && body.policeOrgId === undefined) {
      ctx.addIssue({ code: 'custom', path: ['contributorOrgId'], message: 'is required (or its alias policeOrgId)' })
    } else if (body.contributorOrgId !== undefined && body.policeOrgId !== undefined && body.contributorOrgId !== body.policeOrgId) {
      ctx.addIssue({ code: 'custom', path: ['policeOrgId'], message: 'is an alias of contributorOrgId: give one, or the same value' })
    }
  })
const listQuery = z.strictObject({
  contributorOrgId: orgId.optional(),
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
    const { contributorOrgId, policeOrgId, ...rest } = request.body
    const contributor =
      contributorOrgId === undefined ? { orgId: policeOrgId!, field: 'policeOrgId' as const } : { orgId: contributorOrgId, field: 'contributorOrgId' as const }
    const agreement = await agreements.create(actorOf(request), { ...rest, contributor })
    return reply.code(201).header('location', `/v1/sharing-agreements/${agreement.id}`).send(agreement)
  })

  app.get('/v1/sharing-agreements', { config: admin, schema: { querystring: listQuery } }, async (request) => {
    const { contributorOrgId, policeOrgId, ...rest } = request.query
    return agreements.list({ ...rest, contributorOrgId: contributorOrgId ?? policeOrgId })
  })

  app.get('/v1/sharing-agreements/:id', { config: admin, schema: { params: idParams } }, async (request) => agreements.get(request.params.id))

  app.delete('/v1/sharing-agreements/:id', { config: admin, schema: { params: idParams } }, async (request) =>
    agreements.revoke(actorOf(request), request.params.id),
  )
}
