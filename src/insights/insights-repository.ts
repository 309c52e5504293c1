import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { Database } from '../db/database.js'

export type InsightDimension = 'month' | 'cpvDivision' | 'region' | 'group' | 'authority'

/** The counts of one value of one dimension (or of everything, dimension `total`). */
export interface InsightCountRow {
  dimension: InsightDimension | 'total'
  /** A month `YYYY-MM`, a CPV division, a region, a group's reference, an authority's id; `unknown` or `none` when absent. */
  value: string
  /** A group's force or an authority, by name. */
  label: string | null
  screenings: number
  medium_or_high: number
  confirmed: number
}

export interface InsightPeriod {
  from: Date
  to: Date
}

// Each screening's facts (id, month, medium_or_high, confirmed, tender) are keyed by every
// dimension at once and counted in one pass; `count(distinct id)` counts a screening once per
// value even where it names a division twice or hits a group through several matches.
const MONTH = sql`to_char(f.screened_at at time zone 'UTC', 'YYYY-MM')`
const REGION = sql`coalesce(nullif(btrim(f.tender->>'region'), ''), 'unknown')`
// A CPV code's division is its first two digits; no codes, one row `unknown`.
const CPV_DIVISIONS = sql`lateral (
    select distinct left(c.code, 2) as division from jsonb_array_elements_text(coalesce(f.tender->'cpvCodes', '[]'::jsonb)) as c(code)
    union all
    select 'unknown' where jsonb_array_length(coalesce(f.tender->'cpvCodes', '[]'::jsonb)) = 0
  ) as d`

/**
 * The authority's own screenings in the period, counted by month, CPV division, region and group
 * (the groups of its counted matches, with their force's name; `none` for a screening without).
 */
export async function authorityInsightCounts(db: Kysely<Database>, orgId: string, period: InsightPeriod, keptSince: Date): Promise<InsightCountRow[]> {
  const facts = sql`select s.id, s.screened_at, s.band in ('medium', 'high') as medium_or_high, s.decision = 'confirmed' as confirmed, s.tender, s.matches
    from screenings s
    where s.org_id = ${orgId} and s.screened_at >= ${period.from} and s.screened_at < ${period.to} and s.screened_at >= ${keptSince}`
  const groups = sql`
    select 'group' as dimension, g.ref as value, coalesce(o.name, g.force_name) as label, g.force_id as scope, f.id, f.medium_or_high, f.confirmed
    from facts f
    cross join lateral (
      select distinct m->'group'->>'ref' as ref, m->'internal'->>'forceOrgId' as force_id, m->'group'->>'force' as force_name
      from jsonb_array_elements(f.matches) as m
      where m->'suppressed' is null
    ) as g
    left join organisations o on o.id = g.force_id
    union all
    select 'group', 'none', null, null, f.id, f.medium_or_high, f.confirmed
    from facts f
    where not exists (select 1 from jsonb_array_elements(f.matches) as m where m->'suppressed' is null)`
  return countByDimension(db, facts, groups)
}

/**
 * Screenings that hit the force's own groups in the period, by authorities that share with it
 * (an agreement not revoked), counted by authority, month, group, CPV division and region. Only
 * the screening's band, latest decision and tender are read: nothing of the supplier.
 */
export async function forceInsightCounts(db: Kysely<Database>, forceOrgId: string, period: InsightPeriod, keptSince: Date): Promise<InsightCountRow[]> {
  const hits = sql`select h.screening_id, h.authority_org_id, h.group_ref
    from screening_hits h
    where h.police_org_id = ${forceOrgId} and h.screened_at >= ${period.from} and h.screened_at < ${period.to} and h.screened_at >= ${keptSince}
      and exists (select 1 from sharing_agreements a
        where a.police_org_id = h.police_org_id and a.authority_org_id = h.authority_org_id and a.revoked_at is null)`
  const facts = sql`select s.id, s.org_id, s.screened_at, s.band in ('medium', 'high') as medium_or_high, s.decision = 'confirmed' as confirmed, s.tender
    from screenings s
    where s.id in (select screening_id from hits)`
  const more = sql`
    select 'authority' as dimension, f.org_id as value, o.name as label, null as scope, f.id, f.medium_or_high, f.confirmed
    from facts f join organisations o on o.id = f.org_id
    union all
    select 'group', h.group_ref, null, null, f.id, f.medium_or_high, f.confirmed
    from facts f join hits h on h.screening_id = f.id`
  return countByDimension(db, facts, more, sql`hits as (${hits}),`)
}

async function countByDimension(db: Kysely<Database>, facts: RawBuilder<unknown>, more: RawBuilder<unknown>, before = sql``): Promise<InsightCountRow[]> {
  const result = await sql<InsightCountRow>`
    with ${before} facts as (${facts}),
    keyed as (
      select 'total' as dimension, 'all' as value, null as label, null as scope, f.id, f.medium_or_high, f.confirmed from facts f
      union all
      select 'month', ${MONTH}, null, null, f.id, f.medium_or_high, f.confirmed from facts f
      union all
      select 'region', ${REGION}, null, null, f.id, f.medium_or_high, f.confirmed from facts f
      union all
      select 'cpvDivision', d.division, null, null, f.id, f.medium_or_high, f.confirmed from facts f cross join ${CPV_DIVISIONS}
      union all
      ${more}
    )
    select dimension, value, max(label) as label,
      count(distinct id)::int as screenings,
      count(distinct id) filter (where medium_or_high)::int as medium_or_high,
      count(distinct id) filter (where confirmed)::int as confirmed
    from keyed
    group by dimension, value, scope
    order by dimension, value, max(label)`.execute(db)
  return result.rows
}
