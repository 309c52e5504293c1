import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from '@fastify/type-provider-zod'
import { z } from 'zod'
import { setImmediate } from 'node:timers/promises'
import type { Transaction } from 'kysely'
import { recordAuditEvent, withAudit } from '../audit/audit-log.js'
import { actorOf } from '../audit/request-actor.js'
import { ConcurrentBatcher } from '../db/concurrent-batcher.js'
import type { Database, Screening } from '../db/database.js'
import { fieldPath, problemFor, type FieldError } from '../errors.js'
import { newId } from '../ids.js'
import { decodeCursor, pageQuerySchema, toPage } from '../pagination.js'
import { decisionView, recordDecision } from '../screening/decisions.js'
import { claimIdempotencyKeys, idempotencyKeyOf, requestHash, type ClaimOutcome, type KeyClaim, type StoredResponse } from '../screening/idempotency.js'
import { getScreening, listScreenings } from '../screening/screening-queries.js'
import {
  draftView,
  findSuppressions,
  screen,
  storedScreeningView,
  storeScreenings,
  type ScreeningActor,
  type ScreeningDraft,
  type SuppressionLookup,
  type SuppressionQuery,
} from '../screening/screening-service.js'
import { MAX_BATCH_ITEMS, screeningRequestSchema, type ScreeningRequest } from '../screening/supplier-schema.js'

// Suppliers of a batch matched between turns of the event loop (about 10 ms of matching).
const SUPPLIERS_PER_TURN = 25

/** Screenings of one request, with who screened. */
type StoredScreenings = { drafts: readonly ScreeningDraft[]; actor: ScreeningActor }

// Responses that carry register data are marked and never cached (docs/design.md §6).
const SENSITIVE = { 'x-protective-marking': 'OFFICIAL-SENSITIVE' }

const listQuery = z.strictObject({
  band: z.enum(['none', 'low', 'medium', 'high']).optional(),
  decision: z.enum(['cleared', 'referred', 'confirmed', 'none']).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  q: z.string().trim().min(1).max(200).optional(),
  ...pageQuerySchema,
})
const idParams = z.object({ id: z.string().max(100) })
const decisionBody = z.strictObject({
  outcome: z.enum(['cleared', 'referred', 'confirmed']),
  note: z.string().trim().max(2000).optional(),
})
const batchBody = z.strictObject({ items: z.array(z.unknown()).min(1).max(MAX_BATCH_ITEMS) })

export async function screeningRoutes(fastify: FastifyInstance, options: { idempotencyTtlHours: number }): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const screeners = { roles: ['screener', 'officer'] } as const
  const officers = { roles: ['officer'] } as const

  // Concurrent screenings share their round trips to the database (see ConcurrentBatcher).
  const suppressions = new ConcurrentBatcher((queries: readonly SuppressionQuery[]) => findSuppressions(app.db, queries), { maxBatch: 100, maxInFlight: 2 })
  const lookupSuppressions: SuppressionLookup = (query) => suppressions.submit(query)
  const writer = new ConcurrentBatcher(
    async (requests: readonly StoredScreenings[]) => {
      await storeScreenings(app.db, requests)
      return requests.map(() => undefined)
    },
    { maxBatch: 100, maxInFlight: 2 },
  )
  // With Idempotency-Keys: the keys of several requests are claimed, and the screenings of those
  // that hold theirs stored, in one transaction.
  const keyedWriter = new ConcurrentBatcher(
    (requests: readonly (StoredScreenings & { claim: KeyClaim; response: StoredResponse })[]) =>
      app.db.transaction().execute(async (trx) => {
        const outcomes = await claimIdempotencyKeys(trx, requests)
        await storeScreenings(
          trx,
          requests.filter((_, i) => outcomes[i]!.claimed),
        )
        return outcomes
      }),
    { maxBatch: 100, maxInFlight: 2 },
  )

  async function screenAll(request: FastifyRequest, items: ScreeningRequest[]): Promise<ScreeningDraft[]> {
    const snapshot = app.registerCache.snapshot ?? (await app.registerCache.refresh())
    const forces = await app.sharing.forcesFor(request.principal.org)
    const drafts: Promise<ScreeningDraft>[] = []
    for (const [i, item] of items.entries()) {
      // A large batch lets other requests in now and then rather than matching a thousand suppliers in one go.
      if (i > 0 && i % SUPPLIERS_PER_TURN === 0) await setImmediate()
      const draft = screen(lookupSuppressions, snapshot, { orgId: request.principal.org, request: item, allowedForces: forces })
      // Handled here so that a failure while this loop waits is not an unhandled rejection; Promise.all reports it.
      draft.catch(() => undefined)
      drafts.push(draft)
    }
    return Promise.all(drafts)
  }

  /**
   * Stores the screenings (or does the work) and answers. With an Idempotency-Key the key is
   * claimed, with the response, in the same transaction: a retry, or a request racing this one,
   * gets that response back and nothing is done twice. Screenings of concurrent requests share
   * their transactions (see ConcurrentBatcher); other work has a transaction of its own.
   */
  async function respondOnce(
    request: FastifyRequest,
    reply: FastifyReply,
    operation: { route: string; body: unknown; response: StoredResponse } & (
      { screenings: readonly ScreeningDraft[] } | { work: (trx: Transaction<Database>) => Promise<void> }
    ),
  ) {
    const key = idempotencyKeyOf(request.headers['idempotency-key'])
    const { route, body, response } = operation
    const claim = key && { orgId: request.principal.org, key, route, hash: requestHash(route, body), ttlHours: options.idempotencyTtlHours }
    let outcome: ClaimOutcome = { claimed: true }
    if ('screenings' in operation) {
      const stored = { drafts: operation.screenings, actor: actorOf(request) }
      if (claim) outcome = await keyedWriter.submit({ ...stored, claim, response })
      else await writer.submit(stored)
    } else if (claim) {
      outcome = await app.db.transaction().execute(async (trx) => {
        const [own] = await claimIdempotencyKeys(trx, [{ claim, response }])
        if (own!.claimed) await operation.work(trx)
        return own!
      })
    } else {
      await app.db.transaction().execute(operation.work)
    }
    if ('error' in outcome) throw outcome.error
    const result = outcome.claimed ? response : outcome.replay
    if (result.location) reply.header('location', result.location)
    if (!outcome.claimed) reply.header('idempotent-replayed', 'true')
    return reply.code(result.status).send(result.body)
  }

  app.post('/v1/screenings', { config: screeners, schema: { body: screeningRequestSchema } }, async (request, reply) => {
    const [draft] = await screenAll(request, [request.body])
    const response = { status: 201, body: draftView(draft!), location: `/v1/screenings/${draft!.id}` }
    return respondOnce(request, reply.headers(SENSITIVE), { route: 'screen', body: request.body, response, screenings: [draft!] })
  })

  app.post('/v1/screenings/batch', { config: screeners, schema: { body: batchBody } }, async (request, reply) => {
    const parsed = request.body.items.map((item) => screeningRequestSchema.safeParse(item))
    const valid = parsed.flatMap((p, index) => (p.success ? [{ index, item: p.data }] : []))
    const drafts = await screenAll(
      request,
      valid.map((v) => v.item),
    )
    const draftAt = new Map(valid.map((v, i) => [v.index, drafts[i]!]))
    const results = parsed.map((p, index) => {
      if (p.success) return { index, status: 201, screening: draftView(draftAt.get(index)!) }
      const errors: FieldError[] = p.error.issues.map((issue) => ({
        field: fieldPath(['items', index, ...issue.path]),
        code: issue.code,
        message: issue.message,
      }))
      return { index, status: 400, problem: problemFor('VALIDATION_FAILED', `Item ${index} is not valid`, { field: errors[0]?.field, errors }) }
    })
    const summary = { screened: drafts.length, failed: parsed.length - drafts.length }
    const response = { status: 200, body: { summary, results }, location: null }
    return respondOnce(request, reply.headers(SENSITIVE), { route: 'batch', body: request.body, response, screenings: drafts })
  })

  app.get('/v1/screenings', { config: screeners, schema: { querystring: listQuery } }, async (request, reply) => {
    const { limit, cursor, from, to, q, band, decision } = request.query
    const key = cursor ? decodeCursor(cursor, 2) : undefined
    const rows = await listScreenings(app.db, {
      orgId: request.principal.org,
      band,
      decision,
      q,
      from: from ? new Date(from) : undefined,
      to: to ? new Date(to) : undefined,
      before: key ? { screenedAt: new Date(String(key[0])), id: String(key[1]) } : undefined,
      limit: limit + 1,
    })
    const page = toPage(rows, limit, (r) => [r.screened_at.toISOString(), r.id], summaryView)
    await app.db.transaction().execute((trx) =>
      recordAuditEvent(trx, {
        ...actorOf(request),
        action: 'screening.list',
        targetType: 'screening',
        details: { count: page.items.length, band, decision, from, to, byName: q !== undefined },
      }),
    )
    return reply.headers(SENSITIVE).send(page)
  })

  app.get('/v1/screenings/:id', { config: screeners, schema: { params: idParams } }, async (request, reply) => {
    const { screening, decisions } = await withAudit(
      app.db,
      async (trx) => {
        const row = await getScreening(trx, request.params.id, request.principal.org)
        const history = await trx.selectFrom('decisions').selectAll().where('screening_id', '=', row.id).orderBy('decided_at').orderBy('id').execute()
        return { screening: row, decisions: history }
      },
      ({ screening }) => ({ ...actorOf(request), action: 'screening.read', targetType: 'screening', targetId: screening.id }),
    )
    return reply.headers(SENSITIVE).send({ ...storedScreeningView(screening), decision: latestDecision(screening), decisions: decisions.map(decisionView) })
  })

  app.post('/v1/screenings/:id/decisions', { config: officers, schema: { params: idParams, body: decisionBody } }, async (request, reply) => {
    // Id and time are fixed before the work, so that the response can be claimed with the key first.
    const decision = {
      id: newId('dec'),
      screening_id: request.params.id,
      org_id: request.principal.org,
      outcome: request.body.outcome,
      note: request.body.note ?? null,
      decided_by: request.principal.sub,
      decided_at: new Date(),
    }
    const response = { status: 201, body: decisionView(decision), location: `/v1/screenings/${decision.screening_id}` }
    return respondOnce(request, reply, {
      route: `decide ${decision.screening_id}`,
      body: request.body,
      response,
      work: async (trx) => {
        await recordDecision(trx, decision)
        const details = { decisionId: decision.id, outcome: decision.outcome }
        await recordAuditEvent(trx, { ...actorOf(request), action: 'screening.decide', targetType: 'screening', targetId: decision.screening_id, details })
      },
    })
  })
}

function latestDecision(row: Screening) {
  return row.decision ? { id: row.decision_id, outcome: row.decision, decidedAt: row.decided_at?.toISOString() ?? null } : null
}

function summaryView(row: Screening) {
  return {
    id: row.id,
    reference: row.reference,
    supplierName: row.supplier_name,
    riskScore: row.risk_score,
    band: row.band,
    registerVersion: row.register_version,
    matchCount: row.match_count,
    decision: latestDecision(row),
    screenedAt: row.screened_at.toISOString(),
  }
}
