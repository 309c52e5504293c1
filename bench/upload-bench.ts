// `npm run bench -- upload [rows]`: times one CSV upload of a generated watchlist (default
// 100,000 rows) from request to response: parsed, validated, stored, and live in the register.
// Runs on the embedded PGlite, or on PostgreSQL when TEST_DATABASE_URL/DATABASE_URL is set.
import { buildApp } from '../src/app.js'
import { migrateToLatest } from '../src/db/migrator.js'
import { signToken } from '../src/auth/sign-token.js'
import { databaseKinds, openTestDatabase, testConfig, TEST_JWT_SECRET } from '../test/helpers/test-app.js'
import { generateWatchlistCsv } from '../test/helpers/watchlist-fixtures.js'

const rows = Number(process.argv[3] ?? 100_000)
const kind = databaseKinds.includes('postgres') ? 'postgres' : 'pglite'
const database = await openTestDatabase(kind)
const handle = database.handle
await migrateToLatest(handle.db)
const app = await buildApp(testConfig(), { database: handle, logger: false })
const bearer = (org: string, role: 'admin' | 'police') =>
  `Bearer ${signToken({ sub: 'bench', org, roles: [role] }, { algorithm: 'HS256', key: TEST_JWT_SECRET })}`

await app.inject({
  method: 'POST',
  url: '/v1/organisations',
  headers: { authorization: bearer('platform', 'admin') },
  payload: { id: 'gmp', name: 'GMP', kind: 'police' },
})
const created = await app.inject({ method: 'POST', url: '/v1/watchlists', headers: { authorization: bearer('gmp', 'police') }, payload: { name: 'bench' } })
const id = created.json<{ id: string }>().id
const csv = generateWatchlistCsv({ seed: 42, entities: rows })
console.log(`database: ${kind}; CSV: ${rows} rows, ${(csv.length / 1e6).toFixed(1)} MB`)

const started = performance.now()
const res = await app.inject({
  method: 'PUT',
  url: `/v1/watchlists/${id}/content`,
  headers: { authorization: bearer('gmp', 'police'), 'content-type': 'text/csv' },
  payload: csv,
})
const ms = Math.round(performance.now() - started)
if (res.statusCode !== 201) throw new Error(`upload failed: ${res.statusCode} ${res.body.slice(0, 500)}`)
const snapshot = app.registerCache.snapshot
console.log(`upload: ${ms} ms (register version ${snapshot?.version}, ${snapshot?.compiled.size} entities live, register load+compile ${snapshot?.loadMs} ms)`)
console.log(`heap used: ${Math.round(process.memoryUsage().heapUsed / 1e6)} MB`)
await app.close()
await database.drop()
console.log(JSON.stringify({ rows, ms, database: kind }))
