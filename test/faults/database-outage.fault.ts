import pg from 'pg'
import t from 'tap'
import { waitFor } from '../helpers/wait-for.js'
import { gmpWatchlist } from '../helpers/screening-fixtures.js'
import { callerFor, seedThroughApi, type Caller } from './lib/http-client.js'
import { startServer, type ServerProcess } from './lib/server-process.js'
import { postgresBinaries, startThrowawayCluster } from './lib/throwaway-cluster.js'

// PostgreSQL goes away under a load of screenings and comes back. The service must answer 503
// DATABASE_UNAVAILABLE meanwhile, never exit, recover by itself (queries and LISTEN), and lose or
// duplicate nothing: every 201 is stored, and a write retried with its Idempotency-Key is stored once.

const bin = postgresBinaries()

interface Load {
  /** Reference → screening id, for every 201. */
  created: Map<string, string>
  keyedReferences: Set<string>
  statuses: Map<number, number>
  unavailable: number
  networkErrors: number
  /** Answers that are neither 201 nor a well-formed 503 DATABASE_UNAVAILABLE. */
  unexpected: string[]
  /** Set while the cluster is down: a client with a 503 waits for it to be back before retrying. */
  outage: boolean
  stopped: boolean
}

t.test('a PostgreSQL restart under a load of screenings', { skip: bin ? false : 'no PostgreSQL binaries to start a throwaway cluster' }, async (t) => {
  const cluster = await startThrowawayCluster(bin!)
  t.teardown(() => cluster.destroy())
  // Polling is switched off in effect, so that only LISTEN can tell the second process of an upload.
  const env = { DATABASE_URL: cluster.url(), REGISTER_POLL_SECONDS: '3600' }
  const servers: ServerProcess[] = []
  t.teardown(() => servers.forEach((s) => s.child.kill('SIGKILL')))
  servers.push(await startServer(env))
  const [first] = servers as [ServerProcess]
  const police = callerFor(() => first.base, 'gmp', 'police')
  const watchlistId = await seedThroughApi(
    callerFor(() => first.base, 'platform', 'admin'),
    police,
    gmpWatchlist,
  )
  servers.push(await startServer(env))
  const second = servers[1]!

  const load: Load = {
    created: new Map(),
    keyedReferences: new Set(),
    statuses: new Map(),
    unavailable: 0,
    networkErrors: 0,
    unexpected: [],
    outage: false,
    stopped: false,
  }
  // Requests alternate between the two processes.
  const screeners = servers.map((s) => callerFor(() => s.base, 'salford', 'screener'))
  const workers = Array.from({ length: 6 }, (_, w) => screenUntilStopped(load, screeners, w))

  t.ok(await waitFor(() => load.created.size >= 30 || undefined), 'screenings are stored before the outage')
  load.outage = true
  cluster.stop()
  t.ok(await waitFor(() => load.unavailable > 0 || undefined), 'while the database is down, screenings answer 503 DATABASE_UNAVAILABLE')
  for (const server of servers) {
    const ready = await fetch(`${server.base}/health/ready`)
    t.equal(ready.status, 503, 'and readiness says not ready')
  }
  cluster.start()
  load.outage = false

  const admin = callerFor(() => first.base, 'platform', 'admin')
  for (const server of servers) {
    const adminHere = callerFor(() => server.base, 'platform', 'admin')
    const channel = await waitFor(async () => {
      const ready = await adminHere('GET', '/health/ready')
      const register = (ready.body.checks as Record<string, { channel?: string }> | undefined)?.register
      return ready.status === 200 && register?.channel === 'listening' ? register.channel : undefined
    })
    t.equal(channel, 'listening', 'each process is ready again by itself, its register channel listening')
  }
  const atRecovery = load.created.size
  t.ok(await waitFor(() => load.created.size >= atRecovery + 30 || undefined), 'screenings are stored again after the outage')

  // Backends terminated one by one under load (an operator's pg_terminate_backend, a failover):
  // connections checked out in the middle of a transaction are lost too.
  const killer = new pg.Client({ connectionString: cluster.url() })
  await killer.connect()
  t.teardown(() => killer.end())
  let terminated = 0
  for (let round = 0; round < 20; round++) {
    const before = load.created.size
    const result = await killer.query(
      `select pg_terminate_backend(pid) from pg_stat_activity where datname = 'postgres' and pid <> pg_backend_pid() and backend_type = 'client backend'`,
    )
    terminated += result.rowCount ?? 0
    await waitFor(() => load.created.size > before || undefined)
  }
  t.ok(terminated > 0, `${terminated} sessions terminated under load`)
  const afterTerminations = load.created.size
  t.ok(await waitFor(() => load.created.size >= afterTerminations + 30 || undefined), 'screenings go on being stored')
  load.stopped = true
  await Promise.all(workers)

  t.same(
    servers.map((s) => s.exit),
    [undefined, undefined],
    'neither process exited',
  )
  t.notMatch(servers.map((s) => s.stderr()).join(''), /shutting down after an error/, 'nothing shut a process down')
  t.equal(load.networkErrors, 0, 'every request was answered')
  t.same(load.unexpected, [], 'every answer was a 201 or a 503 DATABASE_UNAVAILABLE with Retry-After')
  t.ok(load.statuses.get(503), `503 answers during the outage: ${load.statuses.get(503)}`)

  const client = new pg.Client({ connectionString: cluster.url() })
  await client.connect()
  t.teardown(() => client.end())
  const rows = (await client.query<{ id: string; reference: string }>(`select id, reference from screenings where reference like 'fault-%'`)).rows
  const stored = new Map<string, string[]>()
  for (const row of rows) stored.set(row.reference, [...(stored.get(row.reference) ?? []), row.id])
  const missing = [...load.created].filter(([reference, id]) => !stored.get(reference)?.includes(id))
  t.same(missing, [], `every one of the ${load.created.size} screenings answered 201 is stored`)
  const duplicated = [...stored].filter(([, ids]) => ids.length > 1)
  t.same(duplicated, [], 'no screening is stored twice')
  const keyedUnfinished = [...load.keyedReferences].filter((reference) => !load.created.has(reference))
  t.same(keyedUnfinished, [], `every request sent with an Idempotency-Key (${load.keyedReferences.size}) ended in a 201 when retried`)

  // LISTEN was re-established: an upload through the first process reaches the second at once,
  // where only the NOTIFY can have told it (polling is an hour away).
  const riverside = { type: 'company', name: 'Riverside Haulage Ltd', companyNumber: '07777777' }
  const added = { groups: gmpWatchlist.groups.map((g, n) => (n === 1 ? { ...g, entities: [...g.entities, riverside] } : g)) }
  const uploaded = await police('PUT', `/v1/watchlists/${watchlistId}/content`, added)
  t.equal(uploaded.status, 201, 'an upload after the outage goes live')
  const heard = await waitFor(async () => {
    const screened = await screeners[1]!('POST', '/v1/screenings', { supplier: { name: 'Riverside Haulage Ltd', companyNumber: '07777777' } })
    return screened.status === 201 && screened.body.band !== 'none' ? screened.body.band : undefined
  })
  t.ok(heard, `the second process screens against the new version (band ${String(heard)}): its LISTEN came back`)
  t.equal((await admin('GET', '/health/live')).status, 200)
  t.equal(second.exit, undefined)
})

/** Screens new suppliers in a loop; half carry an Idempotency-Key and are retried until stored. */
async function screenUntilStopped(load: Load, screeners: Caller[], worker: number): Promise<void> {
  for (let i = 0; !load.stopped; i++) {
    const reference = `fault-${worker}-${i}`
    const keyed = i % 2 === 0
    if (keyed) load.keyedReferences.add(reference)
    const headers: Record<string, string> = keyed ? { 'idempotency-key': `key-${reference}` } : {}
    const screen = screeners[(worker + i) % screeners.length]!
    for (;;) {
      const answer = await screen('POST', '/v1/screenings', { reference, supplier: { name: `Fault Test Supplier ${worker} ${i} Ltd` } }, headers).catch(
        () => undefined,
      )
      if (!answer) {
        load.networkErrors++
        break
      }
      load.statuses.set(answer.status, (load.statuses.get(answer.status) ?? 0) + 1)
      if (answer.status === 201) {
        load.created.set(reference, answer.body.id as string)
        break
      }
      const retryAfter = Number(answer.headers.get('retry-after'))
      if (answer.status === 503 && answer.body.code === 'DATABASE_UNAVAILABLE' && retryAfter > 0) load.unavailable++
      else load.unexpected.push(`${answer.status} ${String(answer.body.code)}`)
      if (!keyed) break
      // It retries with the same key once the database is back (a real client would wait the
      // Retry-After it was given; waiting on the condition keeps the test quick and quiet-proof).
      await waitFor(() => !load.outage || undefined)
    }
  }
}
