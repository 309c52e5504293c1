import { sql, type Kysely, type Transaction } from 'kysely'
import type { AlertStatus, Band, Database } from '../db/database.js'
import { notFound } from '../errors.js'

export interface AlertFilter {
  orgId: string
  /** Alerts raised before `alerts`, or on screenings made before `screenings`, are past their retention periods. */
  keptSince: KeptSince
  status?: AlertStatus | undefined
  band?: Band | undefined
  /** A group's reference among the alert's new matches. */
  group?: string | undefined
  /** The screening's reference, as the caller gave it. */
  reference?: string | undefined
  from?: Date | undefined
  to?: Date | undefined
  /** Sort key of the last item of the previous page: newest first, id breaking ties. */
  before?: { raisedAt: Date; id: string } | undefined
  limit: number
}

export interface KeptSince {
  alerts: Date
  screenings: Date
}

function alertsWithScreenings(db: Kysely<Database> | Transaction<Database>) {
  return db
    .selectFrom('alerts as a')
    .innerJoin('screenings as s', 's.id', 'a.screening_id')
    .leftJoin('decisions as d', 'd.id', 'a.decision_id')
    .selectAll('a')
    .select([
      's.reference',
      's.supplier_name',
      's.screened_at',
      's.band as previous_band',
      's.risk_score as previous_risk_score',
      's.matches as previous_matches',
      'd.outcome as decision_outcome',
    ])
}

export type AlertRow = Awaited<ReturnType<ReturnType<typeof alertsWithScreenings>['executeTakeFirstOrThrow']>>

export async function listAlerts(db: Kysely<Database>, filter: AlertFilter): Promise<AlertRow[]> {
  let query = alertsWithScreenings(db)
    .where('a.org_id', '=', filter.orgId)
    .where('a.raised_at', '>=', filter.keptSince.alerts)
    .where('s.screened_at', '>=', filter.keptSince.screenings)
    .orderBy('a.raised_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(filter.limit)
  if (filter.status) query = query.where('a.status', '=', filter.status)
  if (filter.band) query = query.where('a.band', '=', filter.band)
  if (filter.group) query = query.where(sql<boolean>`a.groups @> ${JSON.stringify([{ ref: filter.group }])}::jsonb`)
  if (filter.reference) query = query.where('s.reference', '=', filter.reference)
  if (filter.from) query = query.where('a.raised_at', '>=', filter.from)
  if (filter.to) query = query.where('a.raised_at', '<', filter.to)
  const before = filter.before
  if (before) {
    query = query.where((eb) => eb.or([eb('a.raised_at', '<', before.raisedAt), eb.and([eb('a.raised_at', '=', before.raisedAt), eb('a.id', '<', before.id)])]))
  }
  return query.execute()
}

/** One alert of the caller's authority; another authority's, or one past retention, is "not found", as if absent. */
export async function getAlert(db: Kysely<Database> | Transaction<Database>, id: string, orgId: string, keptSince: KeptSince): Promise<AlertRow> {
  const row = await alertsWithScreenings(db)
    .where('a.id', '=', id)
    .where('a.org_id', '=', orgId)
    .where('a.raised_at', '>=', keptSince.alerts)
    .where('s.screened_at', '>=', keptSince.screenings)
    .executeTakeFirst()
  if (!row) throw notFound('Alert')
  return row
}

/** Locks the alert for a change of its status; not found as getAlert. */
export async function lockAlert(trx: Transaction<Database>, id: string, orgId: string, keptSince: KeptSince) {
  const row = await trx
    .selectFrom('alerts')
    .select(['id', 'screening_id', 'status', 'matches'])
    .where('id', '=', id)
    .where('org_id', '=', orgId)
    .where('raised_at', '>=', keptSince.alerts)
    .where('screening_id', 'in', (eb) => eb.selectFrom('screenings').select('id').where('screened_at', '>=', keptSince.screenings))
    .forUpdate()
    .executeTakeFirst()
  if (!row) throw notFound('Alert')
  return row
}

export async function markAcknowledged(trx: Transaction<Database>, id: string, by: string, at: Date): Promise<void> {
  await trx
    .updateTable('alerts')
    .set({ status: 'acknowledged', acknowledged_by: by, acknowledged_at: at })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .execute()
}

export async function markDecided(trx: Transaction<Database>, id: string, decisionId: string, at: Date): Promise<void> {
  await trx.updateTable('alerts').set({ status: 'decided', decision_id: decisionId, decided_at: at }).where('id', '=', id).execute()
}
