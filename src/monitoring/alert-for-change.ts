import type { Band } from '../db/database.js'
import { findMatches, type CompiledRegister } from '../matching/index.js'
import type { RegisterSnapshot } from '../register/register-cache.js'
import { draftScreening, matchSupplier, type KeyedMatch, type StoredMatch } from '../screening/screening-draft.js'
import type { AlertGroup, AlertMatch } from './alert-documents.js'
import type { ScreeningOfRecord } from './monitoring-repository.js'

const BAND_RANK: Record<Band, number> = { none: 0, low: 1, medium: 2, high: 3 }

/** What a change brought, as the re-screen needs it: its own small register, and how to tell its matches. */
export interface ChangeContext {
  forceOrgId: string
  /**
   * The changed groups and entities compiled as a register of their own: the prefilter. Null
   * when the change is most of its list (./change-set.ts): the live register serves.
   */
  compiled: CompiledRegister | null
  fingerprints: ReadonlySet<string>
  groupRefs: ReadonlySet<string>
}

/** An alert ready to store, before it has an id and time. */
export interface AlertDraft {
  band: Band
  riskScore: number
  matches: AlertMatch[]
  newMatchCount: number
  groups: AlertGroup[]
}

/**
 * Whether the supplier matches anything the change brought, against the change's own small
 * register: cheap, so that only the suppliers it finds are screened again against the whole
 * register. It finds at least what the whole register would (its values are rarer there, so they
 * weigh more); the whole register then decides. Without a register of its own (a change that is
 * most of its list), against the live register's groups of the force, keeping the matches that
 * rest on the change.
 */
export function touchedByChange(change: ChangeContext, snapshot: RegisterSnapshot, screening: ScreeningOfRecord): boolean {
  const scope = { allowedOwners: new Set([change.forceOrgId]) }
  try {
    if (change.compiled !== null) return findMatches(change.compiled, screening.supplier, scope).length > 0
    return findMatches(snapshot.compiled, screening.supplier, scope).some((m) =>
      broughtBy(change, snapshot.fingerprints.get(m.entity.id) ?? '', snapshot.compiled.groups.get(m.groupId)?.ref ?? ''),
    )
  } catch {
    // A supplier stored before a rule tightened may no longer be screenable; it was screened as it was then.
    return false
  }
}

/** Whether a match on this entity (by its fingerprint) or its group (by reference) rests on what the change brought. */
function broughtBy(change: ChangeContext, fingerprint: string, groupRef: string): boolean {
  return change.fingerprints.has(fingerprint) || change.groupRefs.has(groupRef)
}

/** The supplier's matches against the whole register, before the authority's suppressions; none if it cannot be screened. */
export function rescreen(snapshot: RegisterSnapshot, screening: ScreeningOfRecord, allowedForces: ReadonlySet<string>): KeyedMatch[] {
  try {
    return matchSupplier(snapshot, requestOf(screening), allowedForces)
  } catch {
    return []
  }
}

/**
 * Whether the supplier's re-screen against the whole register is an alert: it has a band, at
 * least one counted match (the authority's suppressions set aside) rests on what the change
 * brought, and either such a match is new to the earlier screening (the same field against the
 * same register entity, or group, was not counted then) or the band is stronger than then.
 */
export function alertForChange(
  snapshot: RegisterSnapshot,
  change: ChangeContext,
  screening: ScreeningOfRecord,
  keyed: readonly KeyedMatch[],
  suppressions: ReadonlyMap<string, string>,
): AlertDraft | undefined {
  const draft = draftScreening(snapshot, { orgId: screening.org_id, request: requestOf(screening) }, keyed, suppressions)
  if (draft.band === 'none') return undefined
  const before = new Set(screening.matches.filter((m) => !m.suppressed).map((m) => `${m.field}|${identityOf(m)}`))
  const fromChange = (m: StoredMatch) => !m.suppressed && m.internal.forceOrgId === change.forceOrgId && broughtBy(change, m.internal.fingerprint, m.group.ref)
  const brought = draft.matches.filter(fromChange)
  if (brought.length === 0) return undefined
  const isNew = (m: StoredMatch) => !before.has(`${m.field}|${identityOf(m)}`)
  const stronger = BAND_RANK[draft.band] > BAND_RANK[screening.band]
  if (!stronger && !brought.some(isNew)) return undefined
  const matches = draft.matches.map((m): AlertMatch => ({ ...m, new: fromChange(m) && isNew(m) }))
  const groups = new Map<string, AlertGroup>()
  for (const m of brought) groups.set(`${m.internal.forceOrgId}\n${m.group.ref}`, { forceOrgId: m.internal.forceOrgId, force: m.group.force, ref: m.group.ref })
  return { band: draft.band, riskScore: draft.riskScore, matches, newMatchCount: matches.filter((m) => m.new).length, groups: [...groups.values()] }
}

function requestOf(screening: ScreeningOfRecord) {
  return { supplier: screening.supplier, ...(screening.reference ? { reference: screening.reference } : {}) }
}

/** A match's register side across versions: the entity's fingerprint, or the group for a match on a group's name. */
export function identityOf(match: Pick<StoredMatch, 'internal' | 'group'>): string {
  return match.internal.fingerprint || `group:${match.internal.forceOrgId}:${match.group.ref}`
}
