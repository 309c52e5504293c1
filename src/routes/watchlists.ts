import { Readable } from 'node:stream'
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
  // An upload takes as long as its size needs: no processing timeout (src/plugins/processing-timeout.ts).
  const uploaders = { ...police, processingTimeout: false } as const
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
    // precisely, under their own, larger size limit. A CSV is read as it arrives (a million rows
    // are never held whole); a JSON document is parsed in one block, so it comes as one buffer.
    uploads.removeAllContentTypeParsers()
    const asBuffer = { parseAs: 'buffer' as const, bodyLimit: options.uploadLimitBytes }
    uploads.addContentTypeParser('application/json', asBuffer, (_request, body, done) => done(null, body))
    uploads.addContentTypeParser('text/csv', (_request, stream, done) => done(null, stream))

    uploads
      .withTypeProvider<ZodTypeProvider>()
      .put('/v1/watchlists/:id/content', { config: uploaders, bodyLimit: options.uploadLimitBytes, schema: { params: idParams } }, async (request, reply) => {
        const body: unknown = request.body
        // Without a body (and so without a content type) no parser ran and there are no bytes.
        if (!Buffer.isBuffer(body) && !(body instanceof Readable)) throw new AppError('EMPTY_BODY', 'Send the watchlist as JSON or CSV')
        const format = Buffer.isBuffer(body) ? 'json' : 'csv'
        try {
          if (Number(request.headers['content-length'] ?? 0) > options.uploadLimitBytes) {
            throw new AppError('PAYLOAD_TOO_LARGE', `The upload is larger than ${options.uploadLimitBytes} bytes`)
          }
          const result = await watchlists.upload({
            actor: actorOf(request),
            watchlistId: request.params.id,
            format,
            body,
            limitBytes: options.uploadLimitBytes,
          })
          return await reply
            .code(result.created ? 201 : 200)
            .header('location', `/v1/watchlists/${result.version.watchlistId}/versions`)
            .send({ ...result.version, created: result.created })
        } finally {
          // Answered before the body was read to its end (refused, or stopped at a fatal CSV
          // error): the rest is read and dropped, so that the client, still sending, gets the
          // answer rather than a reset connection; the connection then closes.
          if (body instanceof Readable && !body.readableEnded) {
            reply.header('connection', 'close')
            body.resume()
          }
        }
      })
  })
}
