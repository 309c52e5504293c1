import type { Kysely } from 'kysely'
import { auditingDenial, recordAuditEvent } from '../audit/audit-log.js'
import type { Actor } from '../audit/audit-log.js'
import type { Database, DecisionOutcome } from '../db/database.js'
import { newId } from '../ids.js'
import { recordDecision } from './decision-repository.js'
import type { IdempotentOutcome, IdempotentWriter } from './idempotent-write.js'
import { decisionView } from './screening-views.js'

export interface DecisionInput {
  actor: Actor
  screeningId: string
  outcome: DecisionOutcome
  note: string | undefined
  idempotencyKey: string | string[] | undefined
}

/**
 * An officer's decision on a screening of their authority: recorded with its audit event, once
 * per Idempotency-Key; 201 with the decision. "Cleared" suppresses the screening's matches in
 * the authority's later screenings (see recordDecision).
 */
export async function decideScreening(db: Kysely<Database>, writer: IdempotentWriter, input: DecisionInput, keptSince: Date): Promise<IdempotentOutcome> {
  // Id and time are fixed before the work, so that the response can be claimed with the key first.
  const decision = {
    id: newId('dec'),
    screening_id: input.screeningId,
    org_id: input.actor.orgId,
    outcome: input.outcome,
    note: input.note ?? null,
    decided_by: input.actor.actor,
    decided_at: new Date(),
    alert_id: null,
  }
  const response = { status: 201, body: decisionView(decision), location: `/v1/screenings/${decision.screening_id}` }
  // As the request came (an absent note is left out of the JSON), so that a retry is recognised.
  const body = { outcome: input.outcome, note: input.note }
  // A decision on another authority's screening (or none) is a 404 and rolls back; the attempt is
  // audited apart from that transaction.
  const denied = { action: 'screening.decide_denied', targetType: 'screening', targetId: input.screeningId }
  return auditingDenial(db, input.actor, denied, () =>
    writer.run({ orgId: input.actor.orgId, idempotencyKey: input.idempotencyKey, route: `decide ${decision.screening_id}`, body, response }, async (trx) => {
      await recordDecision(trx, decision, { keptSince })
      const details = { decisionId: decision.id, outcome: decision.outcome }
      await recordAuditEvent(trx, { ...input.actor, action: 'screening.decide', targetType: 'screening', targetId: decision.screening_id, details })
    }),
  )
}
