import type { Kysely, Transaction } from 'kysely'
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
  db: Kysely<Database>,
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
  const suppressions = await suppressionsFor(db, input.orgId, keyed)
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

async function suppressionsFor(db: Kysely<Database>, orgId: string, keyed: { valueKey: string; fingerprint: string }[]): Promise<Map<string, string>> {
  if (keyed.length === 0) return new Map()
  const rows = await db
    .selectFrom('suppressions')
    .select(['value_key', 'entity_fingerprint', 'decision_id'])
    .where('org_id', '=', orgId)
    .where('value_key', 'in', [...new Set(keyed.map((k) => k.valueKey))])
    .execute()
  return new Map(rows.map((r) => [`${r.value_key}\n${r.entity_fingerprint}`, r.decision_id]))
}

/**
 * Stores screenings, the force-side hit summaries and their audit events in one statement, so
 * that all are written or none, in one round trip to the database.
 */
export async function storeScreenings(
  db: Kysely<Database> | Transaction<Database>,
  drafts: readonly ScreeningDraft[],
  actor: Omit<AuditEntry, 'action' | 'targetType'>,
): Promise<void> {
  if (drafts.length === 0) return
  const screenings = drafts.map((draft) => ({
    id: draft.id,
    org_id: draft.orgId,
    reference: draft.request.reference ?? null,
    supplier_name: draft.request.supplier.name,
    supplier: JSON.stringify(draft.request.supplier),
    register_version: draft.registerVersion,
    risk_score: draft.riskScore,
    band: draft.band,
    match_count: draft.matches.length,
    matches: JSON.stringify(draft.matches),
    screened_by: actor.actor,
    screened_at: draft.screenedAt,
    decision: null,
    decision_id: null,
    decided_at: null,
  }))
  const hits = drafts.flatMap(hitsOf)
  const audits = drafts.map((draft) =>
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
  // An INSERT needs at least one row: without hits, that part of the statement is left out.
  const withScreenings = db.with('stored_screenings', (qb) => qb.insertInto('screenings').values(screenings))
  if (hits.length === 0) {
    await withScreenings.insertInto('audit_events').values(audits).execute()
    return
  }
  await withScreenings
    .with('stored_hits', (qb) => qb.insertInto('screening_hits').values(hits))
    .insertInto('audit_events')
    .values(audits)
    .execute()
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
