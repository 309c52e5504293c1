// Reads of, and writes to, another organisation's records are answered 404, as if absent, and audited: who asked
// for which record, from which organisation; nothing of the record or of what the client typed.
import { cleanSupplier, examplePaving, seedRegister } from '../helpers/screening-fixtures.js'
import { onEachDatabase } from '../helpers/test-app.js'

onEachDatabase('denied reads of another organisation’s screening or watchlist are audited, without personal data', async (t, ctx) => {
  const { salfordScreener, salfordOfficer, leedsOfficer, gmp } = await seedRegister(ctx)
  const met = ctx.as('met', 'police')
  const screening = (await salfordScreener({ method: 'POST', url: '/v1/screenings', payload: examplePaving })).json<{ id: string }>().id
  await salfordScreener({ method: 'POST', url: '/v1/screenings', payload: cleanSupplier })
  const watchlist = (await gmp({ method: 'GET', url: '/v1/watchlists' })).json<{ items: { id: string }[] }>().items[0]!.id

  t.equal((await salfordOfficer({ method: 'GET', url: `/v1/screenings/${screening}` })).statusCode, 200, 'its own authority reads it')
  t.equal((await gmp({ method: 'GET', url: `/v1/watchlists/${watchlist}/content` })).statusCode, 200, 'its own force reads its content')
  const denied = [
    await leedsOfficer({ method: 'GET', url: `/v1/screenings/${screening}` }),
    await leedsOfficer({ method: 'GET', url: `/v1/screenings/${encodeURIComponent("Danny O'Connor")}` }),
    await met({ method: 'GET', url: `/v1/watchlists/${watchlist}/content` }),
    await met({ method: 'GET', url: `/v1/watchlists/${watchlist}/hits` }),
    await met({ method: 'GET', url: `/v1/watchlists/${watchlist}` }),
  ]
  t.same(
    denied.map((r) => r.statusCode),
    [404, 404, 404, 404, 404],
  )

  const events = await ctx.database.db
    .selectFrom('audit_events')
    .select(['actor', 'org_id', 'action', 'target_type', 'target_id', 'details'])
    .where('action', 'like', '%.read%')
    .orderBy('seq')
    .execute()
  t.same(events, [
    { actor: 'salford-user', org_id: 'salford', action: 'screening.read', target_type: 'screening', target_id: screening, details: {} },
    { actor: 'gmp-user', org_id: 'gmp', action: 'watchlist.read_content', target_type: 'watchlist', target_id: watchlist, details: { version: 1 } },
    { actor: 'leeds-user', org_id: 'leeds', action: 'screening.read_denied', target_type: 'screening', target_id: screening, details: {} },
    // What was typed in place of an id (a name, here) is not kept.
    { actor: 'leeds-user', org_id: 'leeds', action: 'screening.read_denied', target_type: 'screening', target_id: null, details: { malformedId: true } },
    { actor: 'met-user', org_id: 'met', action: 'watchlist.read_denied', target_type: 'watchlist', target_id: watchlist, details: { operation: 'content' } },
    { actor: 'met-user', org_id: 'met', action: 'watchlist.read_denied', target_type: 'watchlist', target_id: watchlist, details: { operation: 'hits' } },
    { actor: 'met-user', org_id: 'met', action: 'watchlist.read_denied', target_type: 'watchlist', target_id: watchlist, details: { operation: 'get' } },
  ])
  t.notMatch(JSON.stringify(events), /Danny|Connor|Paving|Priya/, 'no personal data in any of them')
})

onEachDatabase(
  'denied writes (a decision on another authority’s screening, an upload to another force’s list) are audited and change nothing',
  async (t, ctx) => {
    const { salfordScreener, leedsOfficer, gmp } = await seedRegister(ctx)
    const met = ctx.as('met', 'police')
    const screening = (await salfordScreener({ method: 'POST', url: '/v1/screenings', payload: examplePaving })).json<{ id: string }>().id
    const watchlist = (await gmp({ method: 'GET', url: '/v1/watchlists' })).json<{ items: { id: string }[] }>().items[0]!.id

    const decide = await leedsOfficer({ method: 'POST', url: `/v1/screenings/${screening}/decisions`, payload: { outcome: 'cleared', note: 'Danny is fine' } })
    const upload = await met({ method: 'PUT', url: `/v1/watchlists/${watchlist}/content`, payload: { groups: [] } })
    t.same([decide.statusCode, upload.statusCode], [404, 404])

    const events = await ctx.database.db
      .selectFrom('audit_events')
      .select(['actor', 'org_id', 'action', 'target_type', 'target_id', 'details'])
      .where('action', 'like', '%_denied')
      .orderBy('seq')
      .execute()
    t.same(events, [
      { actor: 'leeds-user', org_id: 'leeds', action: 'screening.decide_denied', target_type: 'screening', target_id: screening, details: {} },
      { actor: 'met-user', org_id: 'met', action: 'watchlist.upload_denied', target_type: 'watchlist', target_id: watchlist, details: {} },
    ])
    t.notMatch(JSON.stringify(events), /Danny|Connor|Paving/, 'no personal data in them')
    const decisions = await ctx.database.db.selectFrom('decisions').select('id').where('screening_id', '=', screening).execute()
    t.same(decisions, [], 'no decision was recorded')
  },
)
