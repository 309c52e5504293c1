import { request } from 'node:http'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import t, { type Test } from 'tap'
import { waitFor } from '../helpers/wait-for.js'
import { examplePaving, gmpWatchlist } from '../helpers/screening-fixtures.js'
import { callerFor, seedThroughApi, tokenFor } from './lib/http-client.js'
import { startServer, type ServerProcess } from './lib/server-process.js'
import { postgresBinaries, startThrowawayCluster } from './lib/throwaway-cluster.js'

// The process is killed (SIGKILL: no shutdown, no rollback by the application) while a large
// upload is being written. After a restart the previous version is live and whole, the killed
// upload left nothing visible, and the next upload goes live as usual.

const ENTITIES = 30_000
const bigWatchlist = {
  groups: [
    {
      ref: 'GMP-OCG-9000',
      name: 'Bulk group',
      riskLevel: 'high',
      handling: 'Refer to the force.',
      entities: Array.from({ length: ENTITIES }, (_, i) => ({
        type: 'company',
        name: `Killed Upload Company ${i} Ltd`,
        companyNumber: String(30_000_000 + i),
      })),
    },
  ],
}

async function killDuringUpload(t: Test, env: Record<string, string>, uploadUnderWay: (sent: Promise<void>) => Promise<unknown>): Promise<void> {
  let server: ServerProcess = await startServer(env)
  t.teardown(() => server.child.kill('SIGKILL'))
  const police = callerFor(() => server.base, 'gmp', 'police')
  const screener = callerFor(() => server.base, 'salford', 'screener')
  const watchlistId = await seedThroughApi(
    callerFor(() => server.base, 'platform', 'admin'),
    police,
    gmpWatchlist,
  )

  const upload = sendUpload(server.base, watchlistId, JSON.stringify(bigWatchlist))
  t.ok(await uploadUnderWay(upload.sent), 'the large upload is under way')
  server.child.kill('SIGKILL')
  await server.exited
  t.equal(server.exit?.signal, 'SIGKILL', 'the process was killed')
  t.equal(await upload.answered, undefined, 'the upload was never acknowledged')

  server = await startServer(env)
  const watchlist = await police('GET', `/v1/watchlists/${watchlistId}`)
  const current = watchlist.body.currentVersion as { version: number; counts: { entities: number } }
  t.equal(current.version, 1, 'the previous version is live after the restart')
  t.equal(current.counts.entities, 4, 'whole')
  const versions = await police('GET', `/v1/watchlists/${watchlistId}/versions`)
  t.same(
    (versions.body.items as { version: number }[]).map((v) => v.version),
    [1],
    'the killed upload left no version behind',
  )
  const unlisted = await screener('POST', '/v1/screenings', { supplier: { name: 'Killed Upload Company 7 Ltd', companyNumber: '30000007' } })
  t.equal(unlisted.body.band, 'none', 'nothing of the killed upload is screened against')
  const listed = await screener('POST', '/v1/screenings', examplePaving)
  t.equal(listed.body.band, 'high', 'the previous version is screened against')

  const next = await police('PUT', `/v1/watchlists/${watchlistId}/content`, bigWatchlist)
  t.equal(next.status, 201, 'the next upload goes live')
  const nowListed = await screener('POST', '/v1/screenings', { supplier: { name: 'Killed Upload Company 7 Ltd', companyNumber: '30000007' } })
  t.not(nowListed.body.band, 'none', 'and is screened against')
}

/** An upload over a raw request: `sent` once the whole body is on the socket, `answered` with the status, if any. */
function sendUpload(base: string, watchlistId: string, body: string) {
  const token = tokenFor('gmp', 'police')
  let markSent: () => void = () => {}
  const sent = new Promise<void>((resolve) => (markSent = resolve))
  const answered = new Promise<number | undefined>((resolve) => {
    const req = request(`${base}/v1/watchlists/${watchlistId}/content`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    })
    req.on('response', (response) => {
      response.resume()
      resolve(response.statusCode)
    })
    req.on('error', () => resolve(undefined))
    req.end(body, markSent)
  })
  return { sent, answered }
}

const bin = postgresBinaries()

t.test('SIGKILL during an upload, on PostgreSQL', { skip: bin ? false : 'no PostgreSQL binaries to start a throwaway cluster' }, async (t) => {
  const cluster = await startThrowawayCluster(bin!)
  t.teardown(() => cluster.destroy())
  const client = new pg.Client({ connectionString: cluster.url() })
  await client.connect()
  t.teardown(() => client.end())
  // Killed once part of the upload is written to its staged version.
  await killDuringUpload(t, { DATABASE_URL: cluster.url() }, () =>
    waitFor(async () => {
      const staged = await client.query<{ n: number }>(
        `select count(*)::int as n from register_entities e join watchlist_versions v on v.watchlist_id = e.watchlist_id and v.version = e.version where v.staged`,
      )
      return staged.rows[0]!.n > 0 || undefined
    }),
  )
})

t.test('SIGKILL during an upload, on the embedded database', async (t) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bidscreen-killed-upload-'))
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }))
  // The directory is the server's alone while it runs: killed once the whole body has been sent.
  await killDuringUpload(t, { DATA_DIR: dataDir, DATABASE_URL: '' }, async (sent) => {
    await sent
    return true
  })
})
