import { cleanSupplier, examplePaving, gmpWatchlist, seedRegister } from '../helpers/screening-fixtures.js'
import { onEachDatabase } from '../helpers/test-app.js'
import { purgeExpiredIdempotencyKeys } from '../../src/screening/idempotency.js'
import { recordDecision } from '../../src/screening/decision-repository.js'

interface MatchBody {
  group: { ref: string; force: string; riskLevel: string; handling: string }
  entity: { id: string; kind: string; name: string }
  field: string
  score: number
  reasons: { feature: string; score: number; query: string; candidate: string; detail: string }[]
  suppressed?: { decisionId: string }
}
interface ScreeningBody {
  id: string
  riskScore: number
  band: string
  registerVersion: number
  matches: MatchBody[]
  screenedAt: string
}

onEachDatabase('a screening of a linked supplier returns score, band and reasons, and is stored', async (t, ctx) => {
  const { salfordScreener, salfordOfficer } = await seedRegister(ctx)
  const res = await salfordScreener({ method: 'POST', url: '/v1/screenings', payload: examplePaving })
  t.equal(res.statusCode, 201, res.body.slice(0, 300))
  t.equal(res.headers['x-protective-marking'], 'OFFICIAL-SENSITIVE')
  t.equal(res.headers['cache-control'], 'no-store')
  const body = res.json<ScreeningBody>()
  t.equal(res.headers.location, `/v1/screenings/${body.id}`)
  t.match(body, { id: /^scr_/, band: 'high', registerVersion: 2, screenedAt: String })
  t.ok(body.riskScore >= 70, `risk score ${body.riskScore} is high`)
  const fields = new Set(body.matches.map((m) => m.field))
  for (const field of ['supplier.name', 'supplier.companyNumber', 'supplier.people[0]', 'supplier.addresses[0]', 'supplier.phones[0]']) {
    t.ok(fields.has(field), `${field} matched`)
  }
  const person = body.matches.find((m) => m.field === 'supplier.people[0]')!
  t.match(person, {
    group: { ref: 'GMP-OCG-0117', force: 'Greater Manchester Police', riskLevel: 'high', handling: /SOC unit/ },
    entity: { kind: 'person', name: "Danny O'Connor" },
  })
  t.ok(
    person.reasons.some((r) => r.feature === 'date_of_birth' || /birth/.test(r.detail)),
    'the date of birth is a reason',
  )
  t.ok(
    person.reasons.every((r) => r.query && r.candidate && r.detail),
    'each reason says what matched what, and why',
  )
  t.notMatch(res.body, /Informant|cash drops/, 'intelligence notes never appear')
  t.notMatch(res.body, /internal|fingerprint|valueKey/, 'internal bookkeeping is not returned')

  const read = await salfordOfficer({ method: 'GET', url: `/v1/screenings/${body.id}` })
  t.equal(read.statusCode, 200)
  t.match(read.json(), { id: body.id, band: 'high', supplier: { name: 'Northern Paving Solutions Ltd' }, decision: null, decisions: [] })
  t.same(read.json<ScreeningBody>().matches, body.matches, 'the stored matches are the ones returned')

  const clean = await salfordScreener({ method: 'POST', url: '/v1/screenings', payload: cleanSupplier })
  t.equal(clean.statusCode, 201)
  t.match(clean.json(), { riskScore: 0, band: 'none', matches: [] })

  const events = await ctx.database.db.selectFrom('audit_events').select(['action', 'details']).where('action', 'like', 'screening.%').orderBy('seq').execute()
  t.same(
    events.map((e) => e.action),
    ['screening.create', 'screening.read', 'screening.create'],
  )
  t.notMatch(JSON.stringify(events), /O'Connor|Paving|1981/, 'audit details carry no personal data')
})

onEachDatabase('only forces with an active agreement are screened against, with no hint of the others', async (t, ctx) => {
  const { salfordScreener, leedsOfficer, admin, agreementId } = await seedRegister(ctx)
  const thames = { supplier: { name: 'Thameside Demolition Limited', companyNumber: '01234567' } }
  const salfordThames = await salfordScreener({ method: 'POST', url: '/v1/screenings', payload: thames })
  t.match(salfordThames.json(), { band: 'none', matches: [] }, 'Salford has no agreement with the Met')
  const leeds = await leedsOfficer({ method: 'POST', url: '/v1/screenings', payload: examplePaving })
  t.equal(leeds.statusCode, 201)
  t.match(leeds.json(), { band: 'none', riskScore: 0, matches: [] }, 'Leeds has no agreement at all')
  t.notMatch(leeds.body, /GMP|OCG|Greater Manchester/)

  await admin({ method: 'DELETE', url: `/v1/sharing-agreements/${agreementId}` })
  const afterRevoke = await salfordScreener({ method: 'POST', url: '/v1/screenings', payload: examplePaving })
  t.match(afterRevoke.json(), { band: 'none', matches: [] }, 'a revoked agreement stops matching at once')

  const leedsView = await leedsOfficer({ method: 'GET', url: `/v1/screenings/${salfordThames.json<{ id: string }>().id}` })
  t.equal(leedsView.statusCode, 404, "another authority's screening is not found")
  t.match(leedsView.json(), { code: 'NOT_FOUND' })
  const leedsList = await leedsOfficer({ method: 'GET', url: '/v1/screenings' })
  t.equal(leedsList.json<{ items: unknown[] }>().items.length, 1, 'a list holds only the caller’s own screenings')
})

onEachDatabase('bad requests are problem+json naming the field; roles are enforced', async (t, ctx) => {
  const { salfordScreener, gmp } = await seedRegister(ctx)
  const cases: [string, unknown, string][] = [
    ['missing name', { supplier: {} }, 'supplier.name'],
    ['unknown field', { supplier: { name: 'X', colour: 'red' } }, 'supplier'],
    ['over-long name', { supplier: { name: 'x'.repeat(301) } }, 'supplier.name'],
    ['too many trading names', { supplier: { name: 'X', tradingNames: Array.from({ length: 21 }, (_, i) => `T${i}`) } }, 'supplier.tradingNames'],
    ['impossible date of birth', { supplier: { name: 'X', people: [{ name: 'A B', dateOfBirth: '1981-02-30' }] } }, 'supplier.people[0].dateOfBirth'],
    ['bad country', { supplier: { name: 'X', addresses: [{ country: 'Britain' }] } }, 'supplier.addresses[0].country'],
    ['a NUL character, which the database cannot store', { supplier: { name: 'Acme\u0000 Ltd' } }, 'supplier.name'],
    ['a control character in a person name', { supplier: { name: 'X', people: [{ name: 'A\u0007B' }] } }, 'supplier.people[0].name'],
    ['a direction override in a trading name', { supplier: { name: 'X', tradingNames: ['Acme \u202eLtd'] } }, 'supplier.tradingNames[0]'],
  ]
  for (const [name, payload, field] of cases) {
    const res = await salfordScreener({ method: 'POST', url: '/v1/screenings', payload: payload as object })
    t.equal(res.statusCode, 400, name)
    t.match(res.headers['content-type'], /^application\/problem\+json/)
    const problem = res.json<{ code: string; errors: { field: string }[] }>()
    t.equal(problem.code, 'VALIDATION_FAILED')
    t.ok(
      problem.errors.some((e) => e.field === field),
      `${name}: names ${field} (got ${problem.errors.map((e) => e.field).join(', ')})`,
    )
  }
  const police = await gmp({ method: 'POST', url: '/v1/screenings', payload: examplePaving })
  t.equal(police.statusCode, 403, 'a force does not screen')
  const screenerDecides = await salfordScreener({ method: 'POST', url: '/v1/screenings/scr_x/decisions', payload: { outcome: 'cleared' } })
  t.equal(screenerDecides.statusCode, 403, 'a screener does not decide')
  const anonymous = await ctx.app.inject({ method: 'POST', url: '/v1/screenings', payload: examplePaving })
  t.equal(anonymous.statusCode, 401)
  const badKey = await salfordScreener({ method: 'POST', url: '/v1/screenings', headers: { 'idempotency-key': 'x'.repeat(201) }, payload: examplePaving })
  t.equal(badKey.statusCode, 400)
  t.match(badKey.json(), { field: 'Idempotency-Key' })
  const missing = await salfordScreener({ method: 'GET', url: '/v1/screenings/scr_missing' })
  t.equal(missing.statusCode, 404)
  const badFilter = await salfordScreener({ method: 'GET', url: '/v1/screenings?band=severe' })
  t.equal(badFilter.statusCode, 400)
  t.match(badFilter.json(), { field: 'band' })
})

onEachDatabase('Idempotency-Key: a retry returns the first response and stores nothing, also when racing', async (t, ctx) => {
  const { salfordScreener } = await seedRegister(ctx)
  const send = (key: string, payload: object) => salfordScreener({ method: 'POST', url: '/v1/screenings', headers: { 'idempotency-key': key }, payload })
  const first = await send('bid-17', examplePaving)
  const again = await send('bid-17', examplePaving)
  t.equal(first.statusCode, 201)
  t.equal(again.statusCode, 201)
  t.equal(again.headers['idempotent-replayed'], 'true')
  t.equal(again.headers.location, first.headers.location)
  t.same(again.json(), first.json(), 'the same response, byte for byte')
  const different = await send('bid-17', cleanSupplier)
  t.equal(different.statusCode, 422)
  t.match(different.json(), { code: 'IDEMPOTENCY_KEY_REUSED', field: 'Idempotency-Key' })

  const racing = await Promise.all(Array.from({ length: 5 }, () => send('bid-race', examplePaving)))
  t.same(
    racing.map((r) => r.statusCode),
    [201, 201, 201, 201, 201],
  )
  t.equal(new Set(racing.map((r) => r.json<{ id: string }>().id)).size, 1, 'racing requests share one screening')

  const count = await ctx.database.db
    .selectFrom('screenings')
    .select(({ fn }) => fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  t.equal(Number(count.n), 2, 'two keys, two screenings')

  await ctx.database.db
    .updateTable('idempotency_keys')
    .set({ expires_at: new Date(Date.now() - 1000) })
    .where('key', '=', 'bid-17')
    .execute()
  const afterExpiry = await send('bid-17', cleanSupplier)
  t.equal(afterExpiry.statusCode, 201, 'an expired key may be used again')
  t.not(afterExpiry.json<{ id: string }>().id, first.json<{ id: string }>().id)

  await ctx.database.db
    .updateTable('idempotency_keys')
    .set({ expires_at: new Date(Date.now() - 1000) })
    .where('key', '=', 'bid-race')
    .execute()
  t.equal(await purgeExpiredIdempotencyKeys(ctx.database.db), 1, 'the purge forgets expired keys only')
  const left = await ctx.database.db.selectFrom('idempotency_keys').select('key').execute()
  t.same(
    left.map((k) => k.key),
    ['bid-17'],
  )
})

onEachDatabase('Idempotency-Keys of concurrent requests are claimed together, each with its own outcome', async (t, ctx) => {
  const { salfordScreener } = await seedRegister(ctx)
  const send = (key: string, payload: object) => salfordScreener({ method: 'POST', url: '/v1/screenings', headers: { 'idempotency-key': key }, payload })
  // Arriving together: eight keys once each, one key twice with the same body, one twice with different bodies.
  const responses = await Promise.all([
    ...Array.from({ length: 8 }, (_, i) => send(`own-${i}`, i % 2 === 0 ? examplePaving : cleanSupplier)),
    send('twice', examplePaving),
    send('twice', examplePaving),
    send('clash', examplePaving),
    send('clash', cleanSupplier),
  ])
  const own = responses.slice(0, 8)
  t.same(
    own.map((r) => r.statusCode),
    own.map(() => 201),
  )
  t.equal(new Set(own.map((r) => r.json<ScreeningBody>().id)).size, 8, 'eight keys, eight screenings')
  const [twiceA, twiceB] = responses.slice(8, 10)
  t.same(twiceB!.json(), twiceA!.json(), 'the same key and body: one screening, the same response')
  t.same([twiceA!.headers['idempotent-replayed'], twiceB!.headers['idempotent-replayed']].sort(), ['true', undefined], 'one of them marked replayed')
  // Whichever of the two reaches the database first holds the key; the other is refused.
  const clash = responses.slice(10, 12).sort((a, b) => a.statusCode - b.statusCode)
  t.same(
    clash.map((r) => r.statusCode),
    [201, 422],
    'the same key with another body, in the same batch',
  )
  t.match(clash[1]!.json(), { code: 'IDEMPOTENCY_KEY_REUSED', field: 'Idempotency-Key' })

  const stored = await ctx.database.db
    .selectFrom('screenings')
    .select(({ fn }) => fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  t.equal(Number(stored.n), 10, 'eight, plus one for "twice" and one for "clash"')
  const retries = await Promise.all(Array.from({ length: 8 }, (_, i) => send(`own-${i}`, i % 2 === 0 ? examplePaving : cleanSupplier)))
  t.same(
    retries.map((r) => r.json<unknown>()),
    own.map((r) => r.json<unknown>()),
    'retried later, together: each gets its first response',
  )
  t.ok(
    retries.every((r) => r.headers['idempotent-replayed'] === 'true'),
    'marked replayed',
  )
})

onEachDatabase('batch screening: each item gets its own result or error, valid ones are stored', async (t, ctx) => {
  const { salfordScreener, salfordOfficer } = await seedRegister(ctx)
  const res = await salfordScreener({ method: 'POST', url: '/v1/screenings/batch', payload: { items: [examplePaving, { supplier: {} }, cleanSupplier] } })
  t.equal(res.statusCode, 200)
  const body = res.json<{
    summary: { screened: number; failed: number }
    results: { index: number; status: number; screening?: ScreeningBody; problem?: { errors: { field: string }[] } }[]
  }>()
  t.same(body.summary, { screened: 2, failed: 1 })
  t.same(
    body.results.map((r) => r.status),
    [201, 400, 201],
  )
  t.equal(body.results[0]?.screening?.band, 'high')
  t.match(body.results[1]?.problem, { code: 'VALIDATION_FAILED', errors: [{ field: 'items[1].supplier.name' }] })
  const list = await salfordOfficer({ method: 'GET', url: '/v1/screenings' })
  t.equal(list.json<{ items: unknown[] }>().items.length, 2)
  const tooMany = await salfordScreener({ method: 'POST', url: '/v1/screenings/batch', payload: { items: Array.from({ length: 1001 }, () => cleanSupplier) } })
  t.equal(tooMany.statusCode, 400)
  t.match(tooMany.json(), { field: 'items' })
  const empty = await salfordScreener({ method: 'POST', url: '/v1/screenings/batch', payload: { items: [] } })
  t.equal(empty.statusCode, 400)
})

onEachDatabase('concurrent screenings are stored together, each with its own matches, hits and audit event', async (t, ctx) => {
  const { salfordScreener, salfordOfficer } = await seedRegister(ctx)
  const payloads = Array.from({ length: 12 }, (_, i) => (i % 3 === 0 ? examplePaving : cleanSupplier))
  const responses = await Promise.all(payloads.map((payload) => salfordScreener({ method: 'POST', url: '/v1/screenings', payload })))
  t.same(
    responses.map((r) => r.statusCode),
    payloads.map(() => 201),
  )
  for (const [i, res] of responses.entries()) {
    const body = res.json<ScreeningBody>()
    t.equal(body.band, i % 3 === 0 ? 'high' : 'none')
    const read = await salfordOfficer({ method: 'GET', url: `/v1/screenings/${body.id}` })
    t.same(read.json<ScreeningBody>().matches, body.matches, `screening ${i} is stored with its own matches`)
  }
  const hits = await ctx.database.db.selectFrom('screening_hits').select(['screening_id', 'group_ref']).execute()
  t.same(new Set(hits.map((h) => h.screening_id)).size, 4, 'hits for the four linked screenings, none for the clean ones')
  const created = await ctx.database.db.selectFrom('audit_events').select('target_id').where('action', '=', 'screening.create').execute()
  t.same(new Set(created.map((e) => e.target_id)), new Set(responses.map((r) => r.json<ScreeningBody>().id)), 'one audit event per screening')
})

onEachDatabase('a batch of 1,000 suppliers is stored in full', async (t, ctx) => {
  const { salfordScreener } = await seedRegister(ctx)
  const items = Array.from({ length: 1000 }, (_, i) => (i % 2 === 0 ? examplePaving : cleanSupplier))
  const res = await salfordScreener({ method: 'POST', url: '/v1/screenings/batch', payload: { items } })
  t.equal(res.statusCode, 200, res.body.slice(0, 300))
  t.same(res.json<{ summary: unknown }>().summary, { screened: 1000, failed: 0 })
  const stored = await ctx.database.db
    .selectFrom('screenings')
    .select(({ fn }) => fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  t.equal(Number(stored.n), 1000)
  const hits = await ctx.database.db
    .selectFrom('screening_hits')
    .select(({ fn }) => fn.count<number>('screening_id').distinct().as('n'))
    .executeTakeFirstOrThrow()
  t.equal(Number(hits.n), 500, 'every linked screening has its hits')
})

onEachDatabase('listing filters by band, decision, time and name, with a stable cursor', async (t, ctx) => {
  const { salfordScreener, salfordOfficer } = await seedRegister(ctx)
  const ids: string[] = []
  for (const payload of [examplePaving, cleanSupplier, { supplier: { name: 'Rapid Skip Hire Limited' } }, cleanSupplier]) {
    ids.push((await salfordScreener({ method: 'POST', url: '/v1/screenings', payload })).json<{ id: string }>().id)
  }
  const list = async (query: string) =>
    (await salfordOfficer({ method: 'GET', url: `/v1/screenings?${query}` })).json<{
      items: { id: string; band: string; supplierName: string }[]
      nextCursor: string | null
    }>()
  const all = await list('')
  t.same(
    all.items.map((i) => i.id),
    [...ids].reverse(),
    'newest first',
  )
  const high = (await list('band=high')).items
  t.ok(high.length >= 1 && high.every((i) => i.band === 'high') && high.some((i) => i.id === ids[0]), 'band filters')
  t.same(
    (await list('band=none')).items.map((i) => i.id),
    [ids[3], ids[1]],
  )
  t.same(
    (await list('q=skip')).items.map((i) => i.supplierName),
    ['Rapid Skip Hire Limited'],
    'q matches part of the name, any case',
  )
  t.same((await list('q=%25')).items, [], 'q is literal text, not a pattern')
  const future = encodeURIComponent(new Date(Date.now() + 60_000).toISOString())
  t.same((await list(`from=${future}`)).items, [])
  t.equal((await list(`to=${future}`)).items.length, 4)

  const pages: string[] = []
  let cursor: string | null = null
  do {
    const page = await list(`limit=1${cursor ? `&cursor=${cursor}` : ''}`)
    pages.push(...page.items.map((i) => i.id))
    cursor = page.nextCursor
  } while (cursor)
  t.same(pages, [...ids].reverse(), 'walking the cursor visits each screening once, in order')

  await salfordOfficer({ method: 'POST', url: `/v1/screenings/${ids[0]}/decisions`, payload: { outcome: 'referred', note: 'Sent to GMP' } })
  t.same(
    (await list('decision=referred')).items.map((i) => i.id),
    [ids[0]],
  )
  t.equal((await list('decision=none')).items.length, 3)
})

onEachDatabase('decisions: history kept, latest stands, "cleared" suppresses the pair until the entity changes', async (t, ctx) => {
  const { salfordScreener, salfordOfficer, gmp } = await seedRegister(ctx)
  const person = { supplier: { name: 'Acme Cleaning Ltd', people: [{ name: "Danny O'Connor", dateOfBirth: '1981-03-14' }] } }
  const first = (await salfordScreener({ method: 'POST', url: '/v1/screenings', payload: person })).json<ScreeningBody>()
  t.ok(first.matches.length > 0 && first.band !== 'none', 'the person matches')

  const cleared = await salfordOfficer({
    method: 'POST',
    url: `/v1/screenings/${first.id}/decisions`,
    payload: { outcome: 'cleared', note: 'Different man: checked passport' },
  })
  t.equal(cleared.statusCode, 201)
  const decision = cleared.json<{ id: string; outcome: string }>()
  t.match(decision, { id: /^dec_/, outcome: 'cleared', decidedBy: 'salford-user' })

  const second = (await salfordScreener({ method: 'POST', url: '/v1/screenings', payload: person })).json<ScreeningBody>()
  t.ok(second.matches.length > 0, 'the match is still shown')
  t.ok(
    second.matches.every((m) => m.suppressed?.decisionId === decision.id),
    'marked suppressed by the decision',
  )
  t.match(second, { riskScore: 0, band: 'none' }, 'and does not count')

  const otherPerson = { supplier: { name: 'Acme Cleaning Ltd', people: [{ name: "Daniel O'Connor", dateOfBirth: '1981-03' }] } }
  const third = (await salfordScreener({ method: 'POST', url: '/v1/screenings', payload: otherPerson })).json<ScreeningBody>()
  t.ok(
    third.matches.some((m) => !m.suppressed),
    'a different submitted value is not suppressed',
  )

  const history = await salfordOfficer({ method: 'GET', url: `/v1/screenings/${first.id}` })
  t.match(history.json(), { decision: { outcome: 'cleared', id: decision.id }, decisions: [{ outcome: 'cleared', note: 'Different man: checked passport' }] })

  // The force changes the entity (a corrected date of birth): the clearance no longer applies.
  const { gmpWatchlist } = await import('../helpers/screening-fixtures.js')
  const changed = structuredClone(gmpWatchlist)
  changed.groups[0]!.entities[0] = { ...changed.groups[0]!.entities[0]!, dateOfBirth: '1981-03-15' } as (typeof changed.groups)[0]['entities'][0]
  const lists = (await gmp({ method: 'GET', url: '/v1/watchlists' })).json<{ items: { id: string }[] }>()
  t.equal((await gmp({ method: 'PUT', url: `/v1/watchlists/${lists.items[0]!.id}/content`, payload: changed })).statusCode, 201)
  const fourth = (await salfordScreener({ method: 'POST', url: '/v1/screenings', payload: person })).json<ScreeningBody>()
  t.ok(
    fourth.matches.some((m) => m.entity.kind === 'person' && !m.suppressed),
    'a changed entity is matched afresh',
  )

  const referred = await salfordOfficer({ method: 'POST', url: `/v1/screenings/${second.id}/decisions`, payload: { outcome: 'referred' } })
  t.equal(referred.statusCode, 201)
  const bad = await salfordOfficer({ method: 'POST', url: `/v1/screenings/${first.id}/decisions`, payload: { outcome: 'ignored' } })
  t.equal(bad.statusCode, 400)
  t.match(bad.json(), { field: 'outcome' })
  const missing = await salfordOfficer({ method: 'POST', url: '/v1/screenings/scr_missing/decisions', payload: { outcome: 'cleared' } })
  t.equal(missing.statusCode, 404)

  // Reversing a clearance that suppresses a match lifts the suppression.
  await salfordOfficer({ method: 'POST', url: `/v1/screenings/${fourth.id}/decisions`, payload: { outcome: 'cleared' } })
  const suppressed = (await salfordScreener({ method: 'POST', url: '/v1/screenings', payload: person })).json<ScreeningBody>()
  t.ok(
    suppressed.matches.some((m) => m.entity.kind === 'person' && m.suppressed),
    'cleared again, as changed, it is suppressed',
  )
  await salfordOfficer({ method: 'POST', url: `/v1/screenings/${fourth.id}/decisions`, payload: { outcome: 'confirmed', note: 'Same man after all' } })
  const fifth = (await salfordScreener({ method: 'POST', url: '/v1/screenings', payload: person })).json<ScreeningBody>()
  t.same(fifth.matches.map((m) => m.field).sort(), suppressed.matches.map((m) => m.field).sort(), 'the same matches')
  t.ok(
    fifth.matches.some((m) => m.entity.kind === 'person'),
    'the person matches',
  )
  t.ok(
    fifth.matches.every((m) => !m.suppressed),
    'no suppression after the decision is reversed',
  )
  t.not(fifth.band, 'none', 'and they count again')
  const decideEvents = await ctx.database.db.selectFrom('audit_events').select('action').where('action', '=', 'screening.decide').execute()
  t.equal(decideEvents.length, 4, 'each decision is audited')
})

onEachDatabase('a decision that commits after a later-timed one joins the history without replacing it', async (t, ctx) => {
  const { salfordScreener, salfordOfficer } = await seedRegister(ctx)
  const screening = (await salfordScreener({ method: 'POST', url: '/v1/screenings', payload: examplePaving })).json<ScreeningBody>()
  // As if a decision timed a minute from now had taken the screening's lock first.
  const later = { screening_id: screening.id, org_id: 'salford', outcome: 'referred' as const, note: null, decided_by: 'other', alert_id: null }
  await ctx.database.db.transaction().execute((trx) => recordDecision(trx, { ...later, id: 'dec_later', decided_at: new Date(Date.now() + 60_000) }))
  const earlier = await salfordOfficer({ method: 'POST', url: `/v1/screenings/${screening.id}/decisions`, payload: { outcome: 'cleared' } })
  t.equal(earlier.statusCode, 201)
  const read = (await salfordOfficer({ method: 'GET', url: `/v1/screenings/${screening.id}` })).json<{
    decision: { id: string; outcome: string }
    decisions: { id: string; outcome: string }[]
  }>()
  t.match(read.decision, { id: 'dec_later', outcome: 'referred' }, 'the later-timed decision stands')
  t.same(
    read.decisions.map((d) => d.outcome),
    ['cleared', 'referred'],
    'both in the history, in time order',
  )
  const again = (await salfordScreener({ method: 'POST', url: '/v1/screenings', payload: examplePaving })).json<ScreeningBody>()
  t.same(again.matches.map((m) => m.field).sort(), screening.matches.map((m) => m.field).sort(), 'the supplier matches as before')
  t.ok(
    again.matches.every((m) => !m.suppressed),
    'the superseded clearance suppresses nothing',
  )
  t.equal(again.band, 'high', 'and every match counts')
})

onEachDatabase('decisions with an Idempotency-Key: a retry returns the first decision and records nothing new', async (t, ctx) => {
  const { salfordScreener, salfordOfficer } = await seedRegister(ctx)
  const screening = (await salfordScreener({ method: 'POST', url: '/v1/screenings', payload: examplePaving })).json<ScreeningBody>()
  const other = (await salfordScreener({ method: 'POST', url: '/v1/screenings', payload: examplePaving })).json<ScreeningBody>()
  const decide = (id: string, key: string, payload: object) =>
    salfordOfficer({ method: 'POST', url: `/v1/screenings/${id}/decisions`, headers: { 'idempotency-key': key }, payload })
  const first = await decide(screening.id, 'dec-1', { outcome: 'referred', note: 'To the SOC unit' })
  t.equal(first.statusCode, 201)
  const racing = await Promise.all([1, 2, 3].map(() => decide(screening.id, 'dec-1', { outcome: 'referred', note: 'To the SOC unit' })))
  for (const retry of racing) {
    t.equal(retry.statusCode, 201)
    t.equal(retry.headers['idempotent-replayed'], 'true')
    t.same(retry.json(), first.json(), 'the first decision, as first returned')
  }
  const read = (await salfordOfficer({ method: 'GET', url: `/v1/screenings/${screening.id}` })).json<{ decisions: unknown[] }>()
  t.equal(read.decisions.length, 1, 'one decision in the history')
  t.same(read.decisions[0], first.json(), 'the stored decision is the one returned')

  const changed = await decide(screening.id, 'dec-1', { outcome: 'cleared' })
  t.equal(changed.statusCode, 422)
  t.match(changed.json(), { code: 'IDEMPOTENCY_KEY_REUSED', field: 'Idempotency-Key' })
  const elsewhere = await decide(other.id, 'dec-1', { outcome: 'referred', note: 'To the SOC unit' })
  t.equal(elsewhere.statusCode, 422, 'the same key on another screening is another request')
  const missing = await decide('scr_missing', 'dec-2', { outcome: 'cleared' })
  t.equal(missing.statusCode, 404)
  const later = await decide(other.id, 'dec-2', { outcome: 'cleared' })
  t.equal(later.statusCode, 201, 'a key whose request failed is not held')
  const decideEvents = await ctx.database.db.selectFrom('audit_events').select('action').where('action', '=', 'screening.decide').execute()
  t.equal(decideEvents.length, 2, 'each decision audited once')
})

onEachDatabase('a force sees which authorities hit its groups, and nothing of the supplier', async (t, ctx) => {
  const { salfordScreener, gmp, admin } = await seedRegister(ctx)
  await salfordScreener({ method: 'POST', url: '/v1/screenings', payload: examplePaving })
  await salfordScreener({ method: 'POST', url: '/v1/screenings', payload: cleanSupplier })
  const lists = (await gmp({ method: 'GET', url: '/v1/watchlists' })).json<{ items: { id: string }[] }>()
  const id = lists.items[0]!.id
  const hits = await gmp({ method: 'GET', url: `/v1/watchlists/${id}/hits` })
  t.equal(hits.statusCode, 200)
  const body = hits.json<{ items: { authority: { id: string; name: string }; groupRef: string; band: string }[] }>()
  t.same(
    body.items.map((h) => [h.authority.id, h.groupRef]),
    [['salford', 'GMP-OCG-0117']],
    'one hit, on the matched group',
  )
  t.match(body.items[0], { authority: { name: 'Salford City Council' }, band: 'high', bestScore: Number })
  t.notMatch(hits.body, /Paving|O'Connor|supplier/i, 'no supplier details')
  const met = ctx.as('met', 'police')
  t.equal((await met({ method: 'GET', url: `/v1/watchlists/${id}/hits` })).statusCode, 404, "another force cannot see a list's hits")
  t.equal((await admin({ method: 'GET', url: `/v1/watchlists/${id}/hits` })).statusCode, 403)
})

onEachDatabase('clearing a screening whose matches repeat one pair (a force lists one group twice) suppresses it once', async (t, ctx) => {
  const { salfordScreener, salfordOfficer, gmp } = await seedRegister(ctx)
  // The same content in a second list of the same force: the same group and entities, so the
  // same (submitted value, entity fingerprint) pairs, through two register entities each.
  const spare = (await gmp({ method: 'POST', url: '/v1/watchlists', payload: { name: 'spare list' } })).json<{ id: string }>()
  t.equal((await gmp({ method: 'PUT', url: `/v1/watchlists/${spare.id}/content`, payload: gmpWatchlist })).statusCode, 201)
  const first = (await salfordScreener({ method: 'POST', url: '/v1/screenings', payload: examplePaving })).json<ScreeningBody>()
  const perName = new Map<string, number>()
  for (const m of first.matches) perName.set(`${m.field} ${m.entity.name}`, (perName.get(`${m.field} ${m.entity.name}`) ?? 0) + 1)
  t.ok(
    [...perName.values()].some((n) => n > 1),
    'the precondition: one field matches the same listed entity twice',
  )
  const cleared = await salfordOfficer({ method: 'POST', url: `/v1/screenings/${first.id}/decisions`, payload: { outcome: 'cleared' } })
  t.equal(cleared.statusCode, 201, 'the decision is recorded')
  const again = (await salfordScreener({ method: 'POST', url: '/v1/screenings', payload: examplePaving })).json<ScreeningBody>()
  t.equal(again.matches.length, first.matches.length)
  t.ok(
    again.matches.every((m) => m.suppressed !== undefined),
    'every match of the same submission is now suppressed',
  )
  t.equal(again.band, 'none')
})
