import type { Kysely, Transaction } from 'kysely'
import { recordAuditEvent, withAudit, type Actor } from '../audit/audit-log.js'
import type { Config } from '../config.js'
import type { Database, WebhookDeliveryStatus } from '../db/database.js'
import { notFound } from '../errors.js'
import { newId } from '../ids.js'
import type { JobQueue, RetryPolicy } from '../jobs/job-queue.js'
import type { RaisedAlert } from '../monitoring/alert-documents.js'
import { cursorKeys, decodeCursor, toPage, type Page } from '../pagination.js'
import { alertRaisedPayload } from './webhook-payload.js'
import { postWebhook } from './post-webhook.js'
import { ADDRESS_NOT_ALLOWED } from './webhook-address-guard.js'
import { newWebhookSecret, webhookSignature } from './webhook-signature.js'
import {
  abandonPending,
  deleteEndpoint,
  getEndpoint,
  insertDeliveries,
  listDeliveries as listDeliveryRows,
  orgsWithEndpoints,
  recordAttempt,
  replaceSecret,
  saveEndpoint,
  startAttempt,
  type NewDelivery,
} from './webhook-store.js'
import { webhookUrl } from './webhook-url.js'
import {
  configuredWebhookView,
  webhookDeliveryView,
  webhookView,
  type ConfiguredWebhookView,
  type WebhookDeliveryView,
  type WebhookView,
} from './webhook-views.js'

export const WEBHOOK_DELIVER_QUEUE = 'webhook-deliver'

// A receiver that has not answered in 10 s is down or stuck; the next attempt is the better bet.
const DELIVERY_TIMEOUT_MS = 10_000
// Ten attempts' worth of time and a margin: an attempt that overran it is taken to have died.
const DELIVERY_EXPIRE_SECONDS = 60
// pg-boss retries a run that failed before an attempt was counted (the database briefly gone):
// a few spare retries let the count reach WEBHOOK_MAX_ATTEMPTS, which is what ends a delivery.
const SPARE_RETRIES = 3

/** Thrown by a failed attempt that will be retried, so that pg-boss schedules the retry. */
class WebhookAttemptFailed extends Error {
  override name = 'WebhookAttemptFailed'
}

export interface WebhookDeps {
  db: Kysely<Database>
  jobs: Pick<JobQueue, 'send'>
  settings: Config['webhooks']
  log: { info: (details: object, message: string) => void; warn: (details: object, message: string) => void }
  /** How long a receiver has to answer; tests of a silent receiver shorten it. */
  timeoutMs?: number
}

/**
 * An authority's webhook (docs/design.md §8): one signed POST per new alert to the address its
 * officers gave, retried with back-off through the job queue, every attempt in a delivery log
 * the authority can read. The alert's transaction stores its deliveries and queues their jobs,
 * so a delivery exists exactly when its alert does.
 */
export function webhookUseCases(deps: WebhookDeps) {
  const { db, jobs, settings, log } = deps
  const timeoutMs = deps.timeoutMs ?? DELIVERY_TIMEOUT_MS

  /** The job queue's policy for deliveries: first retry after the configured delay, doubling. */
  const deliveryPolicy: RetryPolicy = {
    retryLimit: settings.maxAttempts - 1 + SPARE_RETRIES,
    retryDelaySeconds: settings.retryDelaySeconds,
    expireInSeconds: DELIVERY_EXPIRE_SECONDS,
  }

  /** Creates or replaces the caller's webhook with a new secret, shown in this answer only. */
  async function configure(actor: Actor, input: { url: string }): Promise<ConfiguredWebhookView> {
    const url = webhookUrl(input.url, settings)
    const row = await withAudit(
      db,
      (trx) => saveEndpoint(trx, { orgId: actor.orgId, url, secret: newWebhookSecret(), createdBy: actor.actor, at: new Date() }),
      (saved) => ({
        ...actor,
        action: 'webhook.configure',
        targetType: 'webhook',
        targetId: actor.orgId,
        // Where alerts will be disclosed to, by origin: a path or query may hold the receiver's own token.
        details: { origin: new URL(saved.url).origin, replaced: saved.created_at.getTime() !== saved.updated_at.getTime() },
      }),
    )
    return configuredWebhookView(row)
  }

  /** Issues the caller's webhook a new secret, keeping its address; the old one stops signing at once. */
  async function rotateSecret(actor: Actor): Promise<ConfiguredWebhookView> {
    const row = await db.transaction().execute(async (trx) => {
      const updated = await replaceSecret(trx, actor.orgId, newWebhookSecret(), new Date())
      if (!updated) throw notFound('Webhook')
      await recordAuditEvent(trx, { ...actor, action: 'webhook.rotate_secret', targetType: 'webhook', targetId: actor.orgId })
      return updated
    })
    return configuredWebhookView(row)
  }

  async function read(actor: Actor): Promise<WebhookView> {
    const row = await getEndpoint(db, actor.orgId)
    if (!row) throw notFound('Webhook')
    return webhookView(row)
  }

  /** Removing twice is harmless, and audited once; deliveries still waiting are given up. */
  async function remove(actor: Actor): Promise<void> {
    await db.transaction().execute(async (trx) => {
      const removed = await deleteEndpoint(trx, actor.orgId)
      if (!removed) return
      const abandoned = await abandonPending(trx, actor.orgId, 'webhook_removed')
      await recordAuditEvent(trx, { ...actor, action: 'webhook.remove', targetType: 'webhook', targetId: actor.orgId, details: { abandoned } })
    })
  }

  /** The caller's delivery log, newest first. */
  async function listDeliveries(
    actor: Actor,
    query: { status?: WebhookDeliveryStatus | undefined; limit: number; cursor?: string | undefined },
  ): Promise<Page<WebhookDeliveryView>> {
    const key = query.cursor ? decodeCursor(query.cursor, cursorKeys.byTimeAndId) : undefined
    const rows = await listDeliveryRows(db, {
      orgId: actor.orgId,
      status: query.status,
      before: key ? { createdAt: new Date(key[0]), id: key[1] } : undefined,
      limit: query.limit + 1,
    })
    return toPage(rows, query.limit, (r) => [r.created_at.toISOString(), r.id], webhookDeliveryView)
  }

  /**
   * Told of new alerts inside the transaction that stores them: one delivery per alert of an
   * authority with a webhook, each queued in the same transaction, once (its id is the job's key).
   */
  async function alertsRaised(trx: Transaction<Database>, alerts: readonly RaisedAlert[]): Promise<void> {
    const withWebhook = await orgsWithEndpoints(trx, [...new Set(alerts.map((a) => a.orgId))])
    const at = new Date()
    const deliveries: NewDelivery[] = alerts
      .filter((alert) => withWebhook.has(alert.orgId))
      .map((alert) => {
        const id = newId('whd')
        return { id, orgId: alert.orgId, alertId: alert.id, payload: alertRaisedPayload(id, alert), at }
      })
    await insertDeliveries(trx, deliveries)
    for (const delivery of deliveries) await jobs.send(WEBHOOK_DELIVER_QUEUE, { deliveryId: delivery.id }, delivery.id, trx)
  }

  /**
   * One attempt of one delivery (the queue's handler), to the authority's webhook as it is now.
   * A failure that leaves attempts to spare throws, and pg-boss retries it after its back-off;
   * the last one, or an address refused as not public, marks the delivery failed. Neither the
   * secret nor the body is ever logged.
   */
  async function deliver(job: { deliveryId: string }): Promise<void> {
    const at = new Date()
    const delivery = await startAttempt(db, job.deliveryId, at)
    if (!delivery) return
    const context = { deliveryId: delivery.id, orgId: delivery.org_id, attempt: delivery.attempts }
    const endpoint = await getEndpoint(db, delivery.org_id)
    if (!endpoint) {
      await recordAttempt(db, delivery.id, { status: 'failed', statusCode: null, error: 'webhook_removed', deliveredAt: null })
      return
    }
    // The stored document serialises back to the very text first sent: JSON.stringify of what it parsed.
    const body = JSON.stringify(delivery.payload)
    const outcome = await postWebhook(endpoint.url, {
      body,
      timeoutMs,
      allowPrivateAddresses: settings.allowPrivateAddresses,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Bidscreen-Webhooks/1',
        'bidscreen-delivery': delivery.id,
        'bidscreen-signature': webhookSignature(endpoint.secret, body, at),
      },
    })
    if (outcome.delivered) {
      await recordAttempt(db, delivery.id, { status: 'delivered', statusCode: outcome.statusCode, error: null, deliveredAt: new Date() })
      log.info({ ...context, statusCode: outcome.statusCode }, 'webhook delivered')
      return
    }
    // A refused address is our policy, not the receiver's passing fault: retrying would only repeat
    // the lookup (a probe of internal names for whoever set it) and tell the officer later what is
    // true now, so that delivery fails at once and its log says why.
    const final = delivery.attempts >= settings.maxAttempts || outcome.error === ADDRESS_NOT_ALLOWED
    await recordAttempt(db, delivery.id, { status: final ? 'failed' : 'pending', statusCode: outcome.statusCode, error: outcome.error, deliveredAt: null })
    log.warn({ ...context, statusCode: outcome.statusCode, error: outcome.error, final }, final ? 'webhook delivery failed' : 'webhook attempt failed')
    if (!final) throw new WebhookAttemptFailed(`delivery ${delivery.id} attempt ${delivery.attempts}: ${outcome.error ?? `status ${outcome.statusCode}`}`)
  }

  return { configure, rotateSecret, read, remove, listDeliveries, alertsRaised, deliver, deliveryPolicy }
}

export type WebhookUseCases = ReturnType<typeof webhookUseCases>
