import type { FastifyRequest } from 'fastify'
import type { Actor } from '../audit/audit-log.js'
import { AppError } from '../errors.js'
import { refusedCharacter, refusedCharacterMessage } from '../rules/text.js'

const MAX_PURPOSE_LENGTH = 500

/** Who is acting, from the verified token, plus the request id and any stated purpose (`X-Purpose`). */
export function actorOf(request: FastifyRequest): Actor {
  return {
    actor: request.principal.sub,
    orgId: request.principal.org,
    requestId: request.id,
    purpose: purposeOf(request.headers['x-purpose']),
  }
}

// The purpose is free text kept in the audit trail, so it follows the one text rule. Node reads
// header bytes as Latin-1: UTF-8 sent there shows up as C1 controls, and is refused as such.
function purposeOf(header: string | string[] | undefined): string | null {
  const purpose = typeof header === 'string' ? header.trim() : ''
  if (!purpose) return null
  const refused = refusedCharacter(purpose)
  if (refused !== null) {
    const message = refusedCharacterMessage(refused)
    throw new AppError('VALIDATION_FAILED', `X-Purpose ${message}`, { field: 'X-Purpose', errors: [{ field: 'X-Purpose', code: 'invalid_text', message }] })
  }
  return purpose.slice(0, MAX_PURPOSE_LENGTH)
}
