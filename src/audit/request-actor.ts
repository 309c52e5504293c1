import type { FastifyRequest } from 'fastify'
import type { AuditEntry } from './audit-log.js'

const MAX_PURPOSE_LENGTH = 500

/** Who acts in a use case: recorded on what it writes and on its audit events. */
export type Actor = Pick<AuditEntry, 'actor' | 'orgId' | 'requestId' | 'purpose'>

/** Who is acting, from the verified token, plus the request id and any stated purpose (`X-Purpose`). */
export function actorOf(request: FastifyRequest): Actor {
  const purpose = request.headers['x-purpose']
  return {
    actor: request.principal.sub,
    orgId: request.principal.org,
    requestId: request.id,
    purpose: typeof purpose === 'string' && purpose.trim() ? purpose.trim().slice(0, MAX_PURPOSE_LENGTH) : null,
  }
}
