import type { Inject, TestApp } from '../helpers/test-app.js'
import { seedRegister } from '../helpers/screening-fixtures.js'
import { onEachDatabase } from '../helpers/test-app.js'

interface ResultBody {
  kind: string
  id: string
  name: string
  matched: { field: string; value: string }
  group: { ref: string; force: string; riskLevel: string; handling: string }
  score: number
  reasons: string[]
}
interface PageBody {
  items: ResultBody[]
  nextCursor: string | null
}

function search(caller: Inject, query: Record<string, string>, headers: Record<string, string> = {}) {
  return caller({ method: 'GET', url: `/v1/register/search?${new URLSearchParams(query).toString()}`, headers })
}

async function found(caller: Inject, query: Record<string, string>): Promise<ResultBody[]> {
  const res = await search(caller, query)
  if (res.statusCode !== 200) throw new Error(`search ${JSON.stringify(query)} answered ${res.statusCode}: ${res.body.slice(0, 300)}`)
  return res.json<PageBody>().items
}

const ZEBRA_NOTES = 'ZEBRA-NOTE-7781: informant says the yard launders cash'

/** A second GMP watchlist: a group whose notes hold a marker, and enough Kestrel companies for three pages of ten. */
async function uploadKestrelList(ctx: TestApp): Promise<string[]> {
  const gmp = ctx.as('gmp', 'police')
  const created = await gmp({ method: 'POST', url: '/v1/watchlists', payload: { name: 'Kestrel list' } })
  const words = ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo', 'Foxtrot', 'Golf', 'Hotel', 'India', 'Juliet', 'Kilo', 'Lima']
  const names = [...words, ...words.slice(0, 11).map((w) => `${w} Two`)].map((w) => `Kestrel ${w} Haulage Ltd`)
  const content = {
    groups: [
      {
        ref: 'GMP-OCG-0900',
        name: 'Zebra syndicate',
        aliases: ['Müller Brüder'],
        riskLevel: 'medium',
        handling: 'Refer to the force intelligence bureau before any award.',
        notes: ZEBRA_NOTES,
        entities: names.map((name) => ({ type: 'company', name })),
      },
    ],
  }
  const uploaded = await gmp({ method: 'PUT', url: `/v1/watchlists/${created.json<{ id: string }>().id}/content`, payload: content })
  if (uploaded.statusCode !== 201) throw new Error(`upload failed: ${uploaded.body.slice(0, 300)}`)
  return names
}

onEachDatabase('an officer finds group names, aliases and entities by name, typo, case and accents, with reasons', async (t, ctx) => {
  const { salfordOfficer } = await seedRegister(ctx)

  const res = await search(salfordOfficer, { q: "O'Connor family" })
  t.equal(res.statusCode, 200, res.body.slice(0, 300))
  t.equal(res.headers['x-protective-marking'], 'OFFICIAL-SENSITIVE')
  t.equal(res.headers['cache-control'], 'no-store')
  const [group] = res.json<PageBody>().items
  t.match(group, {
    kind: 'group',
    id: /^grp_/,
    name: "O'Connor family",
    matched: { field: 'name', value: "O'Connor family" },
    group: { ref: 'GMP-OCG-0117', force: 'Greater Manchester Police', riskLevel: 'high', handling: /SOC unit/ },
    score: 1,
  })
  t.match(group?.reasons, [/name 'O'Connor family' matches exactly/], 'the reason says what matched and how')

  const alias = (await found(salfordOfficer, { q: 'canal stret crew' }))[0]
  t.match(alias, { kind: 'group', name: "O'Connor family", matched: { field: 'alias', value: 'Canal Street crew' } }, 'a group alias, with a typo')
  t.ok(
    alias?.reasons.some((r) => /alias 'Canal Street crew' is close \(typo\): 'stret' for 'street'/.test(r)),
    `the typo is a reason (${alias?.reasons.join(' | ')})`,
  )

  const company = (await found(salfordOfficer, { q: 'NORTHERN PAVING' }))[0]
  t.match(company, { kind: 'company', id: /^ent_/, name: 'Northern Paving Solutions Limited', matched: { field: 'name' } }, 'an entity name, any case')

  const accented = (await found(salfordOfficer, { q: 'DÁNNY Ó\u200BCÓNNOR' }))[0]
  t.match(accented, { kind: 'person', name: "Danny O'Connor", score: 1 }, 'accents, case, an invisible character and a missing apostrophe make no difference')

  const typo = (await found(salfordOfficer, { q: 'Dany OConor' }))[0]
  t.match(typo, { kind: 'person', name: "Danny O'Connor" }, 'a person, with typos')
  const nickname = await found(salfordOfficer, { q: 'Daniel Connor' })
  t.match(nickname[0], { kind: 'person', name: "Danny O'Connor", matched: { field: 'alias', value: 'Daniel Connor' }, score: 1 }, "a person's alias")

  const prefix = await found(salfordOfficer, { q: 'northe' })
  t.ok(
    prefix.some((r) => r.name === 'Northern Paving Solutions Limited'),
    'the beginning of a word finds it',
  )

  const phone = (await found(salfordOfficer, { q: '+44 161 496 0000' }))[0]
  t.match(
    phone,
    { kind: 'phone', name: '0161 496 0000', score: 1, reasons: [/phone number matches '0161 496 0000' exactly/] },
    'a phone number in another form',
  )
  const number = (await found(salfordOfficer, { q: 'sc 123456' }))[0]
  t.match(number, { kind: 'company', name: 'Rapid Skip Hire Ltd', matched: { field: 'companyNumber', value: 'SC123456' } }, 'a company number')
  const address = await found(salfordOfficer, { q: 'm54xj' })
  t.match(address[0], { kind: 'company', matched: { field: 'address', value: 'Unit 4, Canal Street, Salford, M5 4XJ' } }, 'a postcode finds the address')

  t.same(await found(salfordOfficer, { q: 'Thameside Demolition' }), [], "a force that does not share with the authority is not searched (the Met's company)")
  t.same(await found(salfordOfficer, { q: 'qwertyuiop' }), [], 'nothing matches nonsense')
})

onEachDatabase('intelligence notes never appear in a search response', async (t, ctx) => {
  const { salfordOfficer } = await seedRegister(ctx)
  await uploadKestrelList(ctx)
  const queries = ['zebra', 'Zebra syndicate', 'informant', 'launders cash', 'ZEBRA-NOTE-7781', 'cash drops', 'yard', 'kestrel', "O'Connor", 'muller bruder']
  const bodies: string[] = []
  for (const q of queries) {
    for (const limit of ['1', '200']) {
      const res = await search(salfordOfficer, { q, limit })
      t.equal(res.statusCode, 200)
      bodies.push(res.body)
    }
  }
  t.match(bodies[0], /Zebra syndicate/, 'the group itself is found')
  t.match(bodies.at(-1), /Müller Brüder/, 'an alias with accents is found without them')
  for (const [i, body] of bodies.entries()) {
    t.notMatch(body, /ZEBRA-NOTE|launders|Informant|cash drops/i, `no notes in the response to ${queries[Math.floor(i / 2)]}`)
    t.notMatch(body, /notes/i, 'not even the word')
  }
  t.same(await found(salfordOfficer, { q: 'informant' }), [], 'notes are not searched')
})

onEachDatabase('the kind and force filters narrow the results', async (t, ctx) => {
  const { salfordOfficer, admin } = await seedRegister(ctx)
  const both = await found(salfordOfficer, { q: 'crew' })
  t.same(
    both.map((r) => r.group.ref),
    ['GMP-OCG-0117'],
    'one force shares so far',
  )
  const agreed = await admin({ method: 'POST', url: '/v1/sharing-agreements', payload: { policeOrgId: 'met', authorityOrgId: 'salford' } })
  t.equal(agreed.statusCode, 201)

  const crews = await found(salfordOfficer, { q: 'crew' })
  t.same(new Set(crews.map((r) => r.group.ref)), new Set(['GMP-OCG-0117', 'MET-OCG-0001']), 'both forces once both share')
  const met = await found(salfordOfficer, { q: 'crew', force: 'met' })
  t.same(
    met.map((r) => [r.group.ref, r.group.force]),
    [['MET-OCG-0001', 'Metropolitan Police']],
    'force=met: the Met only',
  )
  t.same(await found(salfordOfficer, { q: 'crew', force: 'nowhere' }), [], 'a force that does not share finds nothing')

  const oconnor = await found(salfordOfficer, { q: "o'connor" })
  t.same(new Set(oconnor.map((r) => r.kind)), new Set(['group', 'person']), "O'Connor is a group and a person")
  const people = await found(salfordOfficer, { q: "o'connor", kind: 'person' })
  t.ok(people.length > 0 && people.every((r) => r.kind === 'person'), 'kind=person: people only')
  const groups = await found(salfordOfficer, { q: "o'connor", kind: 'group' })
  t.same(
    groups.map((r) => r.name),
    ["O'Connor family"],
    'kind=group: the group only',
  )
  t.same(await found(salfordOfficer, { q: "o'connor", kind: 'website' }), [], 'kind=website: nothing')
})

onEachDatabase('results come a page at a time, with no overlap and no loss', async (t, ctx) => {
  const { salfordOfficer } = await seedRegister(ctx)
  t.same(await found(salfordOfficer, { q: 'kestrel haulage' }), [], 'nothing before the list is uploaded')
  const names = await uploadKestrelList(ctx)
  // The upload answers once its version is live here: the search index of the old version must not be used.
  const all = await found(salfordOfficer, { q: 'kestrel haulage', limit: '200' })
  t.same(new Set(all.map((r) => r.name)), new Set(names), 'every Kestrel company, once')
  t.same(
    all.map((r) => r.score),
    all.map((r) => r.score).sort((a, b) => b - a),
    'best first',
  )

  const pages: ResultBody[][] = []
  let cursor: string | null = null
  do {
    const res = await search(salfordOfficer, { q: 'kestrel haulage', limit: '10', ...(cursor ? { cursor } : {}) })
    t.equal(res.statusCode, 200)
    const page: PageBody = res.json<PageBody>()
    pages.push(page.items)
    cursor = page.nextCursor
  } while (cursor !== null && pages.length < 10)
  t.same(
    pages.map((p) => p.length),
    [10, 10, 3],
    'three pages',
  )
  t.same(
    pages.flat().map((r) => r.id),
    all.map((r) => r.id),
    'the pages together are the whole list, in order',
  )

  const bad = await search(salfordOfficer, { q: 'kestrel', cursor: 'not-a-cursor' })
  t.equal(bad.statusCode, 400)
  t.match(bad.json(), { code: 'VALIDATION_FAILED', field: 'cursor' })
})

onEachDatabase('an authority without an agreement in force finds nothing; other roles are refused', async (t, ctx) => {
  const { leedsOfficer, admin, salfordScreener, gmp } = await seedRegister(ctx)
  const leeds = await search(leedsOfficer, { q: "O'Connor family" })
  t.equal(leeds.statusCode, 200)
  t.same(leeds.json(), { items: [], nextCursor: null }, 'no agreement: nothing')

  await admin({ method: 'POST', url: '/v1/organisations', payload: { id: 'wigan', name: 'Wigan Council', kind: 'authority' } })
  const expired = await admin({
    method: 'POST',
    url: '/v1/sharing-agreements',
    payload: { policeOrgId: 'gmp', authorityOrgId: 'wigan', validFrom: '2020-01-01T00:00:00Z', validTo: '2021-01-01T00:00:00Z' },
  })
  t.equal(expired.statusCode, 201, expired.body.slice(0, 200))
  const future = await admin({
    method: 'POST',
    url: '/v1/sharing-agreements',
    payload: { policeOrgId: 'met', authorityOrgId: 'wigan', validFrom: '2099-01-01T00:00:00Z' },
  })
  t.equal(future.statusCode, 201, future.body.slice(0, 200))
  const wigan = ctx.as('wigan', 'officer')
  t.same(await found(wigan, { q: "O'Connor family" }), [], 'an expired agreement: nothing')
  t.same(await found(wigan, { q: 'Thames crew' }), [], 'an agreement not yet in force: nothing')

  t.equal((await search(salfordScreener, { q: 'crew' })).statusCode, 403, 'a screener may not search')
  t.equal((await search(gmp, { q: 'crew' })).statusCode, 403, 'a force may not search (it reads its own lists)')
  t.equal((await search(ctx.as('platform', 'admin'), { q: 'crew' })).statusCode, 403, 'an administrator may not search')
  t.equal((await ctx.app.inject({ method: 'GET', url: '/v1/register/search?q=crew' })).statusCode, 401, 'no token')

  const cases: [string, Record<string, string>, string][] = [
    ['no query', {}, 'q'],
    ['a query of one letter', { q: 'a' }, 'q'],
    ['an over-long query', { q: 'x'.repeat(201) }, 'q'],
    ['a control character', { q: 'crew\u0007' }, 'q'],
    ['a direction override', { q: 'crew \u202e' }, 'q'],
    ['an unknown kind', { q: 'crew', kind: 'vehicle' }, 'kind'],
    ['an unknown parameter', { q: 'crew', notes: 'yes' }, ''],
    ['a limit too large', { q: 'crew', limit: '201' }, 'limit'],
  ]
  const salfordOfficer = ctx.as('salford', 'officer')
  for (const [name, query, field] of cases) {
    const res = await search(salfordOfficer, query)
    t.equal(res.statusCode, 400, name)
    t.match(res.headers['content-type'], /^application\/problem\+json/)
    const problem = res.json<{ code: string; errors?: { field: string }[] }>()
    t.equal(problem.code, 'VALIDATION_FAILED', name)
    if (field)
      t.ok(
        problem.errors?.some((e) => e.field === field),
        `${name} names ${field}`,
      )
  }
})

onEachDatabase('every search is audited with its purpose and query; the request log never holds the query', async (t, ctx) => {
  const { salfordOfficer, leedsOfficer } = await seedRegister(ctx)
  const purpose = 'Due diligence on tender 2026-0412'
  const res = await search(salfordOfficer, { q: 'Danny OConnor', kind: 'person', limit: '5' }, { 'x-purpose': purpose })
  t.equal(res.statusCode, 200)
  const count = res.json<PageBody>().items.length
  t.ok(count > 0)
  await search(leedsOfficer, { q: 'Canal Street' })

  const events = await ctx.database.db
    .selectFrom('audit_events')
    .select(['actor', 'org_id', 'action', 'target_type', 'purpose', 'details', 'request_id'])
    .where('action', '=', 'register.search')
    .orderBy('seq')
    .execute()
  t.equal(events.length, 2, 'one event per search, an empty one included')
  t.match(events[0], {
    actor: 'salford-user',
    org_id: 'salford',
    action: 'register.search',
    target_type: 'register',
    purpose,
    request_id: res.headers['x-request-id'],
  })
  const details = (typeof events[0]!.details === 'string' ? JSON.parse(events[0]!.details) : events[0]!.details) as Record<string, unknown>
  t.match(details, { q: 'Danny OConnor', kind: 'person', limit: 5, continued: false, count, registerVersion: Number })
  t.match(events[1], { org_id: 'leeds', purpose: null })

  const export_ = await ctx.as('platform', 'admin')({ method: 'GET', url: '/v1/audit?action=register.search' })
  t.equal(export_.body.trim().split('\n').length, 2, 'the searches are in the audit export')

  const logs = JSON.stringify(ctx.logs())
  t.notMatch(logs, /OConnor|Canal Street/, 'no query text in the request log')
  t.match(logs, /\/v1\/register\/search/, 'the request log names the route')
})
