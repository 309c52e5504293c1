import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from '@fastify/type-provider-zod'
import { z } from 'zod'
import { recordAuditEvent, withAudit } from '../audit/audit-log.js'
import { actorOf } from '../audit/request-actor.js'
import { notFound } from '../errors.js'
import { decodeCursor, pageQuerySchema, toPage } from '../pagination.js'
import { agreementView, createAgreement, listAgreements, revokeAgreement } from '../tenancy/sharing-agreements.js'

const orgId = z.string().min(1).max(100)
const createBody = z.strictObject({
  policeOrgId: orgId,
  authorityOrgId: orgId,
  validFrom: z.iso.datetime({ offset: true }).optional(),
  validTo: z.iso.datetime({ offset: true }).optional(),
})
const listQuery = z.strictObject({
  policeOrgId: orgId.optional(),
  authorityOrgId: orgId.optional(),
  status: z.enum(['active', 'pending', 'expired', 'revoked']).optional(),
  ...pageQuerySchema,
})
const idParams = z.object({ id: z.string().max(100) })

export async function sharingAgreementRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const admin = { roles: ['admin'] } as const

  app.post('/v1/sharing-agreements', { config: admin, schema: { body: createBody } }, async (request, reply) => {
    const { body } = request
    const row = await withAudit(
      app.db,
      (trx) =>
        createAgreement(trx, {
          policeOrgId: body.policeOrgId,
          authorityOrgId: body.authorityOrgId,
          validFrom: body.validFrom ? new Date(body.validFrom) : new Date(),
          validTo: body.validTo ? new Date(body.validTo) : undefined,
          createdBy: request.principal.sub,
        }),
      (agreement) => ({
        ...actorOf(request),
        action: 'sharing_agreement.create',
        targetType: 'sharing_agreement',
        targetId: agreement.id,
        details: { policeOrgId: agreement.police_org_id, authorityOrgId: agreement.authority_org_id },
      }),
    )
    // Other processes hear of it by NOTIFY; this one acts on it from the next request.
    app.sharing.invalidate()
    return reply.code(201).header('location', `/v1/sharing-agreements/${row.id}`).send(agreementView(row))
  })

  app.get('/v1/sharing-agreements', { config: admin, schema: { querystring: listQuery } }, async (request) => {
    const { limit, cursor, ...filter } = request.query
    const after = cursor ? String(decodeCursor(cursor, 1)[0]) : undefined
    const rows = await listAgreements(app.db, { ...filter, after, limit: limit + 1 })
    return toPage(
      rows,
      limit,
      (r) => [r.id],
      (r) => agreementView(r),
    )
  })

  app.get('/v1/sharing-agreements/:id', { config: admin, schema: { params: idParams } }, async (request) => {
    const row = await app.db.selectFrom('sharing_agreements').selectAll().where('id', '=', request.params.id).executeTakeFirst()
    if (!row) throw notFound('Sharing agreement')
    return agreementView(row)
  })

  app.delete('/v1/sharing-agreements/:id', { config: admin, schema: { params: idParams } }, async (request) => {
    const row = await app.db.transaction().execute(async (trx) => {
      const result = await revokeAgreement(trx, request.params.id, request.principal.sub)
      if (result.changed) {
        await recordAuditEvent(trx, { ...actorOf(request), action: 'sharing_agreement.revoke', targetType: 'sharing_agreement', targetId: result.row.id })
      }
      return result.row
    })
    app.sharing.invalidate()
    return agreementView(row)
  })
}
