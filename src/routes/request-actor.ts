import type { FastifyRequest } from 'fastify'
import type { Actor } from '../audit/audit-log.js'

const MAX_PURPOSE_LENGTH = 500

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
