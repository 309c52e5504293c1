import type { Band } from '../db/database.js'
import type { RaisedAlert } from '../monitoring/alert-documents.js'

/**
 * The body of an `alert.raised` delivery. It says that an alert exists and how serious it is,
 * never who the supplier is: the receiver reads the alert itself, with its own token, so that
 * personal data goes only to a caller the API has authenticated, and is audited there.
 */
export interface AlertRaisedPayload {
  type: 'alert.raised'
  deliveryId: string
  alert: {
    id: string
    screeningId: string
    reference: string | null
    band: Band
    riskScore: number
    previousBand: Band
    newMatchCount: number
    groups: { contributor: string; force: string; ref: string }[]
    raisedAt: string
    url: string
  }
}

// The delivery log's payload column holds this document (src/db/database.ts).
declare module '../db/database.js' {
  interface JsonDocuments {
    webhookPayload: AlertRaisedPayload
  }
}

export function alertRaisedPayload(deliveryId: string, alert: RaisedAlert): AlertRaisedPayload {
  return {
    type: 'alert.raised',
    deliveryId,
    alert: {
      id: alert.id,
      screeningId: alert.screeningId,
      reference: alert.reference,
      band: alert.band,
      riskScore: alert.riskScore,
      previousBand: alert.previousBand,
      newMatchCount: alert.newMatchCount,
      groups: alert.groups.map((g) => ({ contributor: g.force, force: g.force, ref: g.ref })),
      raisedAt: alert.raisedAt.toISOString(),
      url: `/v1/alerts/${encodeURIComponent(alert.id)}`,
    },
  }
}
