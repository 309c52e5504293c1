import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database, WebhookDelivery, WebhookDeliveryStatus, WebhookEndpoint } from '../db/database.js'
import type { AlertRaisedPayload } from './webhook-payload.js'

type Db = Kysely<Database> | Transaction<Database>

export async function getEndpoint(db: Db, orgId: string): Promise<WebhookEndpoint | undefined> {
  return db.selectFrom('webhook_endpoints').selectAll().where('org_id', '=', orgId).executeTakeFirst()
}

/** Creates the authority's webhook or replaces its address and secret; its creation time and creator stay. */
export async function saveEndpoint(trx: Db, endpoint: { orgId: string; url: string; secret: string; createdBy: string; at: Date }): Promise<WebhookEndpoint> {
  return trx
    .insertInto('webhook_endpoints')
    .values({
      org_id: endpoint.orgId,
      url: endpoint.url,
      secret: endpoint.secret,
      created_by: endpoint.createdBy,
      created_at: endpoint.at,
      updated_at: endpoint.at,
    })
    .onConflict((oc) => oc.column('org_id').doUpdateSet({ url: endpoint.url, secret: endpoint.secret, updated_at: endpoint.at }))
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function replaceSecret(trx: Db, orgId: string, secret: string, at: Date): Promise<WebhookEndpoint | undefined> {
  return trx.updateTable('webhook_endpoints').set({ secret, updated_at: at }).where('org_id', '=', orgId).returningAll().executeTakeFirst()
}

export async function deleteEndpoint(trx: Db, orgId: string): Promise<WebhookEndpoint | undefined> {
  return trx.deleteFrom('webhook_endpoints').where('org_id', '=', orgId).returningAll().executeTakeFirst()
}

/** Which of these organisations have a webhook. */
export async function orgsWithEndpoints(db: Db, orgIds: readonly string[]): Promise<Set<string>> {
  if (orgIds.length === 0) return new Set()
  const rows = await db.selectFrom('webhook_endpoints').select('org_id').where('org_id', 'in', orgIds).execute()
  return new Set(rows.map((r) => r.org_id))
}

export interface NewDelivery {
  id: string
  orgId: string
  alertId: string
  payload: AlertRaisedPayload
  at: Date
}

export async function insertDeliveries(trx: Db, deliveries: readonly NewDelivery[]): Promise<void> {
  if (deliveries.length === 0) return
  await trx
    .insertInto('webhook_deliveries')
    .values(
      deliveries.map((d) => ({
        id: d.id,
        org_id: d.orgId,
        alert_id: d.alertId,
        event: d.payload.type,
        payload: JSON.stringify(d.payload),
        status: 'pending' as const,
        created_at: d.at,
      })),
    )
    .execute()
}

/**
 * Counts an attempt before it is made, so that the count stays with pg-boss's even when the
 * process dies mid-attempt; undefined when the delivery is no longer pending (done, or given up).
 */
export async function startAttempt(db: Db, id: string, at: Date): Promise<WebhookDelivery | undefined> {
  return db
    .updateTable('webhook_deliveries')
    .set({ attempts: sql<number>`attempts + 1`, last_attempt_at: at })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .returningAll()
    .executeTakeFirst()
}

export async function recordAttempt(
  db: Db,
  id: string,
  outcome: { status: WebhookDeliveryStatus; statusCode: number | null; error: string | null; deliveredAt: Date | null },
): Promise<void> {
  let update = db
    .updateTable('webhook_deliveries')
    .set({ status: outcome.status, last_status_code: outcome.statusCode, last_error: outcome.error, delivered_at: outcome.deliveredAt })
    .where('id', '=', id)
  // A delivery given up meanwhile (its webhook removed) stays given up, unless this very attempt got through.
  if (outcome.status !== 'delivered') update = update.where('status', '=', 'pending')
  await update.execute()
}

/** Deliveries still waiting when their webhook goes are given up: there is nowhere left to send them. */
export async function abandonPending(trx: Db, orgId: string, reason: string): Promise<number> {
  const result = await trx
    .updateTable('webhook_deliveries')
    .set({ status: 'failed', last_error: reason })
    .where('org_id', '=', orgId)
    .where('status', '=', 'pending')
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

export async function listDeliveries(
  db: Db,
  query: { orgId: string; status?: WebhookDeliveryStatus | undefined; before?: { createdAt: Date; id: string } | undefined; limit: number },
): Promise<WebhookDelivery[]> {
  let select = db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('org_id', '=', query.orgId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(query.limit)
  if (query.status) select = select.where('status', '=', query.status)
  const before = query.before
  if (before) {
    select = select.where((eb) => eb.or([eb('created_at', '<', before.createdAt), eb.and([eb('created_at', '=', before.createdAt), eb('id', '<', before.id)])]))
  }
  return select.execute()
}
