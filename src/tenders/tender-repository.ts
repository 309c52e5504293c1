import type { Kysely } from 'kysely'
import type { Database, Screening } from '../db/database.js'

/**
 * The bidders of one of the authority's tenders: the latest screening of each supplier (by
 * `supplier_key`) among those that name the tender, none older than `keptSince` (the retention
 * cut-off), oldest first. A supplier screened twice for one tender (a corrected bid) is one bidder.
 */
export async function tenderBidders(db: Kysely<Database>, orgId: string, tenderId: string, keptSince: Date): Promise<Screening[]> {
  const latest = db
    .selectFrom('screenings')
    .selectAll()
    .distinctOn('supplier_key')
    .where('org_id', '=', orgId)
    .where('tender_id', '=', tenderId)
    .where('screened_at', '>=', keptSince)
    .orderBy('supplier_key')
    .orderBy('screened_at', 'desc')
    .orderBy('id', 'desc')
    .as('latest')
  return db.selectFrom(latest).selectAll().orderBy('screened_at').orderBy('id').execute()
}

/**
 * How many distinct suppliers (by `supplier_key`) of the authority's screenings gave each of these
 * values, from the keys stored with each screening (an index lookup per value). A screening past
 * retention but not yet purged still counts: the answer is a count, and shows none of it.
 */
export async function countSuppliersGiving(db: Kysely<Database>, orgId: string, valueKeys: ReadonlySet<string>): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('supplier_values')
    .select(['value_key', (eb) => eb.fn.count<string>('supplier_key').distinct().as('suppliers')])
    .where('org_id', '=', orgId)
    .where('value_key', 'in', [...valueKeys])
    .groupBy('value_key')
    .execute()
  return new Map(rows.map((r) => [r.value_key, Number(r.suppliers)]))
}
