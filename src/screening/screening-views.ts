import type { Decision, DecisionOutcome, Screening } from '../db/database.js'
import type { Band } from '../matching/index.js'
import type { MatchView, ScreeningDraft, StoredMatch } from './screening-draft.js'
import type { SubmittedSupplier } from './supplier-schema.js'
import type { Tender } from '../tenders/tender-schema.js'

/** A screening as returned when it is made. */
export interface ScreeningView {
  id: string
  reference: string | null
  riskScore: number
  band: Band
  registerVersion: number
  matches: MatchView[]
  screenedAt: string
  /** The tender it was made for, when the caller gave one. */
  tender?: Tender
}

export interface DecisionView {
  id: string
  screeningId: string
  outcome: DecisionOutcome
  note: string | null
  decidedBy: string
  decidedAt: string
  /** The alert it was taken on, when it was. */
  alertId?: string
}

/** The decision that stands on a screening. */
export interface LatestDecisionView {
  id: string | null
  outcome: DecisionOutcome
  decidedAt: string | null
}

/** A stored screening as read back: the supplier as submitted, the decision that stands and the history. */
export interface ScreeningDetailView extends ScreeningView {
  supplier: SubmittedSupplier
  decision: LatestDecisionView | null
  decisions: DecisionView[]
}

/** A line of the screenings list. */
export interface ScreeningSummaryView {
  id: string
  reference: string | null
  supplierName: string
  riskScore: number
  band: Band
  registerVersion: number
  matchCount: number
  decision: LatestDecisionView | null
  screenedAt: string
  tender?: Tender
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
    ...(draft.request.tender ? { tender: draft.request.tender } : {}),
  }
}

export function matchView({ internal: _internal, group, ...view }: StoredMatch): MatchView {
  return { ...view, group: { ...group, contributor: group.contributor ?? group.force } }
}

export function decisionView(row: Decision): DecisionView {
  return {
    id: row.id,
    screeningId: row.screening_id,
    outcome: row.outcome,
    note: row.note,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at.toISOString(),
    ...(row.alert_id ? { alertId: row.alert_id } : {}),
  }
}

export function screeningDetailView(row: Screening, decisions: readonly Decision[]): ScreeningDetailView {
  return {
    id: row.id,
    reference: row.reference,
    riskScore: row.risk_score,
    band: row.band,
    registerVersion: row.register_version,
    supplier: row.supplier,
    matches: row.matches.map(matchView),
    screenedAt: row.screened_at.toISOString(),
    decision: latestDecision(row),
    decisions: decisions.map(decisionView),
    ...(row.tender ? { tender: row.tender } : {}),
  }
}

export function screeningSummaryView(row: Screening): ScreeningSummaryView {
  return {
    id: row.id,
    reference: row.reference,
    supplierName: row.supplier_name,
    riskScore: row.risk_score,
    band: row.band,
    registerVersion: row.register_version,
    matchCount: row.match_count,
    decision: latestDecision(row),
    screenedAt: row.screened_at.toISOString(),
    ...(row.tender ? { tender: row.tender } : {}),
  }
}

function latestDecision(row: Screening): LatestDecisionView | null {
  return row.decision ? { id: row.decision_id, outcome: row.decision, decidedAt: row.decided_at?.toISOString() ?? null } : null
}
