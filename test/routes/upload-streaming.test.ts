import { request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { PassThrough, Readable } from 'node:stream'
import { onEachDatabase, startTestApp, databaseKinds, type Inject, type TestApp } from '../helpers/test-app.js'
import { waitFor } from '../helpers/wait-for.js'
import { generateWatchlistCsv } from '../helpers/watchlist-fixtures.js'
import t from 'tap'

// Several of the parser's 64 KB pieces and a dozen of the writer's 250-row batches.
const ROWS = 3_000

async function setUp(ctx: TestApp) {
  await ctx.as('platform', 'admin')({ method: 'POST', url: '/v1/organisations', payload: { id: 'gmp', name: 'Greater Manchester Police', kind: 'police' } })
  const gmp = ctx.as('gmp', 'police')
  const created = await gmp({ method: 'POST', url: '/v1/watchlists', payload: { name: 'GMP SOC groups' } })
  return { gmp, id: created.json<{ id: string }>().id }
}

const put = (as: Inject, id: string, payload: string | Readable, headers: Record<string, string> = {}) =>
  as({ method: 'PUT', url: `/v1/watchlists/${id}/content`, headers: { 'content-type': 'text/csv', ...headers }, payload })

/** Rows of the list in the database, live or staged, and its staged versions. */
async function stored(ctx: TestApp, id: string) {
  const db = ctx.database.db
  const entities = await db
    .selectFrom('register_entities')
    .select(['version', (eb) => eb.fn.countAll<string>().as('n')])
    .where('watchlist_id', '=', id)
    .groupBy('version')
    .execute()
  const staged = await db.selectFrom('watchlist_versions').select('version').where('watchlist_id', '=', id).where('staged', '=', true).execute()
  return { entities: Object.fromEntries(entities.map((r) => [r.version, Number(r.n)])), staged: staged.length }
}

onEachDatabase('a streamed CSV upload over many pieces and batches goes live whole, and its identical retry stores nothing', async (t, ctx) => {
  const { gmp, id } = await setUp(ctx)
  const csv = generateWatchlistCsv({ seed: 21, entities: ROWS })
  t.ok(csv.length > 4 * 64 * 1024, 'the upload spans several 64 KB pieces')
  const res = await put(gmp, id, csv)
  t.equal(res.statusCode, 201, res.body.slice(0, 300))
  t.match(res.json(), { version: 1, counts: { entities: ROWS } })
  t.same(await stored(ctx, id), { entities: { 1: ROWS }, staged: 0 }, 'every row stored once, nothing left staged')
  const content = await gmp({ method: 'GET', url: `/v1/watchlists/${id}/content` })
  const groups = content.json<{ groups: { entities: unknown[] }[] }>().groups
  t.equal(
    groups.reduce((n, g) => n + g.entities.length, 0),
    ROWS,
    'the content reads back whole',
  )
  t.equal(ctx.app.registerCache.snapshot?.compiled.size, ROWS, 'and is live in the register')

  const retry = await put(gmp, id, csv)
  t.equal(retry.statusCode, 200, 'a byte-identical retry creates nothing')
  t.match(retry.json(), { version: 1, created: false })
  t.same(await stored(ctx, id), { entities: { 1: ROWS }, staged: 0 }, "the retry's staged rows are gone")
})

onEachDatabase('a bad row after many good pieces, written meanwhile, is reported and the upload changes nothing', async (t, ctx) => {
  const { gmp, id } = await setUp(ctx)
  const first = generateWatchlistCsv({ seed: 22, entities: 100 })
  t.equal((await put(gmp, id, first)).statusCode, 201)
  const before = (await gmp({ method: 'GET', url: `/v1/watchlists/${id}/content` })).body

  // The body is sent in two parts: the good rows, then (once some of them are seen stored in
  // the staged version, so the upload did stream) one bad row.
  const good = generateWatchlistCsv({ seed: 23, entities: ROWS })
  const body = new PassThrough()
  body.write(good)
  const answer = put(gmp, id, body)
  const written = await waitFor(async () => ((await stored(ctx, id)).entities[2] ?? 0) > 0 || undefined)
  t.ok(written, 'rows of the upload were written before its body ended')
  const badRow = ROWS + 2 // the header is row 1
  body.end('GMP-OCG-99999,Late Group,high,,,boat,,,,,,,,,,,,,,\n')
  const res = await answer
  t.equal(res.statusCode, 422, res.body.slice(0, 300))
  t.match(res.json(), { code: 'UNPROCESSABLE_CONTENT', totalErrors: 1, errors: [{ row: badRow, column: 'entity_type', code: 'INVALID_ENTITY_TYPE' }] })
  t.same(await stored(ctx, id), { entities: { 1: 100 }, staged: 0 }, 'the staged rows are discarded')
  t.equal((await gmp({ method: 'GET', url: `/v1/watchlists/${id}/content` })).body, before, 'the live version is unchanged')
  const versions = await gmp({ method: 'GET', url: `/v1/watchlists/${id}/versions` })
  t.equal(versions.json<{ items: unknown[] }>().items.length, 1, 'no version was added')
})

onEachDatabase('an upload cut off mid-way (the client gone) changes nothing and leaves nothing staged', async (t, ctx) => {
  const { id } = await setUp(ctx)
  // A real connection, since an injected request cannot go away: half the body, then a reset.
  await ctx.app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = ctx.app.server.address() as AddressInfo
  const csv = generateWatchlistCsv({ seed: 25, entities: ROWS })
  const token = ctx.token({ sub: 'gmp-user', org: 'gmp', roles: ['police'] })
  const req = request({
    host: '127.0.0.1',
    port,
    method: 'PUT',
    path: `/v1/watchlists/${id}/content`,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv', 'content-length': String(csv.length) },
  })
  req.on('error', () => undefined) // the reset below
  req.write(csv.slice(0, csv.length / 2))
  t.ok(await waitFor(async () => ((await stored(ctx, id)).entities[1] ?? 0) > 0 || undefined), 'rows were being written')
  req.destroy()
  const after = await waitFor(async () => {
    const now = await stored(ctx, id)
    return now.staged === 0 && Object.keys(now.entities).length === 0 ? now : undefined
  })
  t.same(after, { entities: {}, staged: 0 }, 'its staged rows are discarded')
  const versions = await ctx.as('gmp', 'police')({ method: 'GET', url: `/v1/watchlists/${id}/versions` })
  t.same(versions.json<{ items: unknown[] }>().items, [], 'no version')
})

for (const kind of databaseKinds) {
  t.test(`a streamed upload past the size limit is 413 and changes nothing [${kind}]`, async (t) => {
    const ctx = await startTestApp(t, kind, { UPLOAD_LIMIT_BYTES: String(64 * 1024) })
    const { gmp, id } = await setUp(ctx)
    const csv = generateWatchlistCsv({ seed: 24, entities: ROWS })
    // Sent without a length, as a chunked request is: found too large while it streams.
    const res = await put(gmp, id, Readable.from([csv.slice(0, 50_000), csv.slice(50_000)]))
    t.equal(res.statusCode, 413, res.body.slice(0, 300))
    t.match(res.json(), { code: 'PAYLOAD_TOO_LARGE' })
    t.same(await stored(ctx, id), { entities: {}, staged: 0 }, 'nothing stored, nothing staged')
    const declared = await put(gmp, id, csv)
    t.equal(declared.statusCode, 413, 'a declared length over the limit is refused before reading')
  })
}
