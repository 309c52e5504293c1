import t from 'tap'
import { buildApp } from '../../src/app.js'
import { databaseKinds, startTestApp, type TestApp } from '../helpers/test-app.js'
import { gmpWatchlist, seedRegister } from '../helpers/screening-fixtures.js'
import { waitFor } from '../helpers/wait-for.js'
import { loadChangeSet } from '../../src/monitoring/change-set.js'

// A member the force adds later, and suppliers whose directors include them (or not).
const newMember = { type: 'person', name: 'Kevin Marsh', dateOfBirth: '1975-05-02', role: 'associate' }
const withNewMember = {
  groups: gmpWatchlist.groups.map((g, i) => (i === 0 ? { ...g, entities: [...g.entities, newMember] } : g)),
}
const supplierOf = (name: string, director?: string) => ({
  reference: `BID-${name}`,
  supplier: { name, ...(director ? { people: [{ name: director, dateOfBirth: '1975-05-02', role: 'director' }] } : {}) },
})

interface AlertItem {
  id: string
  status: string
  band: string
  newMatchCount: number
  groups: { force: string; ref: string }[]
  screening: { id: string; reference: string | null; supplierName: string; band: string }
}

async function gmpWatchlistId(ctx: TestApp): Promise<string> {
  const lists = await ctx.as('gmp', 'police')({ method: 'GET', url: '/v1/watchlists' })
  return lists.json<{ items: { id: string }[] }>().items[0]!.id
}

/** Waits until every authority's re-screen of the change is done. */
async function monitoringDone(ctx: TestApp, changeId: string, authorities: number) {
  return waitFor(async () => {
    const rows = await ctx.database.db.selectFrom('monitoring_progress').selectAll().where('change_id', '=', changeId).where('done', '=', true).execute()
    return rows.length >= authorities ? rows : undefined
  })
}

for (const kind of databaseKinds) {
  t.test(`an added member raises one alert per authority whose latest screening names them; removing them closes it [${kind}]`, async (t) => {
    const ctx = await startTestApp(t, kind)
    const { admin, salfordScreener, salfordOfficer, leedsOfficer, gmp } = await seedRegister(ctx)
    await admin({ method: 'POST', url: '/v1/sharing-agreements', payload: { policeOrgId: 'gmp', authorityOrgId: 'leeds' } })
    const leedsScreener = ctx.as('leeds', 'screener')
    // Salford screened the same supplier twice: only the latest is its screening of record.
    const first = (await salfordScreener({ method: 'POST', url: '/v1/screenings', payload: supplierOf('Marsh Groundworks Ltd', 'Kevin Marsh') })).json<{
      id: string
      band: string
    }>()
    const latest = (await salfordScreener({ method: 'POST', url: '/v1/screenings', payload: supplierOf('Marsh Groundworks Ltd', 'Kevin Marsh') })).json<{
      id: string
      band: string
    }>()
    t.equal(latest.band, 'none', 'clean when it bid')
    const leeds = (await leedsScreener({ method: 'POST', url: '/v1/screenings', payload: supplierOf('Marsh Groundworks Ltd', 'Kevin Marsh') })).json<{
      id: string
    }>()
    await salfordScreener({ method: 'POST', url: '/v1/screenings', payload: supplierOf('Bright Futures Nursery CIC', 'Priya Shah') })

    const watchlistId = await gmpWatchlistId(ctx)
    const uploaded = await gmp({ method: 'PUT', url: `/v1/watchlists/${watchlistId}/content`, payload: withNewMember })
    t.equal(uploaded.statusCode, 201)
    const version = uploaded.json<{ version: number }>().version
    t.ok(await monitoringDone(ctx, `${watchlistId}@${version}`, 2), 'both authorities re-screened')

    const salfordAlerts = (await salfordOfficer({ method: 'GET', url: '/v1/alerts' })).json<{ items: AlertItem[] }>().items
    t.equal(salfordAlerts.length, 1, 'one alert for Salford')
    t.equal(salfordAlerts[0]!.screening.id, latest.id, "on the supplier's latest screening")
    t.not(salfordAlerts[0]!.screening.id, first.id)
    t.match(salfordAlerts[0], { status: 'open', newMatchCount: 1, groups: [{ force: 'Greater Manchester Police', ref: 'GMP-OCG-0117' }] })
    t.not(salfordAlerts[0]!.band, 'none')
    const leedsAlerts = (await leedsOfficer({ method: 'GET', url: '/v1/alerts' })).json<{ items: AlertItem[] }>().items
    t.equal(leedsAlerts.length, 1, 'one alert for Leeds')
    t.equal(leedsAlerts[0]!.screening.id, leeds.id)

    const detail = (await salfordOfficer({ method: 'GET', url: `/v1/alerts/${salfordAlerts[0]!.id}` })).json<{
      matches: { new: boolean; entity: { name: string }; field: string }[]
      previousMatches: unknown[]
    }>()
    t.match(detail.matches, [{ new: true, entity: { name: 'Kevin Marsh' }, field: 'supplier.people[0]' }], 'the new match and its reasons')
    t.same(detail.previousMatches, [], 'beside the earlier screening, which had none')

    // The same change announced again raises nothing twice.
    await ctx.app.jobs.send('monitoring-change', { watchlistId, version, forceOrgId: 'gmp', registerVersion: 0 }, 'again')
    const again = await waitFor(async () => {
      const jobs = await ctx.database.executeSql(`select state from pgboss.job where name = 'monitoring-change' and state = 'completed'`)
      return jobs.rows.length >= 2 ? jobs.rows : undefined
    })
    t.ok(again, 'the repeated change ran')
    const count = await ctx.database.db
      .selectFrom('alerts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    t.equal(Number(count.n), 2, 'still one alert per authority')

    // The force takes the member off again: the alert that rested on them is closed.
    const removed = await gmp({ method: 'PUT', url: `/v1/watchlists/${watchlistId}/content`, payload: gmpWatchlist })
    t.equal(removed.statusCode, 201)
    const closed = await waitFor(async () => {
      const items = (await salfordOfficer({ method: 'GET', url: '/v1/alerts?status=closed' })).json<{ items: AlertItem[] }>().items
      return items.length === 1 ? items : undefined
    })
    t.match(
      closed,
      [{ id: salfordAlerts[0]!.id, status: 'closed', closed: { reason: 'register_removed' } }],
      'closed when the register no longer holds its match',
    )
  })

  t.test(`a change that is most of the list is re-screened against the live register: the same alerts, no prefilter [${kind}]`, async (t) => {
    const ctx = await startTestApp(t, kind)
    const { salfordScreener, salfordOfficer, gmp } = await seedRegister(ctx)
    const marsh = (await salfordScreener({ method: 'POST', url: '/v1/screenings', payload: supplierOf('Marsh Groundworks Ltd', 'Kevin Marsh') })).json<{
      id: string
      band: string
    }>()
    t.equal(marsh.band, 'none', 'clean when it bid')
    const skip = (
      await salfordScreener({ method: 'POST', url: '/v1/screenings', payload: { reference: 'BID-SKIP', supplier: { name: 'Rapid Skip Hire Ltd' } } })
    ).json<{
      band: string
    }>()
    t.not(skip.band, 'none', 'already matched, by a group the change leaves alone')

    // The first group renamed (so all its entities count as changed) and the member added: four of six.
    const renamed = {
      groups: withNewMember.groups.map((g, i) => (i === 0 ? { ...g, name: "O'Connor family (Salford)" } : g)),
    }
    const watchlistId = await gmpWatchlistId(ctx)
    const uploaded = await gmp({ method: 'PUT', url: `/v1/watchlists/${watchlistId}/content`, payload: renamed })
    t.equal(uploaded.statusCode, 201)
    const version = uploaded.json<{ version: number }>().version
    const set = await loadChangeSet(ctx.database.db, { watchlistId, version, forceOrgId: 'gmp', registerVersion: 0 })
    t.equal(set.part, null, 'no register of its own')
    t.equal(set.fingerprints.size, 4, 'the changed entities are known by fingerprint')
    t.same([...set.groupRefs], ['GMP-OCG-0117'])
    t.ok(await monitoringDone(ctx, `${watchlistId}@${version}`, 1))

    const alerts = (await salfordOfficer({ method: 'GET', url: '/v1/alerts' })).json<{ items: AlertItem[] }>().items
    t.equal(alerts.length, 1, 'one alert: the supplier the change brought a match to')
    t.match(alerts[0], { newMatchCount: 1, screening: { id: marsh.id }, groups: [{ ref: 'GMP-OCG-0117' }] })
  })

  t.test(`a restart of the job runner mid-run loses no alert and duplicates none [${kind}]`, async (t) => {
    const ctx = await startTestApp(t, kind, { MONITORING_PAGE_SIZE: '1' })
    const { salfordScreener, gmp } = await seedRegister(ctx)
    const suppliers = Array.from({ length: 30 }, (_, i) => supplierOf(`Marsh Haulage ${i} Ltd`, 'Kevin Marsh'))
    const batch = await salfordScreener({ method: 'POST', url: '/v1/screenings/batch', payload: { items: suppliers } })
    t.equal(batch.statusCode, 200)
    const watchlistId = await gmpWatchlistId(ctx)
    const uploaded = await gmp({ method: 'PUT', url: `/v1/watchlists/${watchlistId}/content`, payload: withNewMember })
    const changeId = `${watchlistId}@${uploaded.json<{ version: number }>().version}`
    // Stopped once it has started: the job under way finishes or goes back to the queue.
    t.ok(
      await waitFor(async () => {
        const row = await ctx.database.db.selectFrom('monitoring_progress').selectAll().where('change_id', '=', changeId).executeTakeFirst()
        return row && row.rescreened > 0 ? row : undefined
      }),
    )
    await ctx.app.close()
    const before = await ctx.database.db.selectFrom('monitoring_progress').selectAll().where('change_id', '=', changeId).executeTakeFirstOrThrow()
    t.ok(before.rescreened < 30 || before.done, 'stopped part way (or, on a fast machine, just done)')

    const restarted = await buildApp(ctx.config, { database: ctx.database, logger: false })
    t.teardown(() => restarted.close())
    await restarted.ready()
    t.ok(await monitoringDone(ctx, changeId, 1), 'the restarted runner finished the run')
    const alerts = await ctx.database.db.selectFrom('alerts').select(['screening_id']).execute()
    t.equal(alerts.length, 30, 'one alert per supplier')
    t.equal(new Set(alerts.map((a) => a.screening_id)).size, 30, 'none twice')
  })
}

for (const kind of databaseKinds) {
  t.test(`a stronger band raises an alert, except where the authority cleared the match [${kind}]`, async (t) => {
    const ctx = await startTestApp(t, kind)
    const { admin, salfordScreener, salfordOfficer, leedsOfficer, gmp } = await seedRegister(ctx)
    await admin({ method: 'POST', url: '/v1/sharing-agreements', payload: { policeOrgId: 'gmp', authorityOrgId: 'leeds' } })
    const withRisk = (riskLevel: string) => ({ groups: gmpWatchlist.groups.map((g) => (g.ref === 'GMP-OCG-0200' ? { ...g, riskLevel } : g)) })
    const watchlistId = await gmpWatchlistId(ctx)
    t.equal((await gmp({ method: 'PUT', url: `/v1/watchlists/${watchlistId}/content`, payload: withRisk('low') })).statusCode, 201)
    const skipHire = { reference: 'BID-SKIP', supplier: { name: 'Rapid Skip Hire Ltd' } }
    const salford = (await salfordScreener({ method: 'POST', url: '/v1/screenings', payload: skipHire })).json<{ id: string; band: string }>()
    const leeds = (await ctx.as('leeds', 'screener')({ method: 'POST', url: '/v1/screenings', payload: skipHire })).json<{ id: string; band: string }>()
    t.equal(salford.band, 'medium', 'a low-risk group matched by name')
    const cleared = await salfordOfficer({ method: 'POST', url: `/v1/screenings/${salford.id}/decisions`, payload: { outcome: 'cleared' } })
    t.equal(cleared.statusCode, 201)

    // The force raises the group's risk level: the same match now weighs more.
    const uploaded = await gmp({ method: 'PUT', url: `/v1/watchlists/${watchlistId}/content`, payload: withRisk('high') })
    t.ok(await monitoringDone(ctx, `${watchlistId}@${uploaded.json<{ version: number }>().version}`, 2))

    const leedsAlerts = (await leedsOfficer({ method: 'GET', url: '/v1/alerts' })).json<{ items: AlertItem[] }>().items
    t.equal(leedsAlerts.length, 1, 'Leeds, which did not clear it, is alerted')
    t.equal(leedsAlerts[0]?.screening.id, leeds.id)
    t.equal(leedsAlerts[0]?.newMatchCount, 0, 'no new match: the band is stronger')
    t.match(leedsAlerts[0], { band: 'high', screening: { band: 'medium' } })
    const salfordAlerts = (await salfordOfficer({ method: 'GET', url: '/v1/alerts' })).json<{ items: AlertItem[] }>().items
    t.same(salfordAlerts, [], "Salford's cleared match stays suppressed")
  })
}
