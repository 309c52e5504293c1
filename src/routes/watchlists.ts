import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from '@fastify/type-provider-zod'
import { z } from 'zod'
import { AppError } from '../errors.js'
import { actorOf } from './request-actor.js'
import { databaseInt, pageQuerySchema } from '../pagination.js'
import { safeMultilineText, safeText } from '../rules/schemas.js'
import type { Viewer, WatchlistUseCases } from '../register/watchlist-use-cases.js'

const createBody = z.strictObject({
  name: safeText({ max: 200 }),
  description: safeMultilineText({ min: 0, max: 2000 }).optional(),
})
const idParams = z.object({ id: safeText({ max: 100 }) })

// Register data is law-enforcement intelligence: marked, and never cached (docs/design.md §6).
const SENSITIVE = { 'x-protective-marking': 'OFFICIAL-SENSITIVE', 'cache-control': 'no-store' }

export async function watchlistRoutes(fastify: FastifyInstance, options: { uploadLimitBytes: number; watchlists: WatchlistUseCases }): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const { watchlists } = options
  const police = { roles: ['police'] } as const
  const readers = { roles: ['police', 'admin'] } as const
  const viewerOf = (request: FastifyRequest): Viewer => ({
    org: request.principal.org,
    isAdmin: request.principal.roles.includes('admin'),
    actor: actorOf(request),
  })

  app.post('/v1/watchlists', { config: police, schema: { body: createBody } }, async (request, reply) => {
    const watchlist = await watchlists.create(actorOf(request), request.body)
    return reply.code(201).header('location', `/v1/watchlists/${watchlist.id}`).send(watchlist)
  })

  app.get(
    '/v1/watchlists',
    { config: readers, schema: { querystring: z.strictObject({ orgId: safeText({ max: 100 }).optional(), ...pageQuerySchema }) } },
    async (request) => watchlists.list(viewerOf(request), request.query),
  )

  app.get('/v1/watchlists/:id', { config: readers, schema: { params: idParams } }, async (request) => watchlists.get(viewerOf(request), request.params.id))

  app.get('/v1/watchlists/:id/versions', { config: readers, schema: { params: idParams, querystring: z.strictObject(pageQuerySchema) } }, async (request) =>
    watchlists.versions(viewerOf(request), request.params.id, request.query),
  )

  // The full content, notes included, goes to the owning force only.
  app.get(
    '/v1/watchlists/:id/content',
    { config: police, schema: { params: idParams, querystring: z.strictObject({ version: z.coerce.number().pipe(databaseInt).optional() }) } },
    async (request, reply) => reply.headers(SENSITIVE).send(await watchlists.content(actorOf(request), request.params.id, request.query.version)),
  )

  app.get('/v1/watchlists/:id/hits', { config: police, schema: { params: idParams, querystring: z.strictObject(pageQuerySchema) } }, async (request) =>
    watchlists.hits(actorOf(request), request.params.id, request.query),
  )

  await app.register(async (uploads) => {
    // Uploads arrive as raw bytes so that the parsers can report encoding faults and bad rows
    // precisely, under their own, larger size limit.
    uploads.removeAllContentTypeParsers()
    const asBuffer = { parseAs: 'buffer' as const, bodyLimit: options.uploadLimitBytes }
    uploads.addContentTypeParser(['application/json', 'text/csv'], asBuffer, (_request, body, done) => done(null, body))

    uploads
      .withTypeProvider<ZodTypeProvider>()
      .put('/v1/watchlists/:id/content', { config: police, bodyLimit: options.uploadLimitBytes, schema: { params: idParams } }, async (request, reply) => {
        // Without a body (and so without a content type) no parser ran and there are no bytes.
        if (!Buffer.isBuffer(request.body)) throw new AppError('EMPTY_BODY', 'Send the watchlist as JSON or CSV')
        const format = (request.headers['content-type'] ?? '').toLowerCase().startsWith('text/csv') ? 'csv' : 'json'
        const result = await watchlists.upload({ actor: actorOf(request), watchlistId: request.params.id, format, body: request.body })
        return reply
          .code(result.created ? 201 : 200)
          .header('location', `/v1/watchlists/${result.version.watchlistId}/versions`)
          .send({ ...result.version, created: result.created })
      })
  })
}
