import fc from 'fast-check'
import t from 'tap'
import type { InsightCountRow, InsightDimension } from '../../src/insights/insights-repository.js'
import { publishInsights, type InsightsAudience } from '../../src/insights/insights-use-cases.js'
import type { PublishedCount } from '../../src/insights/suppress-small-counts.js'

const MEASURES = ['screenings', 'mediumOrHigh', 'confirmed'] as const
const DIMENSIONS: Record<InsightsAudience, InsightDimension[]> = {
  authority: ['month', 'cpvDivision', 'region', 'group'],
  force: ['authority', 'month', 'group', 'cpvDivision', 'region'],
}
/** One screening's facts: a value per dimension (several for CPV divisions and groups), its band and decision. */
const screening = fc.record({
  month: fc.integer({ min: 0, max: 3 }),
  region: fc.integer({ min: 0, max: 4 }),
  authority: fc.integer({ min: 0, max: 3 }),
  cpvDivision: fc.uniqueArray(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }),
  group: fc.uniqueArray(fc.integer({ min: 0, max: 3 }), { maxLength: 2 }),
  mediumOrHigh: fc.boolean(),
  confirmed: fc.boolean(),
})

/** Counts as the repository makes them from a random set of screenings: a screening counts once per value it has, `unknown` or `none` when it has none. */
const worlds = fc.tuple(fc.constantFrom<InsightsAudience>('authority', 'force'), fc.array(screening, { maxLength: 60 })).map(([audience, screenings]) => {
  const rows = new Map<string, InsightCountRow>()
  const count = (dimension: InsightCountRow['dimension'], value: string, s: (typeof screenings)[number]) => {
    const key = `${dimension} ${value}`
    const row = rows.get(key) ?? { dimension, value, label: null, screenings: 0, medium_or_high: 0, confirmed: 0 }
    row.screenings++
    if (s.mediumOrHigh) row.medium_or_high++
    if (s.mediumOrHigh && s.confirmed) row.confirmed++
    rows.set(key, row)
  }
  for (const s of screenings) {
    count('total', 'all', s)
    for (const dimension of DIMENSIONS[audience]) {
      const values = dimension === 'cpvDivision' || dimension === 'group' ? s[dimension] : [s[dimension]]
      if (values.length === 0) count(dimension, dimension === 'group' ? 'none' : 'unknown', s)
      for (const v of values) count(dimension, `${dimension}-${v}`, s)
    }
  }
  if (!rows.has('total all')) rows.set('total all', { dimension: 'total', value: 'all', label: null, screenings: 0, medium_or_high: 0, confirmed: 0 })
  return { audience, rows: [...rows.values()] }
})

const isSmall = (c: PublishedCount) => typeof c === 'number' && c > 0 && c < 5

t.test('property: insights never show a count below the threshold, nor a lone hidden count, and read one total everywhere', async (t) => {
  fc.assert(
    fc.property(worlds, ({ audience, rows }) => {
      const view = publishInsights(audience, rows)
      const all = [view.totals, ...Object.values(view.breakdowns).flat()]
      for (const row of all) {
        for (const m of MEASURES) if (isSmall(row[m])) throw new Error(`${m} ${String(row[m])} shown`)
        if ((typeof row.screenings !== 'number' || typeof row.mediumOrHigh !== 'number') && row.mediumOrHighRate !== null)
          throw new Error('a rate of a hidden count')
        if ((typeof row.screenings !== 'number' || typeof row.confirmed !== 'number') && row.confirmedRate !== null) throw new Error('a rate of a hidden count')
      }
      for (const [dimension, breakdown] of Object.entries(view.breakdowns)) {
        for (const m of MEASURES) {
          const hidden = [...breakdown.map((r) => r[m]), view.totals[m]].filter((c) => typeof c !== 'number')
          if (hidden.length === 1) throw new Error(`${dimension}.${m}: one hidden count`)
        }
      }
    }),
    { numRuns: 1000 },
  )
  t.pass('1,000 random sets of screenings')
})

t.test('a total one breakdown must withhold is withheld in every breakdown and in the totals', async (t) => {
  const row = (dimension: InsightCountRow['dimension'], value: string, screenings: number): InsightCountRow => ({
    dimension,
    value,
    label: null,
    screenings,
    medium_or_high: 0,
    confirmed: 0,
  })
  // Regions of 4 and 4: their total of 8 would give both away, so it is withheld, here and everywhere.
  const view = publishInsights('authority', [
    row('total', 'all', 8),
    row('month', '2026-11', 8),
    row('region', 'North West', 4),
    row('region', 'Yorkshire', 4),
    row('cpvDivision', '45', 8),
    row('group', 'none', 8),
  ])
  t.equal(view.totals.screenings, 'withheld')
  t.equal(view.breakdowns.month![0]!.screenings, 'withheld', 'a month of 8 would be the total')
  t.same(
    view.breakdowns.region!.map((r) => r.screenings),
    ['<5', '<5'],
  )
})
