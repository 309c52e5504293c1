import type { Test } from 'tap'
import { examplePaving, seedRegister } from '../helpers/screening-fixtures.js'
import { onEachDatabase, type Inject, type TestApp } from '../helpers/test-app.js'

type Count = number | '<5' | 'withheld'
interface Row {
  value: string
  force?: string
  name?: string
  screenings: Count
  mediumOrHigh: Count
  confirmed: Count
  mediumOrHighRate: number | null
  confirmedRate: number | null
}
interface Insights {
  view: 'authority' | 'force'
  from: string
  to: string
  threshold: number
  totals: Omit<Row, 'value'>
  breakdowns: Record<string, Row[]>
}

const MEASURES = ['screenings', 'mediumOrHigh', 'confirmed'] as const
const roadworks = (region: string, cpvCodes: string[]) => ({ id: `T-${region}-${cpvCodes.join('+')}`, title: 'Resurfacing', cpvCodes, region })

/**
 * Salford screens 30 suppliers: 20 clean ones in the North West (roadworks, CPV 45), 3 clean ones
 * in Yorkshire (waste, CPV 90), 7 that hit GMP's O'Connor group (CPV 45 and 90 both: counted once
 * in each) and 2 that hit its Moss Side network; Salford's officer confirms 6 of the O'Connor hits.
 * Bolton, which also shares with GMP, hits O'Connor twice; Leeds (no agreement) screens 6 clean suppliers.
 */
async function seedScreenings(ctx: TestApp) {
  const seeded = await seedRegister(ctx)
  for (const org of [{ id: 'bolton', name: 'Bolton Council', kind: 'authority' }])
    await seeded.admin({ method: 'POST', url: '/v1/organisations', payload: org })
  await seeded.admin({ method: 'POST', url: '/v1/sharing-agreements', payload: { policeOrgId: 'gmp', authorityOrgId: 'bolton' } })
  const clean = (n: number, place: string) => ({
    supplier: { name: `${place} Harbourview Catering ${String.fromCharCode(65 + n)}${String.fromCharCode(75 + (n % 10))} CIC` },
  })
  const salfordItems = [
    ...Array.from({ length: 20 }, (_, n) => ({ ...clean(n, 'Salford'), tender: roadworks('North West', ['45233140-2']) })),
    ...Array.from({ length: 3 }, (_, n) => ({ ...clean(n, 'Wakefield'), tender: roadworks('Yorkshire', ['90511000']) })),
    ...Array.from({ length: 7 }, (_, n) => ({
      ...examplePaving,
      reference: `BID-${n}`,
      tender: roadworks('North West', ['45233140-2', '90511000', '45000000']),
    })),
    ...Array.from({ length: 2 }, (_, n) => ({ reference: `SKIP-${n}`, supplier: { name: 'Rapid Skip Hire Ltd', companyNumber: 'SC123456' } })),
  ]
  const screen = async (caller: Inject, items: unknown[]) => {
    const res = await caller({ method: 'POST', url: '/v1/screenings/batch', payload: { items } })
    if (res.statusCode !== 200) throw new Error(`batch failed: ${res.body}`)
    return res.json<{ results: { screening: { id: string; band: string; matches: { group: { ref: string } }[] } }[] }>().results.map((r) => r.screening)
  }
  const salford = await screen(seeded.salfordScreener, salfordItems)
  for (const s of salford.filter((s) => s.matches.some((m) => m.group.ref === 'GMP-OCG-0117')).slice(0, 6)) {
    const res = await seeded.salfordOfficer({
      method: 'POST',
      url: `/v1/screenings/${s.id}/decisions`,
      payload: { outcome: 'confirmed', note: 'Confirmed with GMP' },
    })
    if (res.statusCode !== 201) throw new Error(`decision failed: ${res.body}`)
  }
  const bolton = await screen(ctx.as('bolton', 'screener'), [examplePaving, { ...examplePaving, reference: 'BOLTON-2' }])
  const leeds = await screen(
    ctx.as('leeds', 'screener'),
    Array.from({ length: 6 }, (_, n) => clean(n, 'Leeds')),
  )
  return {
    ...seeded,
    salford,
    screeningIds: [...salford, ...bolton, ...leeds].map((s) => s.id),
    supplierNames: [...new Set([...salfordItems.map((i) => i.supplier.name), ...leeds.map(() => 'Leeds Harbourview'), examplePaving.supplier.name])],
    references: ['BID-0', 'SKIP-0', 'BOLTON-2', examplePaving.reference],
  }
}

async function insights(caller: Inject, query = '', purpose = 'area risk review'): Promise<Insights> {
  const res = await caller({ method: 'GET', url: `/v1/insights${query}`, headers: { 'x-purpose': purpose } })
  if (res.statusCode !== 200) throw new Error(`insights: ${res.statusCode} ${res.body}`)
  return res.json<Insights>()
}

/** Every count anywhere in the answer: a whole number 0 or ≥ 5, or "<5" or "withheld". */
function smallCountsShown(body: unknown, path = ''): string[] {
  if (Array.isArray(body)) return body.flatMap((v, i) => smallCountsShown(v, `${path}[${i}]`))
  if (body === null || typeof body !== 'object') return []
  return Object.entries(body).flatMap(([key, value]) => {
    const here = `${path}.${key}`
    if ((MEASURES as readonly string[]).includes(key)) {
      const ok = value === '<5' || value === 'withheld' || (Number.isInteger(value) && ((value as number) === 0 || (value as number) >= 5))
      return ok ? [] : [`${here} = ${JSON.stringify(value)}`]
    }
    return smallCountsShown(value, here)
  })
}

/**
 * Breakdowns in which a hidden count could be worked out from the total and the counts shown:
 * exactly one hidden entry (cells and total), or hidden entries all "<5" whose sum the total
 * gives as n or 4n (each then 1, or each 4). Held for every breakdown and measure.
 */
function derivable(body: Insights): string[] {
  const found: string[] = []
  for (const [dimension, rows] of Object.entries(body.breakdowns)) {
    for (const measure of MEASURES) {
      const entries = [...rows.map((r) => r[measure]), body.totals[measure]]
      const hidden = entries.filter((c) => typeof c !== 'number')
      if (hidden.length === 1) found.push(`${dimension}.${measure}: one hidden count`)
      const total = body.totals[measure]
      if (typeof total === 'number' && hidden.length > 0 && hidden.every((c) => c === '<5')) {
        const shown = rows.map((r) => r[measure]).filter((c): c is number => typeof c === 'number')
        const rest = total - shown.reduce((sum, c) => sum + c, 0)
        if (rest === hidden.length || rest === 4 * hidden.length) found.push(`${dimension}.${measure}: hidden counts pinned by the total`)
      }
    }
  }
  return found
}

function holdsSuppression(t: Test, body: Insights, who: string): void {
  t.same(smallCountsShown(body), [], `${who}: insights never show a count below the threshold (1..4 read "<5")`)
  t.same(derivable(body), [], `${who}: no hidden count can be worked out from its breakdown's total`)
  for (const row of [body.totals, ...Object.values(body.breakdowns).flat()]) {
    if (typeof row.screenings !== 'number' || typeof row.mediumOrHigh !== 'number') t.equal(row.mediumOrHighRate, null, `${who}: no rate from a hidden count`)
    if (typeof row.screenings !== 'number' || typeof row.confirmed !== 'number') t.equal(row.confirmedRate, null, `${who}: no rate from a hidden count`)
  }
}

onEachDatabase('insights for an authority: its own screenings, by month, CPV division, region and group, small counts suppressed', async (t, ctx) => {
  const world = await seedScreenings(ctx)
  const body = await insights(world.salfordOfficer)
  t.equal(body.view, 'authority')
  t.equal(body.threshold, 5)
  t.same(Object.keys(body.breakdowns).sort(), ['cpvDivision', 'group', 'month', 'region'], 'every breakdown of an authority')
  t.equal(body.totals.screenings, 32, 'all 32 of its screenings')
  t.equal(body.totals.confirmed, 6, 'six confirmed')
  t.equal(body.totals.confirmedRate, Number((6 / 32).toFixed(3)))
  holdsSuppression(t, body, 'Salford')

  const row = (dimension: string, value: string) => body.breakdowns[dimension]!.find((r) => r.value === value)
  t.match(row('region', 'North West'), { screenings: 27 }, 'a region of 27 is shown')
  t.ok(['<5', 'withheld'].includes(String(row('region', 'Yorkshire')?.screenings)), 'a region of 3 is not shown')
  t.ok(['<5', 'withheld'].includes(String(row('region', 'unknown')?.screenings)), 'the 2 screenings without a tender are not shown either')
  t.match(row('cpvDivision', '45'), { screenings: 27 }, 'the 7 with two codes in division 45 count once there')
  // Division 90's 10 (the 7 and Yorkshire's 3) is the smallest beside the 2 without codes: withheld for them.
  t.match(row('cpvDivision', '90'), { screenings: 'withheld', mediumOrHigh: 7, confirmed: 6 }, 'the 7 count once in division 90 too')
  // Its 7 screenings are the smallest beside Moss Side's 2: withheld so that the 2 cannot be worked out.
  t.match(row('group', 'GMP-OCG-0117'), { force: 'Greater Manchester Police', screenings: 'withheld', confirmed: 6 }, 'a group with its force')
  t.equal(row('group', 'GMP-OCG-0200')?.screenings, '<5', 'a group hit twice reads "<5"')
  t.match(row('group', 'none'), { screenings: 23 }, 'screenings without a group')
  t.equal(body.breakdowns.month!.length, 1, 'one month')

  const one = await insights(world.salfordOfficer, '?by=group')
  t.same(Object.keys(one.breakdowns), ['group'], '`by` gives one breakdown')
  t.same(one.breakdowns.group, body.breakdowns.group, 'the same counts as in the whole answer')

  const leeds = await insights(world.leedsOfficer)
  t.equal(leeds.totals.screenings, 6, 'Leeds sees its own 6 screenings only')
  t.same(
    leeds.breakdowns.group!.map((r) => r.value),
    ['none'],
    "no group of another authority's hits",
  )
  holdsSuppression(t, leeds, 'Leeds')

  const later = await insights(world.salfordOfficer, `?from=${encodeURIComponent('2999-01-15T10:00:00Z')}&to=${encodeURIComponent('2999-03-01T00:00:00Z')}`)
  t.equal(later.from, '2999-01-01T00:00:00.000Z', 'the period starts at its month')
  t.equal(later.to, '2999-03-01T00:00:00.000Z')
  t.equal(later.totals.screenings, 0, 'nothing screened then: zero is shown')

  const audit = await ctx.database.db.selectFrom('audit_events').selectAll().where('action', '=', 'insights.read').where('org_id', '=', 'salford').execute()
  t.equal(audit.length, 3, 'every read is audited')
  t.equal(audit[0]!.purpose, 'area risk review', 'with its purpose')
})

onEachDatabase('insights for a force: hits on its groups across the authorities sharing with it, nothing of suppliers', async (t, ctx) => {
  const world = await seedScreenings(ctx)
  const res = await world.gmp({ method: 'GET', url: '/v1/insights', headers: { 'x-purpose': 'tasking' } })
  t.equal(res.statusCode, 200)
  t.equal(res.headers['x-protective-marking'], 'OFFICIAL-SENSITIVE')
  const body = res.json<Insights>()
  t.equal(body.view, 'force')
  t.same(Object.keys(body.breakdowns).sort(), ['authority', 'cpvDivision', 'group', 'month', 'region'])
  t.equal(body.totals.screenings, 11, '9 of Salford and 2 of Bolton hit its groups')
  holdsSuppression(t, body, 'GMP')
  // Bolton's 2 read "<5"; Salford's 9 would give them away from the total of 11, so it is withheld.
  t.match(
    body.breakdowns.authority!.find((r) => r.value === 'bolton'),
    { name: 'Bolton Council', screenings: '<5', confirmed: 0 },
    "Bolton's 2 hits are not shown",
  )
  t.match(
    body.breakdowns.authority!.find((r) => r.value === 'salford'),
    { name: 'Salford City Council', screenings: 'withheld', confirmed: 6, mediumOrHighRate: null },
    'complementary suppression',
  )
  t.notOk(
    body.breakdowns.authority!.some((r) => r.value === 'leeds'),
    'no authority without an agreement',
  )
  for (const name of world.supplierNames) t.notOk(res.body.includes(name), `no supplier name (${name})`)
  t.same(
    world.screeningIds.filter((id) => res.body.includes(id)),
    [],
    'no screening id',
  )
  t.same(
    world.references.filter((r) => res.body.includes(r)),
    [],
    'no screening reference',
  )
  t.notMatch(res.body, /09876543|SC123456|O'Connor/, 'no company number or person')

  const met = await insights(ctx.as('met', 'police'))
  t.equal(met.totals.screenings, 0, 'a force nobody hit sees nothing')
  t.same(met.breakdowns.authority, [], 'and no authority')
})

onEachDatabase('insights: roles and query', async (t, ctx) => {
  await seedRegister(ctx)
  const cases: [string, Inject, string, number][] = [
    ['a screener', ctx.as('salford', 'screener'), '', 403],
    ['an administrator', ctx.as('platform', 'admin'), '', 403],
    ['an officer', ctx.as('salford', 'officer'), '', 200],
    ['a force', ctx.as('gmp', 'police'), '', 200],
    ['an officer asking by authority', ctx.as('salford', 'officer'), '?by=authority', 400],
    ['a force asking by authority', ctx.as('gmp', 'police'), '?by=authority', 200],
    ['an unknown dimension', ctx.as('salford', 'officer'), '?by=supplier', 400],
    ['to before from', ctx.as('salford', 'officer'), '?from=2026-05-01T00:00:00Z&to=2026-04-01T00:00:00Z', 400],
    ['a period of over ten years', ctx.as('salford', 'officer'), '?from=2000-01-01T00:00:00Z&to=2026-04-01T00:00:00Z', 400],
    ['an unknown parameter', ctx.as('salford', 'officer'), '?supplier=x', 400],
  ]
  for (const [who, caller, query, status] of cases) {
    const res = await caller({ method: 'GET', url: `/v1/insights${query}` })
    t.equal(res.statusCode, status, `${who}: ${status}`)
  }
  const anonymous = await ctx.app.inject({ method: 'GET', url: '/v1/insights' })
  t.equal(anonymous.statusCode, 401)
})
