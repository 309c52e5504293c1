import type { WebhookDelivery, WebhookDeliveryStatus, WebhookEndpoint } from '../db/database.js'

/** A webhook as read back: never its secret, which is shown once, when issued. */
export interface WebhookView {
  url: string
  createdAt: string
  updatedAt: string
}

/** A webhook as configured: the only answer that carries its secret. */
export type ConfiguredWebhookView = WebhookView & { secret: string }

export interface WebhookDeliveryView {
  id: string
  alertId: string
  event: string
  status: WebhookDeliveryStatus
  attempts: number
  lastStatusCode: number | null
  lastError: string | null
  lastAttemptAt: string | null
  deliveredAt: string | null
  createdAt: string
}

export function webhookView(row: WebhookEndpoint): WebhookView {
  return { url: row.url, createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString() }
}

export function configuredWebhookView(row: WebhookEndpoint): ConfiguredWebhookView {
  return { url: row.url, secret: row.secret, createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString() }
}

export function webhookDeliveryView(row: WebhookDelivery): WebhookDeliveryView {
  return {
    id: row.id,
    alertId: row.alert_id,
    event: row.event,
    status: row.status,
    attempts: row.attempts,
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    lastAttemptAt: row.last_attempt_at?.toISOString() ?? null,
    deliveredAt: row.delivered_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  }
}
