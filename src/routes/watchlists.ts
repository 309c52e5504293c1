import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from '@fastify/type-provider-zod'
import { z } from 'zod'
import { recordAuditEvent, withAudit } from '../audit/audit-log.js'
import { actorOf } from '../audit/request-actor.js'
import type { Watchlist, WatchlistVersion } from '../db/database.js'
import { AppError } from '../errors.js'
import { decodeCursor, pageQuerySchema, toPage } from '../pagination.js'
import { parseCsvWatchlist } from '../register/parse-csv-watchlist.js'
import { registerParts } from '../register/register-loader.js'
import { parseJsonWatchlist } from '../register/parse-json-watchlist.js'
import { MAX_REPORTED_ERRORS, type RowError } from '../register/watchlist-content.js'
import {
  contentSha256,
  createWatchlist,
  currentVersionOf,
  listHits,
  listVersions,
  listWatchlists,
  readContent,
  replaceContent,
  visibleWatchlist,
} from '../register/watchlist-store.js'

const createBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().max(2000).optional(),
})
const idParams = z.object({ id: z.string().max(100) })

// Register data is law-enforcement intelligence: marked, and never cached (docs/design.md §6).
const SENSITIVE = { 'x-protective-marking': 'OFFICIAL-SENSITIVE', 'cache-control': 'no-store' }

export async function watchlistRoutes(fastify: FastifyInstance, options: { uploadLimitBytes: number }): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const police = { roles: ['police'] } as const
  const readers = { roles: ['police', 'admin'] } as const
  const viewerOf = (request: FastifyRequest) => ({ org: request.principal.org, isAdmin: request.principal.roles.includes('admin') })

  app.post('/v1/watchlists', { config: police, schema: { body: createBody } }, async (request, reply) => {
    const row = await withAudit(
      app.db,
      (trx) =>
        createWatchlist(trx, {
          orgId: request.principal.org,
          name: request.body.name,
          description: request.body.description,
          createdBy: request.principal.sub,
        }),
      (w) => ({ ...actorOf(request), action: 'watchlist.create', targetType: 'watchlist', targetId: w.id }),
    )
    return reply.code(201).header('location', `/v1/watchlists/${row.id}`).send(watchlistView(row, undefined))
  })

  app.get(
    '/v1/watchlists',
    { config: readers, schema: { querystring: z.strictObject({ orgId: z.string().max(100).optional(), ...pageQuerySchema }) } },
    async (request) => {
      const { limit, cursor, orgId } = request.query
      const viewer = viewerOf(request)
      const after = cursor ? String(decodeCursor(cursor, 1)[0]) : undefined
      const rows = await listWatchlists(app.db, { orgId: viewer.isAdmin ? orgId : viewer.org, after, limit: limit + 1 })
      const page = toPage(
        rows,
        limit,
        (r) => [r.id],
        (r) => r,
      )
      const items = await Promise.all(page.items.map(async (w) => watchlistView(w, await currentVersionOf(app.db, w))))
      return { items, nextCursor: page.nextCursor }
    },
  )

  app.get('/v1/watchlists/:id', { config: readers, schema: { params: idParams } }, async (request) => {
    const watchlist = await visibleWatchlist(app.db, request.params.id, viewerOf(request))
    return watchlistView(watchlist, await currentVersionOf(app.db, watchlist))
  })

  app.get('/v1/watchlists/:id/versions', { config: readers, schema: { params: idParams, querystring: z.strictObject(pageQuerySchema) } }, async (request) => {
    const watchlist = await visibleWatchlist(app.db, request.params.id, viewerOf(request))
    const { limit, cursor } = request.query
    const before = cursor ? Number(decodeCursor(cursor, 1)[0]) : undefined
    const rows = await listVersions(app.db, watchlist.id, { before, limit: limit + 1 })
    return toPage(rows, limit, (r) => [r.version], versionView)
  })

  // The full content, notes included, goes to the owning force only.
  app.get(
    '/v1/watchlists/:id/content',
    { config: police, schema: { params: idParams, querystring: z.strictObject({ version: z.coerce.number().int().min(1).optional() }) } },
    async (request, reply) => {
      const watchlist = await visibleWatchlist(app.db, request.params.id, { org: request.principal.org, isAdmin: false })
      const version = request.query.version ?? watchlist.current_version
      const exists = version !== null && (await listVersions(app.db, watchlist.id, { before: version + 1, limit: 1 }))[0]?.version === version
      if (!exists) throw new AppError('NOT_FOUND', version === null ? 'Nothing has been uploaded to this watchlist yet' : 'No such version of this watchlist')
      const content = await withAudit(
        app.db,
        (trx) => readContent(trx, watchlist.id, version),
        () => ({ ...actorOf(request), action: 'watchlist.read_content', targetType: 'watchlist', targetId: watchlist.id, details: { version } }),
      )
      return reply.headers(SENSITIVE).send({ watchlistId: watchlist.id, version, ...content })
    },
  )

  app.get('/v1/watchlists/:id/hits', { config: police, schema: { params: idParams, querystring: z.strictObject(pageQuerySchema) } }, async (request) => {
    const watchlist = await visibleWatchlist(app.db, request.params.id, { org: request.principal.org, isAdmin: false })
    const { limit, cursor } = request.query
    const key = cursor ? decodeCursor(cursor, 2) : undefined
    const rows = await listHits(app.db, watchlist, {
      before: key ? { screenedAt: new Date(String(key[0])), screeningId: String(key[1]) } : undefined,
      limit: limit + 1,
    })
    return toPage(
      rows,
      limit,
      (r) => [r.screened_at.toISOString(), r.screening_id],
      (r) => ({
        screeningId: r.screening_id,
        authority: { id: r.authority_org_id, name: r.authority_name },
        groupRef: r.group_ref,
        bestScore: r.best_score,
        band: r.band,
        screenedAt: r.screened_at.toISOString(),
      }),
    )
  })

  await app.register(async (uploads) => {
    // Uploads arrive as raw bytes so that the parsers can report encoding faults and bad rows
    // precisely, under their own, larger size limit.
    uploads.removeAllContentTypeParsers()
    const asBuffer = { parseAs: 'buffer' as const, bodyLimit: options.uploadLimitBytes }
    uploads.addContentTypeParser(['application/json', 'text/csv'], asBuffer, (_request, body, done) => done(null, body))

    uploads
      .withTypeProvider<ZodTypeProvider>()
      .put('/v1/watchlists/:id/content', { config: police, bodyLimit: options.uploadLimitBytes, schema: { params: idParams } }, async (request, reply) => {
        const watchlist = await visibleWatchlist(app.db, request.params.id, { org: request.principal.org, isAdmin: false })
        const body = request.body as Buffer
        const format = (request.headers['content-type'] ?? '').toLowerCase().startsWith('text/csv') ? 'csv' : 'json'
        const parsed = format === 'csv' ? await parseCsvWatchlist(body) : await parseJsonWatchlist(body)
        const audit = { ...actorOf(request), targetType: 'watchlist', targetId: watchlist.id }
        if (!parsed.ok) {
          await app.db
            .transaction()
            .execute((trx) =>
              recordAuditEvent(trx, { ...audit, action: 'watchlist.upload_rejected', details: { format, bytes: body.length, errors: parsed.totalErrors } }),
            )
          throw new AppError('UNPROCESSABLE_CONTENT', `The upload has ${parsed.totalErrors} error${parsed.totalErrors === 1 ? '' : 's'}; nothing was changed`, {
            errors: parsed.errors.map(rowErrorView),
            extensions: { totalErrors: parsed.totalErrors, reportedErrors: parsed.errors.length, maxReportedErrors: MAX_REPORTED_ERRORS },
          })
        }
        const sha256 = contentSha256(body)
        const result = await app.db.transaction().execute(async (trx) => {
          const replaced = await replaceContent(trx, {
            watchlist,
            content: parsed.content,
            counts: parsed.counts,
            format,
            sha256,
            uploadedBy: request.principal.sub,
          })
          await recordAuditEvent(trx, {
            ...audit,
            action: replaced.created ? 'watchlist.upload' : 'watchlist.upload_unchanged',
            details: { format, bytes: body.length, version: replaced.version.version, registerVersion: replaced.version.register_version, ...parsed.counts },
          })
          return replaced
        })
        // Live in this process before the force is told it is; other processes hear the NOTIFY.
        if (result.created) {
          const part = registerParts(result.inserted.groups, result.inserted.entities).get(watchlist.id)
          await app.registerCache.applyUpload(
            watchlist.id,
            watchlist.org_id,
            result.version.register_version,
            part ?? { groups: [], entities: [], fingerprints: new Map() },
          )
        }
        return reply
          .code(result.created ? 201 : 200)
          .header('location', `/v1/watchlists/${watchlist.id}/versions`)
          .send({ ...versionView(result.version), created: result.created })
      })
  })
}

function rowErrorView(error: RowError) {
  return {
    ...(error.row !== undefined ? { row: error.row } : {}),
    ...(error.path !== undefined ? { field: error.path } : {}),
    ...(error.column !== undefined ? { column: error.column } : {}),
    code: error.code,
    message: error.message,
  }
}

function versionView(row: WatchlistVersion) {
  return {
    watchlistId: row.watchlist_id,
    version: row.version,
    registerVersion: row.register_version,
    format: row.format,
    sha256: row.content_sha256,
    counts: { groups: row.group_count, entities: row.entity_count, byType: row.counts_by_type },
    uploadedBy: row.uploaded_by,
    uploadedAt: row.uploaded_at.toISOString(),
  }
}

function watchlistView(row: Watchlist, current: WatchlistVersion | undefined) {
  return {
    id: row.id,
    orgId: row.org_id,
    name: row.name,
    description: row.description,
    currentVersion: current ? versionView(current) : null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  }
}
