import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from '@fastify/type-provider-zod'
import { z } from 'zod'
import { actorOf } from './request-actor.js'
import { safeText } from '../rules/schemas.js'
import type { TenderUseCases } from '../tenders/tender-use-cases.js'

// Responses that carry register data are marked and never cached (docs/design.md §6).
const SENSITIVE = { 'x-protective-marking': 'OFFICIAL-SENSITIVE' }

const tenderParams = z.object({ id: safeText({ max: 200 }) })

/** An authority's tenders: its bidders compared with each other (officer). */
export async function tenderRoutes(fastify: FastifyInstance, options: { tenders: TenderUseCases }): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const { tenders } = options

  app.get('/v1/tenders/:id/links', { config: { roles: ['officer'] }, schema: { params: tenderParams } }, async (request, reply) =>
    reply.headers(SENSITIVE).send(await tenders.links(actorOf(request), request.params.id)),
  )
}
