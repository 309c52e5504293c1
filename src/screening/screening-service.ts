import { sql, type Kysely, type Transaction } from 'kysely'
import { auditRow, type AuditEntry } from '../audit/audit-log.js'
import type { Band, Database, Screening, ScreeningHitTable } from '../db/database.js'
import { AppError } from '../errors.js'
import { newId } from '../ids.js'
import { aggregateRisk, MatchingInputError, screenSupplier, type Match, type Reason } from '../matching/index.js'
import type { RegisterSnapshot } from '../register/register-cache.js'
import type { ScreeningRequest, SubmittedSupplier } from './supplier-schema.js'
import { suppressionValueKey } from './suppression-key.js'

/** A match as returned to the authority: the group's reference and handling, never its notes. */
export interface MatchView {
  group: { ref: string; force: string; riskLevel: 'low' | 'medium' | 'high'; handling: string }
  entity: { id: string; kind: string; name: string }
  field: string
  score: number
  reasons: Reason[]
  /** Present when an earlier "cleared" decision of this authority covers the pair; it does not count. */
  suppressed?: { decisionId: string }
}

/** What is stored per match: the view plus what a later decision needs to suppress the pair. */
export interface StoredMatch extends MatchView {
  internal: { valueKey: string; fingerprint: string; forceOrgId: string }
}

export interface ScreeningView {
  id: string
  reference: string | null
  riskScore: number
  band: Band
  registerVersion: number
  matches: MatchView[]
  screenedAt: string
}

/** One screened supplier, ready to store. */
export interface ScreeningDraft {
  id: string
  orgId: string
  request: ScreeningRequest
  registerVersion: number
  riskScore: number
  band: Band
  matches: StoredMatch[]
  screenedAt: Date
}

/**
 * Matches the supplier against the groups of the forces that share with the authority, then
 * applies the authority's suppressions. Pure apart from the one suppression lookup.
 */
export async function screen(
  lookup: SuppressionLookup,
  snapshot: RegisterSnapshot,
  input: { orgId: string; request: ScreeningRequest; allowedForces: ReadonlySet<string> },
): Promise<ScreeningDraft> {
  let found: Match[]
  try {
    found = input.allowedForces.size === 0 ? [] : screenSupplier(snapshot.compiled, input.request.supplier, { allowedOwners: input.allowedForces }).matches
  } catch (error) {
    if (error instanceof MatchingInputError) {
      throw new AppError('VALIDATION_FAILED', 'The supplier could not be screened as given', {
        errors: [{ field: 'supplier', code: 'unscreenable', message: error.message }],
      })
    }
    throw error
  }
  const keyed = found.map((match) => ({ match, valueKey: suppressionValueKey(match), fingerprint: snapshot.fingerprints.get(match.entity.id) ?? '' }))
  const suppressions =
    keyed.length === 0 ? new Map<string, string>() : await lookup({ orgId: input.orgId, valueKeys: [...new Set(keyed.map((k) => k.valueKey))] })
  const counted = keyed.filter((k) => !suppressions.has(`${k.valueKey}\n${k.fingerprint}`)).map((k) => k.match)
  const { riskScore, band } = aggregateRisk(snapshot.compiled, counted)
  const matches = keyed.map(({ match, valueKey, fingerprint }): StoredMatch => {
    const group = snapshot.compiled.groups.get(match.groupId)!
    const decisionId = suppressions.get(`${valueKey}\n${fingerprint}`)
    return {
      group: { ref: group.ref, force: snapshot.forceNames.get(group.ownerOrgId) ?? group.ownerOrgId, riskLevel: group.riskLevel, handling: group.handling },
      entity: match.entity,
      field: match.field,
      score: match.score,
      reasons: match.reasons,
      ...(decisionId ? { suppressed: { decisionId } } : {}),
      internal: { valueKey, fingerprint, forceOrgId: group.ownerOrgId },
    }
  })
  return { id: newId('scr'), orgId: input.orgId, request: input.request, registerVersion: snapshot.version, riskScore, band, matches, screenedAt: new Date() }
}

/** The submitted values of one screening whose cleared pairs the authority may have recorded. */
export interface SuppressionQuery {
  readonly orgId: string
  readonly valueKeys: readonly string[]
}

/** An authority's suppressions among some submitted values: "valueKey\nfingerprint" → decision id. */
export type SuppressionLookup = (query: SuppressionQuery) => Promise<Map<string, string>>

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
    return new Map(own.map((r) => [`${r.value_key}\n${r.entity_fingerprint}`, r.decision_id]))
  })
}

/** Who screened: recorded on each screening and its audit event. */
export type ScreeningActor = Omit<AuditEntry, 'action' | 'targetType'>

/**
 * Stores screenings, the force-side hit summaries and their audit events in one statement, so
 * that all are written or none, in one round trip to the database. Takes the screenings of one
 * request or, batched, of several requests. Rows travel as three JSON documents rather than as
 * a parameter per value: the statement stays the same size however many screenings and hits it
 * carries (PostgreSQL allows 65,535 parameters), and there is no query tree to build per row.
 */
export async function storeScreenings(
  db: Kysely<Database> | Transaction<Database>,
  requests: readonly { readonly drafts: readonly ScreeningDraft[]; readonly actor: ScreeningActor }[],
): Promise<void> {
  const items = requests.flatMap(({ drafts, actor }) => drafts.map((draft) => ({ draft, actor })))
  if (items.length === 0) return
  const screenings = items.map(({ draft, actor }) => ({
    id: draft.id,
    org_id: draft.orgId,
    reference: draft.request.reference ?? null,
    supplier_name: draft.request.supplier.name,
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
  // Without hits the middle INSERT selects no rows, which is allowed.
  await sql`with stored_screenings as (
      insert into screenings (id, org_id, reference, supplier_name, supplier, register_version, risk_score, band, match_count, matches, screened_by, screened_at)
      select id, org_id, reference, supplier_name, supplier, register_version, risk_score, band, match_count, matches, screened_by, screened_at
      from json_to_recordset(${JSON.stringify(screenings)}::json) as r(id text, org_id text, reference text, supplier_name text, supplier jsonb,
        register_version int, risk_score int, band text, match_count int, matches jsonb, screened_by text, screened_at timestamptz)
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

export function draftView(draft: ScreeningDraft): ScreeningView {
  return {
    id: draft.id,
    reference: draft.request.reference ?? null,
    riskScore: draft.riskScore,
    band: draft.band,
    registerVersion: draft.registerVersion,
    matches: draft.matches.map(matchView),
    screenedAt: draft.screenedAt.toISOString(),
  }
}

function matchView({ internal: _internal, ...view }: StoredMatch): MatchView {
  return view
}

export function storedScreeningView(row: Screening): ScreeningView & { supplier: SubmittedSupplier } {
  return {
    id: row.id,
    reference: row.reference,
    riskScore: row.risk_score,
    band: row.band,
    registerVersion: row.register_version,
    supplier: row.supplier as SubmittedSupplier,
    matches: (row.matches as StoredMatch[]).map(matchView),
    screenedAt: row.screened_at.toISOString(),
  }
}
