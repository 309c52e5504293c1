import type { Transaction } from 'kysely'
import type { Band, Database } from '../db/database.js'
import type { StoredMatch } from '../screening/screening-draft.js'

/** A match of the re-screen that raised an alert; `new` when the register change brought it. */
export type AlertMatch = StoredMatch & { new: boolean }

/** A group that an alert's new matches link to: the force (id and name, as shown) and its reference. */
export interface AlertGroup {
  forceOrgId: string
  force: string
  ref: string
}

// The alerts table's JSON columns hold these documents, so that reads need no cast.
declare module '../db/database.js' {
  interface JsonDocuments {
    alertMatches: AlertMatch[]
    alertGroups: AlertGroup[]
  }
}

/** An alert as just raised, for whoever is told of new alerts (webhooks). */
export interface RaisedAlert {
  id: string
  orgId: string
  screeningId: string
  reference: string | null
  band: Band
  riskScore: number
  previousBand: Band
  newMatchCount: number
  groups: readonly AlertGroup[]
  raisedAt: Date
}

/**
 * Told of alerts within the transaction that stores them, so that what it queues (a webhook
 * delivery) is stored with them or not at all.
 */
export type AlertsRaisedListener = (trx: Transaction<Database>, alerts: readonly RaisedAlert[]) => Promise<void>
