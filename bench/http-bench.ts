// `npm run bench -- http`: the screening endpoint under load, end to end. Starts the service as
// its own process on PostgreSQL (TEST_DATABASE_URL/DATABASE_URL, else the local server) in a fresh
// database, uploads a 100,000-entity register through the API, then drives POST /v1/screenings
// with autocannon: 32 connections for 30 s of typical suppliers, one in five linked to a group,
// after a 5 s warm-up on other suppliers.
// The service runs as deployed on PostgreSQL (docker-compose.yml): WORKERS=auto, one process per
// core; set WORKERS to compare. BENCH_IDEMPOTENCY=1 sends an Idempotency-Key with every request;
// BENCH_SECONDS, BENCH_CONNECTIONS and BENCH_WARM_UP_SECONDS change the load; BENCH_PROFILE=1
// writes the service's CPU profiles to /tmp/prof.
// The last line is one JSON object: {"rps","p50Ms","p99Ms","errors"}.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { availableParallelism } from 'node:os'
import autocannon from 'autocannon'
import pg from 'pg'
import { signToken } from '../src/auth/sign-token.js'
import { loadPool } from './lib/pools.js'
import { groupEntities } from './lib/synthetic-render.js'
import { SyntheticWorld, type SyntheticGroup } from './lib/synthetic-world.js'
import { typicalSupplier } from './lib/typical-supplier.js'

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32)
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 30)
const GROUPS = 10_000
const SUPPLIERS = 2_000
const WARM_UP_SUPPLIERS = 500
const WARM_UP_S = Number(process.env.BENCH_WARM_UP_SECONDS ?? 5)
const IDEMPOTENT = process.env.BENCH_IDEMPOTENCY === '1'
const runId = randomBytes(4).toString('hex')
let keys = 0
const PORT = 3917
const SECRET = 'http-bench-secret-that-is-long-enough-000'
const base = `http://127.0.0.1:${PORT}`

const adminUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const dbName = `bidscreen_bench_${randomBytes(4).toString('hex')}`
const admin = new pg.Client({ connectionString: adminUrl })
await admin.connect()
await admin.query(`create database ${dbName}`)
const url = new URL(adminUrl)
url.pathname = `/${dbName}`

const server = spawn(
  process.execPath,
  [
    ...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : []),
    ...(process.env.BENCH_NODE_FLAGS ? process.env.BENCH_NODE_FLAGS.split(' ') : []),
    '--import',
    'tsx',
    'src/server.ts',
  ],
  {
    env: {
      ...process.env,
      WORKERS: process.env.WORKERS ?? 'auto',
      DATABASE_URL: url.href,
      PORT: String(PORT),
      HOST: '127.0.0.1',
      JWT_SECRET: SECRET,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  },
)
const token = (org: string, role: 'admin' | 'police' | 'screener') =>
  `Bearer ${signToken({ sub: 'bench', org, roles: [role] }, { algorithm: 'HS256', key: SECRET }, '2h')}`

async function call(method: string, path: string, as: string, body?: unknown): Promise<unknown> {
  const res = await fetch(base + path, {
    method,
    headers: { authorization: as, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${(await res.text()).slice(0, 300)}`)
  return res.json()
}

try {
  for (let i = 0; ; i++) {
    const ready = await fetch(`${base}/health/ready`).then(
      (r) => r.ok,
      () => false,
    )
    if (ready) break
    if (i > 300) throw new Error('service did not become ready')
    await new Promise((r) => setTimeout(r, 100))
  }
  const adminToken = token('platform', 'admin')
  await call('POST', '/v1/organisations', adminToken, { id: 'gmp', name: 'Greater Manchester Police', kind: 'police' })
  await call('POST', '/v1/organisations', adminToken, { id: 'salford', name: 'Salford City Council', kind: 'authority' })
  await call('POST', '/v1/sharing-agreements', adminToken, { policeOrgId: 'gmp', authorityOrgId: 'salford' })

  const world = new SyntheticWorld(7, loadPool('dev'))
  const groups: SyntheticGroup[] = Array.from({ length: GROUPS }, (_, i) => world.group(i, 'gmp', { companies: 3, people: 5, addresses: 2, contacts: false }))
  const content = {
    groups: groups.map((g) => ({
      ref: g.group.ref,
      name: g.group.name,
      riskLevel: g.group.riskLevel,
      handling: g.group.handling,
      entities: groupEntities(g).map(({ id: _id, groupId: _groupId, ...entity }) => entity),
    })),
  }
  const police = token('gmp', 'police')
  const watchlist = (await call('POST', '/v1/watchlists', police, { name: 'bench' })) as { id: string }
  const uploadStart = performance.now()
  const uploaded = (await call('PUT', `/v1/watchlists/${watchlist.id}/content`, police, content)) as { counts: { entities: number }; registerVersion: number }
  const workers = process.env.WORKERS ?? 'auto'
  console.log(`service: WORKERS=${workers} (${workers === 'auto' ? availableParallelism() : workers} processes) on PostgreSQL`)
  console.log(`register: ${uploaded.counts.entities} entities uploaded in ${Math.round(performance.now() - uploadStart)} ms`)
  // With several workers, each loads the new version on its own: wait until all answer with it.
  for (let inARow = 0; inARow < 20;) {
    const ready = (await fetch(`${base}/health/ready`).then((r) => r.json())) as { checks?: { register?: { version?: number } } }
    inARow = ready.checks?.register?.version === uploaded.registerVersion ? inARow + 1 : 0
    if (inARow === 0) await new Promise((r) => setTimeout(r, 200))
  }

  const bodyOf = (i: number) => JSON.stringify({ reference: `BENCH-${i}`, supplier: typicalSupplier(world, groups, i % 5 === 0) })
  const screener = token('salford', 'screener')
  const load = (bodies: readonly string[], seconds: number) => {
    let next = 0
    return autocannon({
      url: `${base}/v1/screenings`,
      connections: CONNECTIONS,
      duration: seconds,
      method: 'POST',
      headers: { authorization: screener, 'content-type': 'application/json' },
      requests: [
        {
          setupRequest: (req) => {
            const body = bodies[next++ % bodies.length]
            // BENCH_IDEMPOTENCY=1: every request carries its own Idempotency-Key, as a careful client's would.
            return IDEMPOTENT ? { ...req, body, headers: { ...req.headers, 'idempotency-key': `bench-${runId}-${++keys}` } } : { ...req, body }
          },
        },
      ],
    })
  }
  // A few seconds of other suppliers first, not counted: a service under test has been running,
  // with its code compiled by the JIT, rather than starting cold at full load.
  const warmUp = await load(
    Array.from({ length: WARM_UP_SUPPLIERS }, (_, i) => bodyOf(SUPPLIERS + i)),
    WARM_UP_S,
  )
  console.log(`warm-up: ${warmUp.requests.total} screenings of other suppliers in ${WARM_UP_S} s, not counted`)
  const result = await load(
    Array.from({ length: SUPPLIERS }, (_, i) => bodyOf(i)),
    DURATION_S,
  )
  const errors = result.errors + result.timeouts + result.non2xx
  console.log(
    `${result.requests.total} screenings in ${DURATION_S} s over ${CONNECTIONS} connections: ${result.requests.average.toFixed(0)}/s; latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms; ${errors} errors`,
  )
  console.log(JSON.stringify({ rps: Math.round(result.requests.average), p50Ms: result.latency.p50, p99Ms: result.latency.p99, errors }))
} finally {
  server.kill('SIGTERM')
  await new Promise((r) => server.once('exit', r))
  await admin.query(`drop database if exists ${dbName} with (force)`)
  await admin.end()
}
