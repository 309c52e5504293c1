import { gmpWatchlist, seedRegister } from '../helpers/screening-fixtures.js'
import { onEachDatabase, type TestApp } from '../helpers/test-app.js'
import { waitFor } from '../helpers/wait-for.js'

const members = [
  { type: 'person', name: 'Kevin Marsh', dateOfBirth: '1975-05-02', role: 'associate' },
  { type: 'person', name: 'Oliver Brannigan', dateOfBirth: '1969-11-23', role: 'associate' },
]
const director = (m: (typeof members)[number]) => ({ name: m.name, dateOfBirth: m.dateOfBirth, role: 'director' })
const marsh = { reference: 'BID-MARSH', supplier: { name: 'Marsh Groundworks Ltd', people: [director(members[0]!)] } }
const brannigan = { reference: 'BID-BRANNIGAN', supplier: { name: 'Brannigan Civils Ltd', people: [director(members[1]!)] } }

interface AlertBody {
  id: string
  status: string
  band: string
  screening: { id: string; reference: string | null }
  acknowledged: { by: string; at: string } | null
  decision: { id: string; outcome: string } | null
}

/** Salford screens two suppliers while they are clean; then GMP adds both their directors. */
async function withTwoAlerts(ctx: TestApp) {
  const world = await seedRegister(ctx)
  const screened = []
  for (const payload of [marsh, brannigan]) {
    screened.push((await world.salfordScreener({ method: 'POST', url: '/v1/screenings', payload })).json<{ id: string }>())
  }
  const lists = await world.gmp({ method: 'GET', url: '/v1/watchlists' })
  const watchlistId = lists.json<{ items: { id: string }[] }>().items[0]!.id
  const content = { groups: gmpWatchlist.groups.map((g, i) => (i === 0 ? { ...g, entities: [...g.entities, ...members] } : g)) }
  await world.gmp({ method: 'PUT', url: `/v1/watchlists/${watchlistId}/content`, payload: content })
  const alerts = await waitFor(async () => {
    const page = (await world.salfordOfficer({ method: 'GET', url: '/v1/alerts' })).json<{ items: AlertBody[] }>()
    return page.items.length === 2 ? page.items : undefined
  })
  if (!alerts) throw new Error('no alerts raised')
  const alertOf = (screeningId: string) => alerts.find((a) => a.screening.id === screeningId)!
  return { ...world, marshScreening: screened[0]!.id, marshAlert: alertOf(screened[0]!.id), branniganAlert: alertOf(screened[1]!.id) }
}

onEachDatabase('alerts list with filters and cursor pages; only the own authority reads one', async (t, ctx) => {
  const { salfordOfficer, salfordScreener, leedsOfficer, gmp, marshAlert, branniganAlert } = await withTwoAlerts(ctx)
  const list = async (query: string) =>
    (await salfordOfficer({ method: 'GET', url: `/v1/alerts${query}` })).json<{ items: AlertBody[]; nextCursor: string | null }>()

  const first = await list('?limit=1')
  t.equal(first.items.length, 1)
  t.ok(first.nextCursor, 'a second page')
  const second = await list(`?limit=1&cursor=${first.nextCursor}`)
  t.same([...first.items, ...second.items].map((a) => a.id).sort(), [marshAlert.id, branniganAlert.id].sort(), 'two pages, no overlap, no loss')
  t.equal(second.nextCursor, null)

  t.same(
    (await list('?reference=BID-MARSH')).items.map((a) => a.id),
    [marshAlert.id],
    'by the screening reference',
  )
  t.equal((await list('?group=GMP-OCG-0117')).items.length, 2, 'by group')
  t.equal((await list('?group=MET-OCG-0001')).items.length, 0)
  t.equal((await list('?status=open')).items.length, 2, 'by status')
  t.equal((await list('?status=closed')).items.length, 0)
  t.equal((await list(`?band=${marshAlert.band}`)).items.length >= 1, true, 'by band')
  t.equal((await list('?from=2999-01-01T00:00:00Z')).items.length, 0, 'by date')
  t.equal((await salfordOfficer({ method: 'GET', url: '/v1/alerts?colour=red' })).statusCode, 400, 'an unknown filter is refused')

  t.equal(
    (await salfordScreener({ method: 'GET', url: `/v1/alerts/${marshAlert.id}` })).statusCode,
    200,
    "the e-procurement system reads its authority's alert",
  )
  t.equal((await leedsOfficer({ method: 'GET', url: `/v1/alerts/${marshAlert.id}` })).statusCode, 404, "another authority's alert is not found")
  t.equal((await leedsOfficer({ method: 'GET', url: '/v1/alerts' })).json<{ items: unknown[] }>().items.length, 0, 'nor listed')
  t.equal((await gmp({ method: 'GET', url: '/v1/alerts' })).statusCode, 403, 'police do not read alerts')
  t.equal((await salfordScreener({ method: 'POST', url: `/v1/alerts/${marshAlert.id}/acknowledge` })).statusCode, 403, 'only officers act on one')

  const reads = await ctx.database.db
    .selectFrom('audit_events')
    .select(['action', 'target_id'])
    .where('action', 'in', ['alert.read', 'alert.list', 'alert.raise'])
    .execute()
  t.ok(
    reads.some((e) => e.action === 'alert.read' && e.target_id === marshAlert.id),
    'a read is audited',
  )
  t.equal(reads.filter((e) => e.action === 'alert.raise').length, 2, 'each raise is audited')
})

onEachDatabase('acknowledge, then a cleared decision joins the screening history and suppresses the match', async (t, ctx) => {
  const { salfordOfficer, salfordScreener, marshAlert, marshScreening } = await withTwoAlerts(ctx)
  const acknowledged = await salfordOfficer({ method: 'POST', url: `/v1/alerts/${marshAlert.id}/acknowledge` })
  t.equal(acknowledged.statusCode, 200)
  t.match(acknowledged.json(), { id: marshAlert.id, status: 'acknowledged', acknowledged: { by: 'salford-user' } })
  const again = await salfordOfficer({ method: 'POST', url: `/v1/alerts/${marshAlert.id}/acknowledge` })
  t.equal(again.json<AlertBody>().acknowledged?.at, acknowledged.json<AlertBody>().acknowledged?.at, 'acknowledging again changes nothing')

  const payload = { outcome: 'cleared', note: 'A different Kevin Marsh: checked with the force.' }
  const decided = await salfordOfficer({ method: 'POST', url: `/v1/alerts/${marshAlert.id}/decisions`, payload, headers: { 'idempotency-key': 'alert-1' } })
  t.equal(decided.statusCode, 201)
  t.match(decided.json(), { screeningId: marshScreening, outcome: 'cleared', alertId: marshAlert.id })
  const replay = await salfordOfficer({ method: 'POST', url: `/v1/alerts/${marshAlert.id}/decisions`, payload, headers: { 'idempotency-key': 'alert-1' } })
  t.equal(replay.headers['idempotent-replayed'], 'true', 'a retry records nothing new')
  t.same(replay.json(), decided.json())

  const alert = (await salfordOfficer({ method: 'GET', url: `/v1/alerts/${marshAlert.id}` })).json<AlertBody>()
  t.match(alert, { status: 'decided', decision: { id: decided.json<{ id: string }>().id, outcome: 'cleared' } })
  const screening = (await salfordOfficer({ method: 'GET', url: `/v1/screenings/${marshScreening}` })).json<{
    decision: { outcome: string }
    decisions: { alertId?: string }[]
  }>()
  t.equal(screening.decision.outcome, 'cleared', "the alert's decision stands on its screening")
  t.same(
    screening.decisions.map((d) => d.alertId),
    [marshAlert.id],
    'and joins its history, naming the alert',
  )

  // The cleared pair no longer counts when the supplier bids again.
  const rebid = (await salfordScreener({ method: 'POST', url: '/v1/screenings', payload: marsh })).json<{ band: string; matches: { suppressed?: object }[] }>()
  t.equal(rebid.band, 'none', 'suppressed in the next screening')
  t.ok(rebid.matches.length > 0 && rebid.matches.every((m) => m.suppressed), 'its match is shown, marked suppressed')
})
