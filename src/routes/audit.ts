import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from '@fastify/type-provider-zod'
import { z } from 'zod'
import { recordAuditEvent } from '../audit/audit-log.js'
import { actorOf } from '../audit/request-actor.js'
import type { AuditEvent } from '../db/database.js'

const MAX_EXPORT = 10_000

const exportQuery = z.strictObject({
  orgId: z.string().max(100).optional(),
  action: z.string().max(100).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  afterSeq: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_EXPORT).default(1000),
})

/** The audit log as NDJSON, oldest first, for administrators; continue with `afterSeq`. */
export async function auditRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  app.get('/v1/audit', { config: { roles: ['admin'] }, schema: { querystring: exportQuery } }, async (request, reply) => {
    const q = request.query
    let query = app.db.selectFrom('audit_events').selectAll().orderBy('seq').limit(q.limit)
    if (q.orgId) query = query.where('org_id', '=', q.orgId)
    if (q.action) query = query.where('action', '=', q.action)
    if (q.from) query = query.where('at', '>=', new Date(q.from))
    if (q.to) query = query.where('at', '<', new Date(q.to))
    if (q.afterSeq !== undefined) query = query.where('seq', '>', q.afterSeq)
    const events = await query.execute()
    await recordAuditEvent(app.db, { ...actorOf(request), action: 'audit.export', targetType: 'audit', details: { count: events.length } })
    const last = events[events.length - 1]
    if (last && events.length === q.limit) reply.header('x-next-after-seq', String(last.seq))
    return reply.type('application/x-ndjson').send(events.map((e) => JSON.stringify(eventView(e))).join('\n') + (events.length ? '\n' : ''))
  })
}

function eventView(e: AuditEvent) {
  return {
    seq: e.seq,
    chainSeq: e.chain_seq,
    at: e.at.toISOString(),
    actor: e.actor,
    orgId: e.org_id,
    action: e.action,
    targetType: e.target_type,
    targetId: e.target_id,
    requestId: e.request_id,
    purpose: e.purpose,
    details: e.details,
    prevHash: e.prev_hash,
    hash: e.hash,
  }
}
