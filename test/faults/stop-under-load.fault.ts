import { request } from 'node:http'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import t from 'tap'
import { waitFor } from '../helpers/wait-for.js'
import { examplePaving, gmpWatchlist } from '../helpers/screening-fixtures.js'
import { callerFor, seedThroughApi, tokenFor } from './lib/http-client.js'
import { startServer } from './lib/server-process.js'

// SIGTERM (what `docker stop` sends) while screenings keep arriving. The process first drains:
// it says it is not ready and keeps serving, so the client (here standing in for a load balancer)
// stops sending; then it stops taking connections, finishes every request it has begun and exits 0.
// No request sent is cut off or refused.

type Outcome = { status: number } | { error: string }

t.test('SIGTERM under a load of screenings drops no request in flight', async (t) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bidscreen-stop-'))
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }))
  const server = await startServer({ DATA_DIR: dataDir, DATABASE_URL: '', SHUTDOWN_DRAIN_SECONDS: '5' })
  t.teardown(() => server.child.kill('SIGKILL'))
  await seedThroughApi(
    callerFor(() => server.base, 'platform', 'admin'),
    callerFor(() => server.base, 'gmp', 'police'),
    gmpWatchlist,
  )

  const token = tokenFor('salford', 'screener')
  const body = JSON.stringify(examplePaving)
  const outcomes: Outcome[] = []
  let notReady = false
  // Each request on a connection of its own, as from many clients: none is kept open to reuse.
  const screen = () =>
    new Promise<Outcome>((resolve) => {
      const req = request(`${server.base}/v1/screenings`, {
        method: 'POST',
        agent: false,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), connection: 'close' },
      })
      req.on('response', (response) => {
        response.resume()
        response.on('end', () => resolve({ status: response.statusCode! }))
        response.on('error', (error) => resolve({ error: (error as NodeJS.ErrnoException).code ?? error.message }))
      })
      req.on('error', (error) => resolve({ error: (error as NodeJS.ErrnoException).code ?? error.message }))
      req.end(body)
    })
  const workers = Array.from({ length: 8 }, async () => {
    while (!notReady) outcomes.push(await screen())
  })

  t.ok(await waitFor(() => outcomes.filter((o) => 'status' in o && o.status === 201).length >= 40 || undefined), 'screenings are answered')
  server.child.kill('SIGTERM')
  // As a load balancer does: traffic stops once readiness fails.
  t.ok(
    await waitFor(async () => {
      const ready = await fetch(`${server.base}/health/ready`).then(
        (r) => r.status,
        () => 0,
      )
      return ready === 503 || undefined
    }),
    'the stopping process says it is not ready',
  )
  notReady = true
  await Promise.all(workers)
  await server.exited

  t.equal(server.exit?.code, 0, 'the process exits 0')
  const answered = outcomes.filter((o): o is { status: number } => 'status' in o)
  const statuses = [...new Set(answered.map((o) => o.status))]
  t.ok(
    statuses.every((s) => s === 201),
    `every answer is a 201: ${statuses.join(', ')}`,
  )
  const failed = outcomes.filter((o) => 'error' in o)
  t.same(failed, [], `no request was cut off or refused (${answered.length} answered)`)
  t.notMatch(server.stderr(), /"level":50/, 'nothing logged as an error')
})
