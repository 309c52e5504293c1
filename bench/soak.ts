// `npm run bench -- soak`: the service in its own process (bench/lib/bench-server.ts) for
// SOAK_SECONDS (default 600) at half the screening rate it can sustain, measured first, with a
// watchlist upload every UPLOAD_EVERY_SECONDS (default 60) replacing the register. Samples the
// server's RSS every 2 s and prints each minute's median (a single sample swings by hundreds of
// MB with garbage collection and with old and new registers overlapping after an upload); growth
// is the last minute's median against the first's. The JavaScript heap in use and the memory
// outside it (PGlite's WebAssembly memory among it), as the server reports them, are printed the
// same way, to tell which part grows; SOAK_HEAP_LIVE=1 has the server collect its heap before
// each reading, so that the heap counts live objects only (the collections also lower RSS: the
// growth target is read without it). Errors: any screening or upload not answered 201. Target:
// RSS growth < 10 %, no errors. Runs on the embedded PGlite, or on PostgreSQL when
// TEST_DATABASE_URL/DATABASE_URL is set.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { benchDatabase } from './lib/bench-database.js'
import { spawnBenchServer } from './lib/spawn-bench-server.js'
import { signToken } from '../src/auth/sign-token.js'
import { generateWatchlistCsv } from '../test/helpers/watchlist-fixtures.js'

const SECONDS = Number(process.env.SOAK_SECONDS ?? 600)
const UPLOAD_EVERY = Number(process.env.UPLOAD_EVERY_SECONDS ?? 60)
const ENTITIES = Number(process.env.SOAK_ENTITIES ?? 20_000)
// The authority's supplier base: screenings cycle through this many company numbers, as a
// council's bidders come back, so that monitoring (which re-screens the latest screening of each
// supplier at every upload) has the same work each minute. Names stay new at every screening, so
// that the matcher's word caches see an endless stream of unseen words.
const SUPPLIERS = Number(process.env.SOAK_SUPPLIERS ?? 20_000)
const SECRET = 'soak-bench-secret-that-is-long-enough-000'

const database = await benchDatabase('bidscreen_soak')
const databaseUrl = database?.url.href ?? ''

// PGlite on disk, as deployed: in memory, the stored screenings themselves would count as growth.
const dataDir = mkdtempSync(path.join(tmpdir(), 'bidscreen-soak-'))

// One organisation sends every screening here, faster than a real one would: its rate limit is
// lifted so that the soak measures the service, not the limiter.
// --expose-gc: the server collects its heap before each memory reading (bench-server.ts).
const collect = process.env.SOAK_HEAP_LIVE === '1' ? ['--expose-gc'] : []
const {
  child: server,
  port,
  memory: serverMemory,
  exited: serverExit,
} = await spawnBenchServer(
  { ...process.env, DATABASE_URL: databaseUrl, DATA_DIR: dataDir, JWT_SECRET: SECRET, RATE_LIMIT_PER_MINUTE: '100000000', MEMORY_EVERY_SECONDS: '10' },
  { nodeArgs: collect },
)
const base = `http://127.0.0.1:${port}`
const rssMb = () => Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024)
const bearer = (org: string, role: 'admin' | 'police' | 'screener') =>
  `Bearer ${signToken({ sub: 'soak', org, roles: [role] }, { algorithm: 'HS256', key: SECRET }, '2h')}`

async function call(method: string, path: string, as: string, body: string | object, type = 'application/json'): Promise<number> {
  const res = await fetch(base + path, {
    method,
    headers: { authorization: as, 'content-type': type },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  await res.arrayBuffer()
  return res.status
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

const screener = bearer('salford', 'screener')
let n = 0
const screen = () =>
  call('POST', '/v1/screenings', screener, {
    supplier: {
      name: `Soak Supplier ${n} Ltd`,
      companyNumber: String(10_000_000 + (n % SUPPLIERS)),
      people: [{ name: `Alex Soak ${n++}`, dateOfBirth: '1980-01' }],
    },
  }).catch(() => 0)

try {
  const admin = bearer('platform', 'admin')
  await call('POST', '/v1/organisations', admin, { id: 'gmp', name: 'Greater Manchester Police', kind: 'police' })
  await call('POST', '/v1/organisations', admin, { id: 'salford', name: 'Salford City Council', kind: 'authority' })
  await call('POST', '/v1/sharing-agreements', admin, { policeOrgId: 'gmp', authorityOrgId: 'salford' })
  const police = bearer('gmp', 'police')
  const created = await fetch(`${base}/v1/watchlists`, {
    method: 'POST',
    headers: { authorization: police, 'content-type': 'application/json' },
    body: '{"name":"soak"}',
  })
  const { id } = (await created.json()) as { id: string }
  const lists = [generateWatchlistCsv({ seed: 1, entities: ENTITIES }), generateWatchlistCsv({ seed: 2, entities: ENTITIES })]
  const upload = (k: number) => call('PUT', `/v1/watchlists/${id}/content`, police, lists[k % 2]!, 'text/csv')
  if ((await upload(0)) !== 201) throw new Error('the first upload failed')

  // The sustainable rate: 16 screenings at a time for 10 s, closed loop.
  const measureUntil = performance.now() + 10_000
  let measured = 0
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (performance.now() < measureUntil) if ((await screen()) === 201) measured++
    }),
  )
  const maxRate = measured / 10
  const rate = Math.max(1, Math.round(maxRate / 2))
  console.log(
    `database: ${databaseUrl ? 'postgres' : 'pglite'}; register ${ENTITIES} entities; ${SUPPLIERS} suppliers; sustained ${Math.round(maxRate)} screenings/s, soaking at ${rate}/s for ${SECONDS} s`,
  )

  // Open loop: `rate` requests a second whatever the answers, so a slow service shows as errors or growth.
  const rssStart = rssMb()
  const rss = [rssStart]
  let requests = 0
  let screeningErrors = 0
  let uploads = 0
  let uploadErrors = 0
  const pending = new Set<Promise<unknown>>()
  const minutes = Array.from({ length: Math.max(1, Math.ceil(SECONDS / 60)) }, (): number[] => [])
  const heapMinutes = minutes.map((): number[] => [])
  const heapTotalMinutes = minutes.map((): number[] => [])
  const externalMinutes = minutes.map((): number[] => [])
  const started = performance.now()
  // Every 10 ms, the screenings due by then: a timer per request would fire at whole
  // milliseconds, not every 1000/rate, and send more than the rate.
  const timer = setInterval(() => {
    const due = Math.floor(((performance.now() - started) * rate) / 1000)
    while (requests < due) {
      requests++
      const p = screen().then((status) => {
        if (status !== 201) screeningErrors++
        pending.delete(p)
      })
      pending.add(p)
    }
  }, 10)
  // The first upload at once, then one every UPLOAD_EVERY seconds: every minute measured, the
  // first included, holds the same work (an upload and the monitoring it starts).
  const uploadNext = () => {
    const p = upload(++uploads).then((status) => {
      if (status !== 201) uploadErrors++
      pending.delete(p)
    })
    pending.add(p)
  }
  uploadNext()
  const uploader = setInterval(uploadNext, UPLOAD_EVERY * 1000)
  // RSS every 2 s, 30 readings a minute; the heap as the server last reported it (every 10 s).
  let reported = 0
  const sampler = setInterval(() => {
    rss.push(rssMb())
    const minute = Math.floor((performance.now() - started) / 60_000)
    minutes[minute]?.push(rss.at(-1)!)
    heapMinutes[minute]?.push(serverMemory().heapUsedMb)
    heapTotalMinutes[minute]?.push(serverMemory().heapTotalMb)
    externalMinutes[minute]?.push(serverMemory().externalMb)
    if (minute > reported) {
      reported = minute
      const elapsed = Math.round((performance.now() - started) / 1000)
      console.log(`  ${elapsed} s: RSS ${rss.at(-1)} MB, ${requests} screenings sent, ${screeningErrors} errors, ${uploads} uploads`)
    }
  }, 2_000)
  await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000))
  clearInterval(timer)
  clearInterval(uploader)
  clearInterval(sampler)
  await Promise.all(pending)
  const rssEnd = rssMb()
  const medians = minutes.filter((m) => m.length > 0).map(median)
  const firstMinute = medians[0] ?? rssStart
  const lastMinute = medians.at(-1) ?? rssEnd
  const growth = Math.round(((lastMinute - firstMinute) / firstMinute) * 1000) / 10
  console.log(`RSS at the start ${rssStart} MB, at the end ${rssEnd} MB, range ${Math.min(...rss)}–${Math.max(...rss)} MB`)
  console.log(`RSS median by minute: ${medians.join(', ')} MB; last minute against first: ${growth} %`)
  // Of it: the JavaScript heap in use, and memory outside it (buffers; on PGlite its WebAssembly memory).
  const heapMedians = heapMinutes.filter((m) => m.length > 0).map(median)
  const heapTotalMedians = heapTotalMinutes.filter((m) => m.length > 0).map(median)
  const externalMedians = externalMinutes.filter((m) => m.length > 0).map(median)
  console.log(
    `JavaScript heap used, median by minute: ${heapMedians.join(', ')} MB (of a heap of ${heapTotalMedians.join(', ')} MB); outside the heap: ${externalMedians.join(', ')} MB`,
  )
  console.log(`${requests} screenings sent, ${screeningErrors} not 201; ${uploads} uploads, ${uploadErrors} not 201`)
  console.log('target: RSS growth < 10 %, no errors')
  console.log(
    JSON.stringify({
      seconds: SECONDS,
      rate,
      requests,
      errors: screeningErrors + uploadErrors,
      uploads,
      rssStartMb: rssStart,
      rssEndMb: rssEnd,
      rssFirstMinuteMb: firstMinute,
      rssLastMinuteMb: lastMinute,
      rssGrowthPct: growth,
      heapUsedMedianMb: heapMedians,
      heapTotalMedianMb: heapTotalMedians,
      externalMedianMb: externalMedians,
    }),
  )
} finally {
  server.kill('SIGTERM')
  await serverExit
  rmSync(dataDir, { recursive: true, force: true })
  await database?.drop()
}
