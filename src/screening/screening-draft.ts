import { AppError } from '../errors.js'
import { newId } from '../ids.js'
import { aggregateRisk, findMatches, MatchingInputError, type Band, type Match, type Reason } from '../matching/index.js'
import type { RegisterSnapshot } from '../register/register-cache.js'
import type { ScreeningRequest, SubmittedSupplier } from './supplier-schema.js'
import { suppressionValueKey } from './suppression-key.js'

/**
 * A match as returned to the authority: the group's reference and handling, never its notes. The
 * group's `contributor` is the police force or partner agency that keeps it; `force` is the same
 * name by its first name, kept as an alias within /v1.
 */
export interface MatchView {
  group: { ref: string; contributor: string; force: string; riskLevel: 'low' | 'medium' | 'high'; handling: string }
  entity: { id: string; kind: string; name: string }
  field: string
  score: number
  reasons: Reason[]
  /** Present when an earlier "cleared" decision of this authority covers the pair; it does not count. */
  suppressed?: { decisionId: string }
}

/**
 * What is stored per match: the view plus what a later decision needs to suppress the pair.
 * Screenings stored before partner agencies have no `contributor` (their `force` is the same).
 */
export interface StoredMatch extends Omit<MatchView, 'group'> {
  group: Omit<MatchView['group'], 'contributor'> & { contributor?: string }
  internal: { valueKey: string; fingerprint: string; forceOrgId: string }
}

// The screenings table's JSON columns hold these documents, so that reads need no cast.
declare module '../db/database.js' {
  interface JsonDocuments {
    screeningSupplier: SubmittedSupplier
    screeningMatches: StoredMatch[]
  }
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

/** A match with what a "cleared" decision remembers of it: the submitted value and the entity's fingerprint. */
export interface KeyedMatch {
  match: Match
  valueKey: string
  fingerprint: string
}

/** How a suppression is looked up: the submitted value and the register entity as it was cleared. */
export function suppressionKey(valueKey: string, fingerprint: string): string {
  return `${valueKey}\n${fingerprint}`
}

/**
 * The supplier's matches among the groups of the forces that share with the authority, not yet
 * weighed: the authority's suppressions are set aside first (see draftScreening).
 */
export function matchSupplier(snapshot: RegisterSnapshot, request: ScreeningRequest, allowedForces: ReadonlySet<string>): KeyedMatch[] {
  let found: Match[]
  try {
    found = allowedForces.size === 0 ? [] : findMatches(snapshot.compiled, request.supplier, { allowedOwners: allowedForces })
  } catch (error) {
    if (error instanceof MatchingInputError) {
      throw new AppError('VALIDATION_FAILED', 'The supplier could not be screened as given', {
        errors: [{ field: 'supplier', code: 'unscreenable', message: error.message }],
      })
    }
    throw error
  }
  return found.map((match) => ({ match, valueKey: suppressionValueKey(match), fingerprint: snapshot.fingerprints.get(match.entity.id) ?? '' }))
}

/**
 * The screening: matches covered by one of the authority's suppressions are kept, marked, but
 * do not count; the rest are weighed into the risk score and band, once.
 */
export function draftScreening(
  snapshot: RegisterSnapshot,
  input: { orgId: string; request: ScreeningRequest },
  keyed: readonly KeyedMatch[],
  suppressions: ReadonlyMap<string, string>,
): ScreeningDraft {
  const counted = keyed.filter((k) => !suppressions.has(suppressionKey(k.valueKey, k.fingerprint))).map((k) => k.match)
  const { riskScore, band } = aggregateRisk(snapshot.compiled, counted)
  const matches = keyed.map(({ match, valueKey, fingerprint }): StoredMatch => {
    const group = snapshot.compiled.groups.get(match.groupId)!
    const contributorName = snapshot.forceNames.get(group.ownerOrgId) ?? group.ownerOrgId
    const decisionId = suppressions.get(suppressionKey(valueKey, fingerprint))
    return {
      group: { ref: group.ref, contributor: contributorName, force: contributorName, riskLevel: group.riskLevel, handling: group.handling },
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
