import type { Kysely } from 'kysely'
import { recordAuditEvent, type Actor } from '../audit/audit-log.js'
import type { Database } from '../db/database.js'
import { AppError } from '../errors.js'
import { authorityInsightCounts, forceInsightCounts, type InsightCountRow, type InsightDimension } from './insights-repository.js'
import {
  publishedCount,
  publishedRate,
  SMALL_COUNT_THRESHOLD,
  suppressBreakdown,
  WITHHELD,
  type PublishedBreakdown,
  type PublishedCount,
} from './suppress-small-counts.js'

/** An authority's officers see its own screenings; a force (or agency) sees the hits on its groups. */
export type InsightsAudience = 'authority' | 'force'

export interface InsightsQuery {
  from?: string | undefined
  to?: string | undefined
  /** One breakdown only; all of the audience's by default. */
  by?: InsightDimension | undefined
}

export interface InsightCounts {
  screenings: PublishedCount
  mediumOrHigh: PublishedCount
  confirmed: PublishedCount
  mediumOrHighRate: number | null
  confirmedRate: number | null
}

export interface InsightRowView extends InsightCounts {
  value: string
  /** A group's force, in an authority's view. */
  force?: string
  /** An authority's name, in a force's view. */
  name?: string
}

export interface InsightsView {
  view: InsightsAudience
  from: string
  to: string
  threshold: number
  totals: InsightCounts
  breakdowns: Partial<Record<InsightDimension, InsightRowView[]>>
}

export interface InsightsDeps {
  db: Kysely<Database>
  /** The retention cut-off of screenings: older ones are shown to nobody, counted by nobody. */
  keptSince: () => Date
  now?: () => Date
}

const DIMENSIONS: Record<InsightsAudience, readonly InsightDimension[]> = {
  authority: ['month', 'cpvDivision', 'region', 'group'],
  force: ['authority', 'month', 'group', 'cpvDivision', 'region'],
}
const MEASURES = ['screenings', 'mediumOrHigh', 'confirmed'] as const
type Measure = (typeof MEASURES)[number]
const COLUMN: Record<Measure, 'screenings' | 'medium_or_high' | 'confirmed'> = {
  screenings: 'screenings',
  mediumOrHigh: 'medium_or_high',
  confirmed: 'confirmed',
}

const DEFAULT_PERIOD_MONTHS = 12
// Ten years of months at most: the counts scan every screening of the period.
const MAX_PERIOD_MONTHS = 120
// Values that mean "not given"; listed after the others.
const ABSENT = new Set(['unknown', 'none'])

export function insightsUseCases(deps: InsightsDeps) {
  return { read: (actor: Actor, audience: InsightsAudience, query: InsightsQuery) => readInsights(deps, actor, audience, query) }
}

export type InsightsUseCases = ReturnType<typeof insightsUseCases>

/**
 * Counts of screenings, medium or high results and confirmed links in a period, by each
 * dimension, with small counts suppressed (suppress-small-counts.ts). The period is whole
 * calendar months (UTC): a period cut at any instant would let two requests a day apart be
 * subtracted to count that day's screenings, however small; months are the finest grain shown,
 * and their counts are protected in the month breakdown. Every read is audited with its purpose.
 */
async function readInsights(deps: InsightsDeps, actor: Actor, audience: InsightsAudience, query: InsightsQuery): Promise<InsightsView> {
  const dimensions = DIMENSIONS[audience]
  if (query.by !== undefined && !dimensions.includes(query.by)) {
    const message = `must be one of ${dimensions.join(', ')}`
    throw new AppError('VALIDATION_FAILED', `by ${message}`, { field: 'by', errors: [{ field: 'by', code: 'invalid_value', message }] })
  }
  const period = periodOf(query, (deps.now ?? (() => new Date()))())
  const count = audience === 'authority' ? authorityInsightCounts : forceInsightCounts
  const rows = await count(deps.db, actor.orgId, period, deps.keptSince())
  const view = publishInsights(audience, rows)
  await recordAuditEvent(deps.db, {
    ...actor,
    action: 'insights.read',
    targetType: 'insights',
    details: { view: audience, from: period.from.toISOString(), to: period.to.toISOString(), by: query.by },
  })
  const breakdowns = query.by === undefined ? view.breakdowns : { [query.by]: view.breakdowns[query.by] }
  return { view: audience, from: period.from.toISOString(), to: period.to.toISOString(), threshold: SMALL_COUNT_THRESHOLD, totals: view.totals, breakdowns }
}

/**
 * Every breakdown of the audience is suppressed, whichever was asked for, so that a total reads
 * the same in all of them: when one breakdown had to withhold a total, every breakdown withholds
 * it (and protects it in turn).
 */
export function publishInsights(audience: InsightsAudience, rows: readonly InsightCountRow[]): Pick<InsightsView, 'totals' | 'breakdowns'> {
  const dimensions = DIMENSIONS[audience]
  const total = rows.find((r) => r.dimension === 'total')
  const totalOf = (m: Measure) => total?.[COLUMN[m]] ?? 0
  const byDimension = new Map(dimensions.map((d) => [d, sortRows(rows.filter((r) => r.dimension === d))]))
  const suppressed = new Map<string, PublishedBreakdown>()
  for (const measure of MEASURES) {
    const run = (withholdTotal: boolean) =>
      dimensions.map(
        (d) =>
          [
            d,
            suppressBreakdown(
              byDimension.get(d)!.map((r) => r[COLUMN[measure]]),
              totalOf(measure),
              { withholdTotal },
            ),
          ] as const,
      )
    let results = run(false)
    if (results.some(([, r]) => r.total === WITHHELD)) results = run(true)
    for (const [d, r] of results) suppressed.set(`${d} ${measure}`, r)
  }
  const totalPublished = (m: Measure): PublishedCount => suppressed.get(`${dimensions[0]!} ${m}`)?.total ?? publishedCount(totalOf(m))
  const breakdowns: InsightsView['breakdowns'] = {}
  for (const d of dimensions) {
    breakdowns[d] = byDimension.get(d)!.map((row, i) => {
      const [screenings, mediumOrHigh, confirmed] = MEASURES.map((m) => suppressed.get(`${d} ${m}`)!.counts[i]!) as [
        PublishedCount,
        PublishedCount,
        PublishedCount,
      ]
      return { value: row.value, ...labelOf(audience, d, row), ...countsView(screenings, mediumOrHigh, confirmed) }
    })
  }
  return { totals: countsView(totalPublished('screenings'), totalPublished('mediumOrHigh'), totalPublished('confirmed')), breakdowns }
}

function labelOf(audience: InsightsAudience, dimension: InsightDimension, row: InsightCountRow): { force?: string; name?: string } {
  if (row.label === null) return {}
  if (audience === 'authority' && dimension === 'group') return { force: row.label }
  if (audience === 'force' && dimension === 'authority') return { name: row.label }
  return {}
}

function countsView(screenings: PublishedCount, mediumOrHigh: PublishedCount, confirmed: PublishedCount): InsightCounts {
  return {
    screenings,
    mediumOrHigh,
    confirmed,
    mediumOrHighRate: publishedRate(mediumOrHigh, screenings),
    confirmedRate: publishedRate(confirmed, screenings),
  }
}

function sortRows(rows: readonly InsightCountRow[]): InsightCountRow[] {
  const key = (r: InsightCountRow) => [ABSENT.has(r.value) ? 1 : 0, r.value, r.label ?? ''] as const
  return [...rows].sort((a, b) => {
    const [x, y] = [key(a), key(b)]
    return x[0] - y[0] || (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0) || (x[2] < y[2] ? -1 : x[2] > y[2] ? 1 : 0)
  })
}

/** The period asked for, widened to whole calendar months (UTC); by default the last twelve, this one included. */
function periodOf(query: InsightsQuery, now: Date): { from: Date; to: Date } {
  const to = query.to === undefined ? monthStart(now, 1) : ceilToMonth(new Date(query.to))
  const from = query.from === undefined ? monthStart(to, -DEFAULT_PERIOD_MONTHS) : monthStart(new Date(query.from), 0)
  const months = (to.getUTCFullYear() - from.getUTCFullYear()) * 12 + (to.getUTCMonth() - from.getUTCMonth())
  if (months <= 0) invalidPeriod('to', 'must be later than from')
  if (months > MAX_PERIOD_MONTHS) invalidPeriod('from', `the period may span at most ${MAX_PERIOD_MONTHS} months`)
  return { from, to }
}

function invalidPeriod(field: string, message: string): never {
  throw new AppError('VALIDATION_FAILED', `${field} ${message}`, { field, errors: [{ field, code: 'invalid_period', message }] })
}

/** The first instant of the month `offset` months from `date`'s. */
function monthStart(date: Date, offset: number): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + offset, 1))
}

function ceilToMonth(date: Date): Date {
  const start = monthStart(date, 0)
  return start.getTime() === date.getTime() ? start : monthStart(date, 1)
}
