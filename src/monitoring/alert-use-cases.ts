import type { Kysely } from 'kysely'
import { auditingDenial, recordAuditEvent, withAudit } from '../audit/audit-log.js'
import type { Actor } from '../audit/audit-log.js'
import type { AlertStatus, Band, Database, DecisionOutcome } from '../db/database.js'
import { newId } from '../ids.js'
import { cursorKeys, decodeCursor, toPage, type Page } from '../pagination.js'
import { recordDecision } from '../screening/decision-repository.js'
import { IdempotentWriter, type IdempotentOutcome } from '../screening/idempotent-write.js'
import { decisionView } from '../screening/screening-views.js'
import { getAlert, listAlerts, lockAlert, markAcknowledged, markDecided } from './alert-repository.js'
import { alertDetailView, alertSummaryView, type AlertDetailView, type AlertSummaryView } from './alert-views.js'

export interface AlertListQuery {
  status?: AlertStatus | undefined
  band?: Band | undefined
  group?: string | undefined
  reference?: string | undefined
  /** ISO date-times, on the time the alert was raised. */
  from?: string | undefined
  to?: string | undefined
  limit: number
  cursor?: string | undefined
}

export interface AlertDeps {
  db: Kysely<Database>
  idempotencyTtlHours: number
  /**
   * The retention cut-offs now (ALERT_RETENTION_DAYS and SCREENING_RETENTION_DAYS before now): an
   * alert raised before the first, or on a screening made before the second, is never shown.
   */
  keptSince: () => { alerts: Date; screenings: Date }
}

/**
 * An authority's officers' view of its alerts: list, read, acknowledge, decide. Every read is
 * audited (an alert shows a supplier's name and register intelligence), as a screening's is.
 */
export function alertUseCases(deps: AlertDeps) {
  const { db } = deps
  const writer = new IdempotentWriter(db, deps.idempotencyTtlHours)

  async function list(actor: Actor, query: AlertListQuery): Promise<Page<AlertSummaryView>> {
    const { limit, cursor, from, to, status, band, group, reference } = query
    const key = cursor ? decodeCursor(cursor, cursorKeys.byTimeAndId) : undefined
    const rows = await listAlerts(db, {
      orgId: actor.orgId,
      keptSince: deps.keptSince(),
      status,
      band,
      group,
      reference,
      from: from ? new Date(from) : undefined,
      to: to ? new Date(to) : undefined,
      before: key ? { raisedAt: new Date(key[0]), id: key[1] } : undefined,
      limit: limit + 1,
    })
    const page = toPage(rows, limit, (r) => [r.raised_at.toISOString(), r.id], alertSummaryView)
    await recordAuditEvent(db, {
      ...actor,
      action: 'alert.list',
      targetType: 'alert',
      details: { count: page.items.length, status, band, from, to, byGroup: group !== undefined, byReference: reference !== undefined },
    })
    return page
  }

  async function read(actor: Actor, id: string): Promise<AlertDetailView> {
    const denied = { action: 'alert.read_denied', targetType: 'alert', targetId: id }
    const row = await auditingDenial(db, actor, denied, () =>
      withAudit(
        db,
        (trx) => getAlert(trx, id, actor.orgId, deps.keptSince()),
        (alert) => ({ ...actor, action: 'alert.read', targetType: 'alert', targetId: alert.id }),
      ),
    )
    return alertDetailView(row)
  }

  /** Marks an open alert as seen; acknowledging again changes nothing. Answers with the alert as it now stands. */
  async function acknowledge(actor: Actor, id: string): Promise<AlertSummaryView> {
    const denied = { action: 'alert.acknowledge_denied', targetType: 'alert', targetId: id }
    const row = await auditingDenial(db, actor, denied, () =>
      db.transaction().execute(async (trx) => {
        const alert = await lockAlert(trx, id, actor.orgId, deps.keptSince())
        if (alert.status === 'open') {
          await markAcknowledged(trx, alert.id, actor.actor, new Date())
          await recordAuditEvent(trx, { ...actor, action: 'alert.acknowledge', targetType: 'alert', targetId: alert.id })
        }
        return getAlert(trx, alert.id, actor.orgId, deps.keptSince())
      }),
    )
    return alertSummaryView(row)
  }

  /**
   * An officer's decision on an alert: recorded in its screening's decision history (naming the
   * alert), once per Idempotency-Key; 201 with the decision. "Cleared" suppresses the alert's
   * matches in the authority's later screenings and alerts, as a decision on a screening does.
   */
  async function decide(input: {
    actor: Actor
    alertId: string
    outcome: DecisionOutcome
    note: string | undefined
    idempotencyKey: string | string[] | undefined
  }): Promise<IdempotentOutcome> {
    const { actor } = input
    const denied = { action: 'alert.decide_denied', targetType: 'alert', targetId: input.alertId }
    return auditingDenial(db, actor, denied, async () => {
      // Id, time and screening are fixed before the work, so that the response can be claimed with the key first.
      const alert = await getAlert(db, input.alertId, actor.orgId, deps.keptSince())
      const decision = {
        id: newId('dec'),
        screening_id: alert.screening_id,
        org_id: actor.orgId,
        outcome: input.outcome,
        note: input.note ?? null,
        decided_by: actor.actor,
        decided_at: new Date(),
        alert_id: alert.id,
      }
      const response = { status: 201, body: decisionView(decision), location: `/v1/alerts/${alert.id}` }
      const body = { outcome: input.outcome, note: input.note }
      return writer.run({ orgId: actor.orgId, idempotencyKey: input.idempotencyKey, route: `alert-decide ${alert.id}`, body, response }, async (trx) => {
        const locked = await lockAlert(trx, alert.id, actor.orgId, deps.keptSince())
        await recordDecision(trx, decision, { clearing: locked.matches, keptSince: deps.keptSince().screenings })
        await markDecided(trx, locked.id, decision.id, decision.decided_at)
        const details = { decisionId: decision.id, outcome: decision.outcome, screeningId: locked.screening_id }
        await recordAuditEvent(trx, { ...actor, action: 'alert.decide', targetType: 'alert', targetId: locked.id, details })
      })
    })
  }

  return { list, read, acknowledge, decide }
}

export type AlertUseCases = ReturnType<typeof alertUseCases>
