// The results file of `bidscreen screen`: one CSV row per input supplier, in input order.
import { stringify } from 'csv-stringify/sync'
import type { Problem } from './command-error.js'
import type { BandCounts } from './screening-progress.js'
import type { SupplierRecord } from './supplier-input.js'

export const RESULT_COLUMNS = [
  'row',
  'reference',
  'name',
  'band',
  'risk_score',
  'match_count',
  'screening_id',
  'top_group_ref',
  'top_group_force',
  'top_group_risk_level',
  'top_match_field',
  'top_match_reasons',
  'error',
] as const

type ResultRow = Record<(typeof RESULT_COLUMNS)[number], string | number>

/** What the command reads of a screening (openapi.yaml Screening). */
export interface ScreeningBody {
  id: string
  reference: string | null
  riskScore: number
  band: 'none' | 'low' | 'medium' | 'high'
  matches: {
    group: { ref: string; force: string; riskLevel: string }
    field: string
    score: number
    reasons: { detail: string }[]
    suppressed?: unknown
  }[]
}

/** One item of POST /v1/screenings/batch's answer. */
export type BatchResult = { index: number; status: 201; screening: ScreeningBody } | { index: number; status: 400; problem: Problem }

export function resultsHeader(): string {
  return stringify([[...RESULT_COLUMNS]])
}

export function resultsRows(rows: readonly ResultRow[]): string {
  return stringify(rows.map((row) => RESULT_COLUMNS.map((column) => row[column])))
}

const empty = {
  band: '',
  risk_score: '',
  match_count: '',
  screening_id: '',
  top_group_ref: '',
  top_group_force: '',
  top_group_risk_level: '',
  top_match_field: '',
  top_match_reasons: '',
  error: '',
}

/** The row of a supplier the service screened, with its strongest counted match; or of one it could not. */
export function resultRow(record: SupplierRecord, result: BatchResult | undefined): ResultRow {
  const base = { ...empty, row: record.row, reference: record.reference, name: record.name }
  if (record.error !== undefined) return { ...base, error: record.error }
  if (!result) return { ...base, error: 'no result from the service' }
  if (result.status !== 201) return { ...base, error: problemText(result.problem) }
  const { screening } = result
  // A match an earlier "cleared" decision suppresses does not count (openapi.yaml Match.suppressed).
  const counted = screening.matches.filter((m) => m.suppressed === undefined)
  const top = counted.reduce<(typeof counted)[number] | undefined>((best, m) => (!best || m.score > best.score ? m : best), undefined)
  return {
    ...base,
    reference: screening.reference ?? record.reference,
    band: screening.band,
    risk_score: screening.riskScore,
    match_count: counted.length,
    screening_id: screening.id,
    top_group_ref: top?.group.ref ?? '',
    top_group_force: top?.group.force ?? '',
    top_group_risk_level: top?.group.riskLevel ?? '',
    top_match_field: top?.field ?? '',
    top_match_reasons: top?.reasons.map((r) => r.detail).join('; ') ?? '',
  }
}

/** Each invalid field with its message ("supplier.people[0].dateOfBirth: must be …"), else the problem's detail. */
function problemText(problem: Problem): string {
  // The service names the field within the batch (items[17].supplier…): the row already says which item.
  const fields = (problem.errors ?? []).map((e) => (e.field ? `${e.field.replace(/^items\[\d+\]\./, '')}: ${e.message}` : e.message))
  return [problem.code, fields.length ? fields.join('; ') : (problem.detail ?? problem.title)].filter(Boolean).join(' ')
}

export function countRow(counts: BandCounts, row: ResultRow): void {
  if (row.band === 'none' || row.band === 'low' || row.band === 'medium' || row.band === 'high') counts[row.band]++
  else counts.failed++
}
