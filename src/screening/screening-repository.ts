import { sql, type Kysely, type Transaction } from 'kysely'
import { auditRow } from '../audit/audit-log.js'
import type { Actor } from '../audit/audit-log.js'
import type { Band, Database, DecisionOutcome, Screening, ScreeningHitTable } from '../db/database.js'
import { notFound } from '../errors.js'
import { supplierValueKeys } from '../tenders/shared-value-history.js'
import { suppressionKey, type ScreeningDraft } from './screening-draft.js'

/** The submitted values of one screening whose cleared pairs the authority may have recorded. */
export interface SuppressionQuery {
  readonly orgId: string
  readonly valueKeys: readonly string[]
}

/** Screenings of one request, with who screened. */
export interface StoredScreenings {
  readonly drafts: readonly ScreeningDraft[]
  readonly actor: Actor
}

/** The suppressions of several screenings, of one or more authorities, in one query. */
export async function findSuppressions(db: Kysely<Database>, queries: readonly SuppressionQuery[]): Promise<Map<string, string>[]> {
  const rows = await db
    .selectFrom('suppressions')
    .select(['org_id', 'value_key', 'entity_fingerprint', 'decision_id'])
    .where('org_id', 'in', [...new Set(queries.map((q) => q.orgId))])
    .where('value_key', 'in', [...new Set(queries.flatMap((q) => q.valueKeys))])
    .execute()
  return queries.map((query) => {
    const wanted = new Set(query.valueKeys)
    const own = rows.filter((r) => r.org_id === query.orgId && wanted.has(r.value_key))
    return new Map(own.map((r) => [suppressionKey(r.value_key, r.entity_fingerprint), r.decision_id]))
  })
}

/**
 * Stores screenings, the force-side hit summaries and their audit events in one statement, so
 * that all are written or none, in one round trip to the database. Takes the screenings of one
 * request or, batched, of several requests. Rows travel as three JSON documents rather than as
 * a parameter per value: the statement stays the same size however many screenings and hits it
 * carries (PostgreSQL allows 65,535 parameters), and there is no query tree to build per row.
 */
export async function storeScreenings(db: Kysely<Database> | Transaction<Database>, requests: readonly StoredScreenings[]): Promise<void> {
  const items = requests.flatMap(({ drafts, actor }) => drafts.map((draft) => ({ draft, actor })))
  if (items.length === 0) return
  const screenings = items.map(({ draft, actor }) => ({
    id: draft.id,
    org_id: draft.orgId,
    reference: draft.request.reference ?? null,
    supplier_name: draft.request.supplier.name,
    tender: draft.request.tender ?? null,
    supplier: draft.request.supplier,
    register_version: draft.registerVersion,
    risk_score: draft.riskScore,
    band: draft.band,
    match_count: draft.matches.length,
    matches: draft.matches,
    screened_by: actor.actor,
    screened_at: draft.screenedAt,
  }))
  const hits = items.flatMap(({ draft }) => hitsOf(draft))
  // What each supplier gave, keyed as the matcher compares it: how many suppliers gave a value is then an index lookup.
  const values = items.flatMap(({ draft }) => [...supplierValueKeys(draft.request.supplier)].map((value_key) => ({ screening_id: draft.id, value_key })))
  const audits = items.map(({ draft, actor }) =>
    auditRow(
      {
        ...actor,
        action: 'screening.create',
        targetType: 'screening',
        targetId: draft.id,
        details: { band: draft.band, riskScore: draft.riskScore, matches: draft.matches.length, registerVersion: draft.registerVersion },
      },
      draft.screenedAt,
    ),
  )
  // Without hits or values the middle INSERTs select no rows, which is allowed.
  await sql`with stored_screenings as (
      insert into screenings (id, org_id, reference, supplier_name, supplier, tender, register_version, risk_score, band, match_count, matches, screened_by, screened_at)
      select id, org_id, reference, supplier_name, supplier, tender, register_version, risk_score, band, match_count, matches, screened_by, screened_at
      from json_to_recordset(${JSON.stringify(screenings)}::json) as r(id text, org_id text, reference text, supplier_name text, supplier jsonb, tender jsonb,
        register_version int, risk_score int, band text, match_count int, matches jsonb, screened_by text, screened_at timestamptz)
      returning id, org_id, supplier_key
    ), stored_values as (
      insert into supplier_values (screening_id, org_id, supplier_key, value_key)
      select s.id, s.org_id, s.supplier_key, v.value_key
      from json_to_recordset(${JSON.stringify(values)}::json) as v(screening_id text, value_key text) join stored_screenings s on s.id = v.screening_id
    ), stored_hits as (
      insert into screening_hits (screening_id, authority_org_id, police_org_id, group_ref, best_score, band, screened_at)
      select screening_id, authority_org_id, police_org_id, group_ref, best_score, band, screened_at
      from json_to_recordset(${JSON.stringify(hits)}::json) as r(screening_id text, authority_org_id text, police_org_id text, group_ref text,
        best_score real, band text, screened_at timestamptz)
    )
    insert into audit_events (at, actor, org_id, action, target_type, target_id, request_id, purpose, details)
    select at, actor, org_id, action, target_type, target_id, request_id, purpose, details::jsonb
    from json_to_recordset(${JSON.stringify(audits)}::json) as r(at timestamptz, actor text, org_id text, action text, target_type text,
      target_id text, request_id text, purpose text, details text)`.execute(db)
}

/** One hit per (force, group) that a counted match of the screening links to, with its best score. */
function hitsOf(draft: ScreeningDraft): ScreeningHitTable[] {
  const hits = new Map<string, ScreeningHitTable>()
  for (const m of draft.matches) {
    if (m.suppressed) continue
    const key = `${m.internal.forceOrgId}\n${m.group.ref}`
    const hit = hits.get(key)
    if (!hit || hit.best_score < m.score) {
      hits.set(key, {
        screening_id: draft.id,
        authority_org_id: draft.orgId,
        police_org_id: m.internal.forceOrgId,
        group_ref: m.group.ref,
        best_score: m.score,
        band: draft.band,
        screened_at: draft.screenedAt,
      })
    }
  }
  return [...hits.values()]
}

export interface ScreeningFilter {
  orgId: string
  /** The retention cut-off: older screenings are expired, shown to nobody while they await the purge. */
  keptSince: Date
  band?: Band | undefined
  /** `none`: no decision yet. */
  decision?: DecisionOutcome | 'none' | undefined
  from?: Date | undefined
  to?: Date | undefined
  /** Part of the supplier's name, any case. */
  q?: string | undefined
  /** The tender's id, exactly. */
  tender?: string | undefined
  /** Sort key of the last item of the previous page: newest first, id breaking ties. */
  before?: { screenedAt: Date; id: string } | undefined
  limit: number
}

export async function listScreenings(db: Kysely<Database>, filter: ScreeningFilter): Promise<Screening[]> {
  let query = db
    .selectFrom('screenings')
    .selectAll()
    .where('org_id', '=', filter.orgId)
    .where('screened_at', '>=', filter.keptSince)
    .orderBy('screened_at', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit)
  if (filter.band) query = query.where('band', '=', filter.band)
  if (filter.decision === 'none') query = query.where('decision', 'is', null)
  else if (filter.decision) query = query.where('decision', '=', filter.decision)
  if (filter.from) query = query.where('screened_at', '>=', filter.from)
  if (filter.to) query = query.where('screened_at', '<', filter.to)
  if (filter.tender) query = query.where('tender_id', '=', filter.tender)
  if (filter.q) query = query.where('supplier_name', 'ilike', `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
  const before = filter.before
  if (before) {
    query = query.where((eb) =>
      eb.or([eb('screened_at', '<', before.screenedAt), eb.and([eb('screened_at', '=', before.screenedAt), eb('id', '<', before.id)])]),
    )
  }
  return query.execute()
}

/**
 * One screening of the caller's authority; another authority's is "not found", as if absent, and
 * so is one older than the retention cut-off `keptSince` (expired, awaiting the purge).
 */
export async function getScreening(db: Kysely<Database>, id: string, orgId: string, keptSince: Date): Promise<Screening> {
  const row = await db
    .selectFrom('screenings')
    .selectAll()
    .where('id', '=', id)
    .where('org_id', '=', orgId)
    .where('screened_at', '>=', keptSince)
    .executeTakeFirst()
  if (!row) throw notFound('Screening')
  return row
}
