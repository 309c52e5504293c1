import { sql, type Kysely, type Transaction } from 'kysely'
import type { Insertable } from 'kysely'
import type { Alert, AlertTable, Database, Screening } from '../db/database.js'
import type { AlertGroup, AlertMatch } from './alert-documents.js'

/** A screening of record: the latest of one supplier of one authority. */
export type ScreeningOfRecord = Pick<Screening, 'id' | 'org_id' | 'supplier_key' | 'reference' | 'supplier' | 'band' | 'risk_score' | 'matches'>

/** Authorities whose agreements with the force are in force at `now`: the only ones a change of its lists can concern. */
export async function authoritiesSharingWith(db: Kysely<Database>, forceOrgId: string, now: Date): Promise<string[]> {
  const rows = await db
    .selectFrom('sharing_agreements')
    .select('authority_org_id')
    .distinct()
    .where('police_org_id', '=', forceOrgId)
    .where('revoked_at', 'is', null)
    .where('valid_from', '<=', now)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', now)]))
    .orderBy('authority_org_id')
    .execute()
  return rows.map((r) => r.authority_org_id)
}

/**
 * The next page of an authority's screenings of record screened since `since`, in supplier-key
 * order after `afterKey`: each supplier's latest screening, once.
 */
export async function screeningsOfRecord(
  db: Kysely<Database>,
  query: { orgId: string; since: Date; afterKey: string; limit: number },
): Promise<ScreeningOfRecord[]> {
  return db
    .selectFrom('screenings')
    .distinctOn('supplier_key')
    .select(['id', 'org_id', 'supplier_key', 'reference', 'supplier', 'band', 'risk_score', 'matches'])
    .where('org_id', '=', query.orgId)
    .where('screened_at', '>=', query.since)
    .where('supplier_key', '>', query.afterKey)
    .orderBy('supplier_key')
    .orderBy('screened_at', 'desc')
    .orderBy('id', 'desc')
    .limit(query.limit)
    .execute()
}

export interface MonitoringProgress {
  afterKey: string
  rescreened: number
  alerts: number
  done: boolean
}

export async function readProgress(db: Kysely<Database>, changeId: string, orgId: string): Promise<MonitoringProgress | undefined> {
  const row = await db.selectFrom('monitoring_progress').selectAll().where('change_id', '=', changeId).where('org_id', '=', orgId).executeTakeFirst()
  return row && { afterKey: row.after_key, rescreened: row.rescreened, alerts: row.alerts, done: row.done }
}

export async function saveProgress(trx: Transaction<Database>, changeId: string, orgId: string, progress: MonitoringProgress): Promise<void> {
  const row = { after_key: progress.afterKey, rescreened: progress.rescreened, alerts: progress.alerts, done: progress.done, updated_at: new Date() }
  await trx
    .insertInto('monitoring_progress')
    .values({ change_id: changeId, org_id: orgId, ...row })
    .onConflict((oc) => oc.columns(['change_id', 'org_id']).doUpdateSet(row))
    .execute()
}

/** Stores alerts; one already raised for the same screening and change is left as it is. Returns the ids stored now. */
export type NewAlert = Omit<Insertable<AlertTable>, 'matches' | 'groups'> & { id: string; matches: AlertMatch[]; groups: AlertGroup[] }

export async function storeAlerts(trx: Transaction<Database>, alerts: readonly NewAlert[]): Promise<Set<string>> {
  if (alerts.length === 0) return new Set()
  const rows = alerts.map((a) => ({ ...a, matches: JSON.stringify(a.matches), groups: JSON.stringify(a.groups) }))
  const stored = await trx
    .insertInto('alerts')
    .values(rows)
    .onConflict((oc) => oc.columns(['screening_id', 'change_id']).doNothing())
    .returning('id')
    .execute()
  return new Set(stored.map((r) => r.id))
}

/** Alerts still waiting for an officer whose groups include one of the force's. */
export async function pendingAlertsOfForce(db: Kysely<Database>, forceOrgId: string): Promise<Alert[]> {
  return db
    .selectFrom('alerts')
    .selectAll()
    .where('status', 'in', ['open', 'acknowledged'])
    .where(sql<boolean>`groups @> ${JSON.stringify([{ forceOrgId }])}::jsonb`)
    .execute()
}

export async function closeAlerts(trx: Transaction<Database>, ids: readonly string[], reason: string, at: Date): Promise<void> {
  if (ids.length === 0) return
  await trx
    .updateTable('alerts')
    .set({ status: 'closed', closed_at: at, closed_reason: reason })
    .where('id', 'in', ids)
    .where('status', 'in', ['open', 'acknowledged'])
    .execute()
}
