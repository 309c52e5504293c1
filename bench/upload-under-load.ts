// `npm run bench -- upload-under-load`: screenings while a large upload goes live (issue 11).
// Builds a 100,000-entity register (one CSV upload), then replaces it with another 100,000-row
// upload while a separate client process sends screenings at a steady rate (BENCH_RATE per
// second, default 20; open loop, so a frozen server shows as late answers, not as fewer
// requests). Prints the screenings' p50/p99/max while the upload ran and the upload's time to
// live; the last line is {"uploadMs","p99Ms","maxMs","errors"} (errors: screenings not answered
// 201). Runs on the embedded PGlite (on disk, in a temporary directory), or on PostgreSQL when
// TEST_DATABASE_URL/DATABASE_URL is set.
// Target: every screening 201, p99 ≤ 250 ms, none over 1 s.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { benchDatabase } from './lib/bench-database.js'
import { buildApp } from '../src/app.js'
import { setHeapGrowth } from '../src/heap-growth.js'
import { signToken } from '../src/auth/sign-token.js'
import { loadConfig } from '../src/config.js'
import { connectDatabase } from '../src/db/connect.js'
import { migrateToLatest } from '../src/db/migrator.js'
import { generateWatchlistCsv } from '../test/helpers/watchlist-fixtures.js'

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000)
const RATE = Number(process.env.BENCH_RATE ?? 20)
const SECRET = 'upload-under-load-secret-long-enough-0000'
// A fresh database: an in-memory PGlite, or a new database on the PostgreSQL server named.
const database = await benchDatabase('bidscreen_bench')
const kind = database ? 'postgres' : 'pglite'
const url = database?.url
// PGlite on disk, as deployed: in memory, every file PostgreSQL grows (a table, the WAL) is an
// array Emscripten copies whole to enlarge, and an insert that happens to grow one held the event
// loop for 250-450 ms, which a deployed service never sees.
const dataDir = mkdtempSync(path.join(tmpdir(), 'bidscreen-upload-under-load-'))
const config = loadConfig({
  NODE_ENV: 'test',
  DATA_DIR: dataDir,
  LOG_LEVEL: 'error',
  JWT_SECRET: SECRET,
  ...(url ? { DATABASE_URL: url.href } : {}),
  ...(process.env.HEAP_GROWING_PERCENT ? { HEAP_GROWING_PERCENT: process.env.HEAP_GROWING_PERCENT } : {}),
})
// The heap's growth as the service's entry sets it (src/server.ts; HEAP_GROWING_PERCENT).
setHeapGrowth(config.heapGrowingPercent)
const handle = await connectDatabase(config.database)
await migrateToLatest(handle.db)
const app = await buildApp(config, { database: handle, logger: { level: 'error' } })
await app.listen({ port: 0, host: '127.0.0.1' })
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
const bearer = (org: string, role: 'admin' | 'police' | 'screener') =>
  `Bearer ${signToken({ sub: 'bench', org, roles: [role] }, { algorithm: 'HS256', key: SECRET }, '2h')}`

async function call(method: string, path: string, as: string, body: string | object, type = 'application/json'): Promise<unknown> {
  const res = await fetch(base + path, {
    method,
    headers: { authorization: as, 'content-type': type },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${(await res.text()).slice(0, 300)}`)
  return res.json()
}

// The screening client: its own process, so that its clock and sending never wait on the
// server's event loop. Sends one screening every 1000/RATE ms until told to stop on stdin, then
// prints each request's start (ms since it began), duration and status as JSON.
const CLIENT = `
const [base, token, rate] = [process.argv[1], process.argv[2], Number(process.argv[3])]
const results = []
const t0 = performance.now()
let i = 0
const timer = setInterval(() => {
  const n = i++
  const body = JSON.stringify({ supplier: { name: 'Northern Paving ' + n + ' Solutions Ltd', companyNumber: String(10000000 + n),
    addresses: [{ lines: [n + ' Canal Street'], town: 'Salford', postcode: 'M5 4XJ' }], people: [{ name: 'Daniel O Connor ' + n, dateOfBirth: '1981-03' }] } })
  const start = performance.now()
  fetch(base + '/v1/screenings', { method: 'POST', headers: { authorization: token, 'content-type': 'application/json' }, body })
    .then(async (r) => { await r.arrayBuffer(); return r.status }, () => 0)
    .then((status) => results.push({ at: start - t0, ms: performance.now() - start, status }))
}, 1000 / rate)
process.stdin.once('data', () => {
  clearInterval(timer)
  const wait = setInterval(() => {
    if (results.length < i) return
    clearInterval(wait)
    process.stdout.write(JSON.stringify(results))
  }, 50)
})
`

try {
  const admin = bearer('platform', 'admin')
  await call('POST', '/v1/organisations', admin, { id: 'gmp', name: 'Greater Manchester Police', kind: 'police' })
  await call('POST', '/v1/organisations', admin, { id: 'salford', name: 'Salford City Council', kind: 'authority' })
  await call('POST', '/v1/sharing-agreements', admin, { policeOrgId: 'gmp', authorityOrgId: 'salford' })
  const police = bearer('gmp', 'police')
  const { id } = (await call('POST', '/v1/watchlists', police, { name: 'bench' })) as { id: string }
  const first = generateWatchlistCsv({ seed: 1, entities: ROWS })
  const setUpStart = performance.now()
  await call('PUT', `/v1/watchlists/${id}/content`, police, first, 'text/csv')
  console.log(`database: ${kind}; register: ${app.registerCache.snapshot?.compiled.size} entities, set up in ${Math.round(performance.now() - setUpStart)} ms`)

  // Generated before the client starts: generating is this process's work, not the service's.
  const second = generateWatchlistCsv({ seed: 2, entities: ROWS })
  const client = spawn(process.execPath, ['-e', CLIENT, base, bearer('salford', 'screener'), String(RATE)], { stdio: ['pipe', 'pipe', 'inherit'] })
  let output = ''
  client.stdout.on('data', (data: Buffer) => (output += data.toString()))
  const clientDone = new Promise<void>((resolve) => client.once('exit', () => resolve()))
  const clientStart = performance.now()
  // A few seconds of screenings before the upload, for comparison.
  await new Promise((resolve) => setTimeout(resolve, 3_000))
  const uploadFrom = performance.now() - clientStart
  // How long the service's event loop was held at a time, to tell a blocked loop from a busy CPU.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 })
  loopDelay.enable()
  const uploaded = (await call('PUT', `/v1/watchlists/${id}/content`, police, second, 'text/csv')) as { registerVersion: number }
  const uploadTo = performance.now() - clientStart
  loopDelay.disable()
  const snapshot = app.registerCache.snapshot
  client.stdin.end('stop\n')
  await clientDone
  const results = JSON.parse(output) as { at: number; ms: number; status: number }[]
  // Every screening sent while the upload ran (the client's clock starts a little after ours).
  const during = results.filter((r) => r.at >= uploadFrom - 100 && r.at <= uploadTo)
  const before = results.filter((r) => r.at < uploadFrom - 100)
  const stats = (rs: typeof results) => {
    const sorted = rs.map((r) => r.ms).sort((a, b) => a - b)
    const at = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0)
    return { n: sorted.length, p50: at(0.5), p99: at(0.99), max: Math.round(sorted[sorted.length - 1] ?? 0), errors: rs.filter((r) => r.status !== 201).length }
  }
  const b = stats(before)
  const d = stats(during)
  const uploadMs = Math.round(uploadTo - uploadFrom)
  console.log(`screenings before the upload: ${b.n} sent, p50 ${b.p50} ms, p99 ${b.p99} ms, max ${b.max} ms, ${b.errors} not 201`)
  console.log(
    `upload of ${ROWS} rows live in ${uploadMs} ms (register version ${uploaded.registerVersion}; in this process: compiled in ${snapshot?.compileMs} ms, ${snapshot?.compileWorkMs} ms of it in slices)`,
  )
  console.log(`service event loop during the upload: delay p99 ${Math.round(loopDelay.percentile(99) / 1e6)} ms, max ${Math.round(loopDelay.max / 1e6)} ms`)
  console.log(`screenings during the upload (${RATE}/s): ${d.n} sent, p50 ${d.p50} ms, p99 ${d.p99} ms, max ${d.max} ms, ${d.errors} not 201`)
  const statuses = new Map<number, number>()
  for (const r of during) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1)
  console.log(`statuses during the upload: ${[...statuses].map(([status, n]) => `${n} × ${status === 0 ? 'no answer' : status}`).join(', ')}`)
  console.log(`target: every screening 201, p99 ≤ 250 ms, max ≤ 1000 ms; RSS ${Math.round(process.memoryUsage().rss / 1e6)} MB`)
  console.log(JSON.stringify({ uploadMs, p99Ms: d.p99, maxMs: d.max, errors: d.errors }))
} finally {
  await app.close()
  await handle.close()
  await database?.drop()
  rmSync(dataDir, { recursive: true, force: true })
}
