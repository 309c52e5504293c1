import { sql, type Kysely } from 'kysely'
import type { Database, Screening } from '../db/database.js'
import type { Supplier } from '../matching/index.js'
import { PHONE_TAIL_DIGITS, type HistoryProbe } from './shared-value-history.js'

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
 * The suppliers of the authority's screenings (within retention) that may hold one of the
 * probed values: each distinct (supplier key, supplier as submitted). The filter is loose (a
 * postcode without spaces, a phone number's last digits, a domain anywhere in the website); the
 * caller keys each supplier exactly as the matcher does and counts.
 */
export async function suppliersHolding(
  db: Kysely<Database>,
  orgId: string,
  keptSince: Date,
  probe: HistoryProbe,
): Promise<{ supplierKey: string; supplier: Supplier }[]> {
  const list = (values: readonly string[]) => sql`(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`
  const { rows } = await sql<{ supplier_key: string; supplier: Supplier }>`
    select distinct s.supplier_key, s.supplier from screenings s
    where s.org_id = ${orgId} and s.screened_at >= ${keptSince} and (
      exists (select 1 from jsonb_array_elements(s.supplier->'addresses') a
        where upper(regexp_replace(coalesce(a->>'postcode', ''), '\\s', '', 'g')) in ${list(probe.postcodes)}
           or a->>'uprn' in ${list(probe.uprns)})
      or exists (select 1 from jsonb_array_elements_text(s.supplier->'phones') p
        where right(regexp_replace(p, '\\D', '', 'g'), ${PHONE_TAIL_DIGITS}) in ${list(probe.phoneTails)})
      or exists (select 1 from jsonb_array_elements_text(s.supplier->'emails') e
        where lower(split_part(e, '@', 2)) in ${list(probe.domains)})
      or exists (select 1 from jsonb_array_elements_text(${JSON.stringify(probe.domains)}::jsonb) d
        where strpos(lower(s.supplier->>'website'), d) > 0))`.execute(db)
  return rows.map((r) => ({ supplierKey: r.supplier_key, supplier: r.supplier }))
}
