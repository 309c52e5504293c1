import { generateWatchlist, generateWatchlistCsv, watchlistToCsv, watchlistToJson } from '../helpers/watchlist-fixtures.js'
import { onEachDatabase, type Inject, type TestApp } from '../helpers/test-app.js'
import { CSV_ERROR_CASES, JSON_ERROR_CASES } from '../helpers/upload-error-cases.js'
import { RegisterCache } from '../../src/register/register-cache.js'

async function setUp(ctx: TestApp) {
  const admin = ctx.as('platform', 'admin')
  for (const org of [
    { id: 'gmp', name: 'Greater Manchester Police', kind: 'police' },
    { id: 'met', name: 'Metropolitan Police', kind: 'police' },
    { id: 'salford', name: 'Salford City Council', kind: 'authority' },
  ]) {
    await admin({ method: 'POST', url: '/v1/organisations', payload: org })
  }
  const gmp = ctx.as('gmp', 'police')
  const created = await gmp({ method: 'POST', url: '/v1/watchlists', payload: { name: 'GMP SOC groups', description: 'Serious organised crime' } })
  return { admin, gmp, met: ctx.as('met', 'police'), council: ctx.as('salford', 'officer'), id: created.json<{ id: string }>().id, created }
}

const upload = (as: Inject, id: string, body: string | Buffer, type = 'application/json') =>
  as({ method: 'PUT', url: `/v1/watchlists/${id}/content`, headers: { 'content-type': type }, payload: body })

onEachDatabase('a force creates a watchlist and uploads JSON and CSV versions that read back the same', async (t, ctx) => {
  const { gmp, admin, created, id } = await setUp(ctx)
  t.equal(created.statusCode, 201)
  t.match(created.json(), { id: /^wl_/, orgId: 'gmp', name: 'GMP SOC groups', currentVersion: null })

  const data = generateWatchlist({ seed: 7, entities: 300, refPrefix: 'GMP' })
  const first = await upload(gmp, id, watchlistToJson(data))
  t.equal(first.statusCode, 201, first.body.slice(0, 500))
  t.match(first.json(), { version: 1, registerVersion: 1, format: 'json', counts: { entities: 300, groups: data.groups.length }, created: true })

  const jsonContent = await gmp({ method: 'GET', url: `/v1/watchlists/${id}/content` })
  t.equal(jsonContent.statusCode, 200)
  t.equal(jsonContent.headers['x-protective-marking'], 'OFFICIAL-SENSITIVE')

  const second = await upload(gmp, id, watchlistToCsv(data), 'text/csv; charset=utf-8')
  t.equal(second.statusCode, 201, second.body.slice(0, 500))
  t.match(second.json(), { version: 2, registerVersion: 2, format: 'csv' })
  const csvContent = await gmp({ method: 'GET', url: `/v1/watchlists/${id}/content` })
  const strip = (body: string) => ({ ...(JSON.parse(body) as object), version: 0 })
  t.same(strip(csvContent.body), strip(jsonContent.body), 'the same data as JSON and as CSV stores the same content')
  const v1 = await gmp({ method: 'GET', url: `/v1/watchlists/${id}/content?version=1` })
  t.equal(v1.body, jsonContent.body, 'earlier versions stay readable')

  const retry = await upload(gmp, id, watchlistToCsv(data), 'text/csv')
  t.equal(retry.statusCode, 200, 'a retried identical upload creates nothing')
  t.match(retry.json(), { version: 2, created: false })

  const meta = await admin({ method: 'GET', url: `/v1/watchlists/${id}` })
  t.equal(meta.statusCode, 200, 'admins read metadata')
  t.match(meta.json(), { currentVersion: { version: 2, counts: { entities: 300 } } })
  t.notMatch(meta.body, /notes/i)
  const versions = await gmp({ method: 'GET', url: `/v1/watchlists/${id}/versions?limit=1` })
  const page = versions.json<{ items: { version: number; uploadedBy: string }[]; nextCursor: string }>()
  t.same(
    page.items.map((v) => v.version),
    [2],
    'newest first',
  )
  t.equal(page.items[0]?.uploadedBy, 'gmp-user')
  const older = await gmp({ method: 'GET', url: `/v1/watchlists/${id}/versions?cursor=${page.nextCursor}` })
  t.same(
    older.json<{ items: { version: number }[] }>().items.map((v) => v.version),
    [1],
  )

  const live = ctx.app.registerCache.snapshot!
  const fresh = await new RegisterCache(ctx.database.db, (error) => t.error(error)).refresh()
  t.equal(live.version, fresh.version)
  t.same([...live.fingerprints].sort(), [...fresh.fingerprints].sort(), 'the register taken live from the upload equals one read back from the database')
  t.same(
    [...live.parts.values()].flatMap((p) => [...p.entities]).sort((a, b) => a.id.localeCompare(b.id)),
    [...fresh.parts.values()].flatMap((p) => [...p.entities]).sort((a, b) => a.id.localeCompare(b.id)),
  )

  // The checks' details go to an administrator only.
  const ready = await ctx.app.inject({ method: 'GET', url: '/health/ready', headers: { authorization: `Bearer ${ctx.adminToken}` } })
  t.match(ready.json(), { checks: { register: { version: 2, entities: 300 } } }, 'the register is live at the new version')

  const actions = (await ctx.database.db.selectFrom('audit_events').select('action').where('target_id', '=', id).orderBy('seq').execute()).map((e) => e.action)
  t.same(actions, [
    'watchlist.create',
    'watchlist.upload',
    'watchlist.read_content',
    'watchlist.upload',
    'watchlist.read_content',
    'watchlist.read_content',
    'watchlist.upload_unchanged',
  ])
})

onEachDatabase('other organisations see neither the list nor its notes', async (t, ctx) => {
  const { gmp, met, council, admin, id } = await setUp(ctx)
  const data = generateWatchlist({ seed: 3, entities: 20 })
  data.groups[0]!.notes = 'Informant reports cash drops at the yard'
  t.equal((await upload(gmp, id, watchlistToJson(data))).statusCode, 201)
  for (const [who, as] of [
    ['another force', met],
    ['an administrator', admin],
  ] as const) {
    const content = await as({ method: 'GET', url: `/v1/watchlists/${id}/content` })
    t.ok([403, 404].includes(content.statusCode), `${who} cannot read the content`)
    t.notMatch(content.body, /Informant/)
  }
  t.equal((await met({ method: 'GET', url: `/v1/watchlists/${id}` })).statusCode, 404, 'another force gets 404, as for a missing list')
  t.equal((await met({ method: 'GET', url: `/v1/watchlists/${id}/versions` })).statusCode, 404)
  t.equal((await upload(met, id, watchlistToJson(data))).statusCode, 404, 'another force cannot upload')
  t.equal((await council({ method: 'GET', url: `/v1/watchlists/${id}` })).statusCode, 403, 'a council officer has no watchlist role')
  const list = await met({ method: 'GET', url: '/v1/watchlists' })
  t.same(list.json<{ items: unknown[] }>().items, [], 'a force lists only its own lists')
  const own = await gmp({ method: 'GET', url: `/v1/watchlists/${id}/content` })
  t.match(own.body, /Informant/, 'the owning force reads its notes')
})

onEachDatabase('a rejected upload reports every bad row and leaves the previous version byte-identical', async (t, ctx) => {
  const { gmp, id } = await setUp(ctx)
  const good = generateWatchlistCsv({ seed: 11, entities: 50 })
  t.equal((await upload(gmp, id, good, 'text/csv')).statusCode, 201)
  const before = (await gmp({ method: 'GET', url: `/v1/watchlists/${id}/content` })).body

  const lines = good.trimEnd().split('\n')
  const header = lines[0]!.split(',')
  const dob = header.indexOf('date_of_birth')
  const personRows = lines.map((l, i) => [l, i] as const).filter(([l]) => l.includes(',person,'))
  const broken = [...lines]
  for (const [line, i] of personRows.slice(0, 3)) {
    const cells = line.split(',')
    cells[dob] = '1981-02-30'
    broken[i] = cells.join(',')
  }
  const rejected = await upload(gmp, id, broken.join('\n') + '\n', 'text/csv')
  t.equal(rejected.statusCode, 422)
  t.match(rejected.headers['content-type'], /^application\/problem\+json/)
  const problem = rejected.json<{ code: string; totalErrors: number; errors: { row: number; column: string; code: string; message: string }[] }>()
  t.equal(problem.code, 'UNPROCESSABLE_CONTENT')
  t.equal(problem.totalErrors, 3)
  t.same(
    problem.errors.map((e) => e.row),
    personRows.slice(0, 3).map(([, i]) => i + 1),
    'row numbers count the header as row 1',
  )
  t.ok(problem.errors.every((e) => e.column === 'date_of_birth' && e.code === 'INVALID_DATE_OF_BIRTH'))
  t.notMatch(rejected.body, /1981-02-30/, 'the bad value is not echoed')

  const cases: [string, Buffer | string, string, string][] = [
    ['malformed JSON', '{"groups": [', 'application/json', 'MALFORMED_JSON'],
    ['not UTF-8', Buffer.from([0x67, 0x72, 0x6f, 0xff, 0xfe]), 'text/csv', 'INVALID_ENCODING'],
    ['unknown column', 'group_ref,group_name,group_risk_level,entity_type,name,shoe_size\nA,B,high,person,X,9\n', 'text/csv', 'UNKNOWN_COLUMN'],
    ['empty', '', 'text/csv', 'EMPTY_UPLOAD'],
  ]
  for (const [name, body, type, code] of cases) {
    const res = await upload(gmp, id, body, type)
    t.equal(res.statusCode, 422, `${name}: 422`)
    t.match(res.json(), { errors: [{ code }] }, `${name}: ${code}`)
  }
  const wrongType = await upload(gmp, id, 'a,b', 'text/plain')
  t.equal(wrongType.statusCode, 415)
  t.match(wrongType.json(), { code: 'UNSUPPORTED_MEDIA_TYPE' })
  const missing = await upload(gmp, 'wl_missing', good, 'text/csv')
  t.equal(missing.statusCode, 404)

  const after = (await gmp({ method: 'GET', url: `/v1/watchlists/${id}/content` })).body
  t.equal(after, before, 'the stored content is unchanged')
  const versions = await gmp({ method: 'GET', url: `/v1/watchlists/${id}/versions` })
  t.equal(versions.json<{ items: unknown[] }>().items.length, 1, 'no version was added')
  const rejectedEvents = await ctx.database.db.selectFrom('audit_events').select('action').where('action', '=', 'watchlist.upload_rejected').execute()
  t.equal(rejectedEvents.length, 5, 'each rejected upload that reached validation is audited')
})

onEachDatabase('concurrent uploads to one watchlist serialise into unique versions', async (t, ctx) => {
  const { gmp, id } = await setUp(ctx)
  const bodies = [1, 2, 3, 4].map((seed) => generateWatchlistCsv({ seed, entities: 200 }))
  const results = await Promise.all(bodies.map((b) => upload(gmp, id, b, 'text/csv')))
  t.same(
    results.map((r) => r.statusCode),
    [201, 201, 201, 201],
  )
  const versions = results.map((r) => r.json<{ version: number }>().version).sort()
  t.same(versions, [1, 2, 3, 4], 'every upload got its own version number')
  const registerVersions = results.map((r) => r.json<{ registerVersion: number }>().registerVersion).sort()
  t.same(registerVersions, [1, 2, 3, 4])
  const entities = await ctx.database.db
    .selectFrom('register_entities')
    .select(({ fn }) => fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  t.equal(Number(entities.n), 800, 'every version kept its rows')
  t.equal(ctx.app.registerCache.snapshot?.compiled.size, 200, 'the live register holds exactly one version')
})

onEachDatabase('a generated 20,000-row CSV upload is stored and live', async (t, ctx) => {
  const { gmp, id } = await setUp(ctx)
  const csv = generateWatchlistCsv({ seed: 20, entities: 20_000 })
  const res = await upload(gmp, id, csv, 'text/csv')
  t.equal(res.statusCode, 201, res.body.slice(0, 300))
  t.match(res.json(), { counts: { entities: 20_000 } })
  t.equal(ctx.app.registerCache.snapshot?.compiled.size, 20_000)
})

onEachDatabase('every upload error code comes back through HTTP as a 422 naming the row or field', async (t, ctx) => {
  const { gmp, id } = await setUp(ctx)
  for (const [type, cases] of [
    ['text/csv', CSV_ERROR_CASES],
    ['application/json', JSON_ERROR_CASES],
  ] as const) {
    for (const c of cases) {
      const res = await upload(gmp, id, c.input, type)
      t.equal(res.statusCode, 422, `${type}: ${c.behaviour}`)
      const problem = res.json<{ code: string; errors: { row?: number; field?: string; column?: string; code: string }[] }>()
      const { path, ...rest } = c.expected
      const expected = { ...rest, ...(path === undefined ? {} : { field: path }) }
      t.ok(
        problem.code === 'UNPROCESSABLE_CONTENT' && problem.errors.some((e) => Object.entries(expected).every(([k, v]) => e[k as keyof typeof e] === v)),
        `${type}: ${c.behaviour} → ${c.expected.code}`,
      )
      if (c.secret) t.notMatch(res.body, c.secret, `${type}: ${c.behaviour}: the value is not echoed`)
    }
  }
  const versions = await gmp({ method: 'GET', url: `/v1/watchlists/${id}/versions` })
  t.same(versions.json<{ items: unknown[] }>().items, [], 'no rejected upload created a version')
})
