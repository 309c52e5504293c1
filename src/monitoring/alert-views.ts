import type { AlertStatus, Band, DecisionOutcome } from '../db/database.js'
import type { MatchView } from '../screening/screening-draft.js'
import { matchView } from '../screening/screening-views.js'
import type { AlertRow } from './alert-repository.js'

/** A line of the alerts list: what changed for which screening, and where the officer is with it. */
export interface AlertSummaryView {
  id: string
  status: AlertStatus
  band: Band
  riskScore: number
  newMatchCount: number
  groups: { contributor: string; force: string; ref: string }[]
  registerVersion: number
  raisedAt: string
  screening: { id: string; reference: string | null; supplierName: string; band: Band; riskScore: number; screenedAt: string }
  acknowledged: { by: string; at: string } | null
  decision: { id: string; outcome: DecisionOutcome; decidedAt: string } | null
  closed: { at: string; reason: string } | null
}

/** One alert: the re-screen's matches (those the change brought marked `new`) beside the earlier screening's. */
export interface AlertDetailView extends AlertSummaryView {
  matches: (MatchView & { new: boolean })[]
  previousMatches: MatchView[]
}

export function alertSummaryView(row: AlertRow): AlertSummaryView {
  return {
    id: row.id,
    status: row.status,
    band: row.band,
    riskScore: row.risk_score,
    newMatchCount: row.new_match_count,
    groups: row.groups.map((g) => ({ contributor: g.force, force: g.force, ref: g.ref })),
    registerVersion: row.register_version,
    raisedAt: row.raised_at.toISOString(),
    screening: {
      id: row.screening_id,
      reference: row.reference,
      supplierName: row.supplier_name,
      band: row.previous_band,
      riskScore: row.previous_risk_score,
      screenedAt: row.screened_at.toISOString(),
    },
    acknowledged: row.acknowledged_by && row.acknowledged_at ? { by: row.acknowledged_by, at: row.acknowledged_at.toISOString() } : null,
    decision:
      row.decision_id && row.decision_outcome && row.decided_at
        ? { id: row.decision_id, outcome: row.decision_outcome, decidedAt: row.decided_at.toISOString() }
        : null,
    closed: row.closed_at && row.closed_reason ? { at: row.closed_at.toISOString(), reason: row.closed_reason } : null,
  }
}

export function alertDetailView(row: AlertRow): AlertDetailView {
  return {
    ...alertSummaryView(row),
    matches: row.matches.map(({ new: isNew, ...match }) => ({ ...matchView(match), new: isNew })),
    previousMatches: row.previous_matches.map(matchView),
  }
}
