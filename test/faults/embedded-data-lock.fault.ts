import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import t, { type Test } from 'tap'
import type { Role } from '../../src/auth/principal.js'
import { cleanSupplier, examplePaving, gmpWatchlist } from '../helpers/screening-fixtures.js'
import { TEST_JWT_SECRET } from '../helpers/test-app.js'
import { waitFor } from '../helpers/wait-for.js'
import { callerFor } from './lib/http-client.js'

// One owner of an embedded data directory: the server holds it, a CLI or a second server on it is
// refused with one line, and what the server acknowledged survives SIGKILL and a restart (which
// takes the dead server's lock over). Real processes from source, as `npm start` and the CLIs.

type Exit = { code: number | null; signal: NodeJS.Signals | null }
type LogLine = { level: number; msg: string; err?: unknown; stack?: unknown }

function spawnProcess(script: string, dataDir: string, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, NODE_ENV: 'test', DATA_DIR: dataDir, DATABASE_URL: '', JWT_SECRET: TEST_JWT_SECRET, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  // The service logs on stdout, the CLIs and start-up failures on stderr.
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
  const lines = (from: 'stdout' | 'stderr' = 'stderr') =>
    (from === 'stdout' ? stdout : stderr)
      .split('\n')
      .slice(0, -1) // complete lines only: the last may be still being written
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as LogLine)
  return { child, exited, lines }
}

/** The server on a port of its own choosing (read from its log), once it answers ready. */
async function startServer(t: Test, dataDir: string) {
  const server = spawnProcess('src/server.ts', dataDir, { PORT: '0', HOST: '127.0.0.1' })
  let exit: Exit | undefined
  void server.exited.then((e) => (exit = e))
  t.teardown(() => {
    if (!exit) server.child.kill('SIGKILL')
  })
  const base = await waitFor(
    () =>
      exit
        ? null
        : server
            .lines('stdout')
            .find((l) => l.msg.startsWith('Server listening at '))
            ?.msg.slice(20),
    180_000,
  )
  const ready =
    base &&
    (await waitFor(() =>
      fetch(`${base}/health/ready`).then(
        (r) => r.ok || undefined,
        () => undefined,
      ),
    ))
  if (!base || !ready)
    throw new Error(`the server did not become ready: ${JSON.stringify(exit)} ${JSON.stringify([...server.lines(), ...server.lines('stdout')].slice(-5))}`)
  const as = (org: string, ...roles: Role[]) => callerFor(() => base, org, ...roles)
  return { pid: server.child.pid!, as, kill: (signal: NodeJS.Signals) => (server.child.kill(signal), server.exited), lines: server.lines }
}

async function runCli(script: string, dataDir: string) {
  const cli = spawnProcess(script, dataDir)
  return { ...(await cli.exited), lines: cli.lines() }
}

const lockOf = (dataDir: string) => JSON.parse(readFileSync(path.join(dataDir, 'bidscreen.lock'), 'utf8')) as { pid: number }

t.test('acknowledged writes survive SIGKILL; a CLI or second server on the held directory is refused in one line', async (t) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bidscreen-lock-'))
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }))
  const lockPath = path.join(dataDir, 'bidscreen.lock')

  const first = await startServer(t, dataDir)
  t.equal(lockOf(dataDir).pid, first.pid, 'the server holds the directory')
  const admin = first.as('platform', 'admin')
  for (const org of [
    { id: 'gmp', name: 'Greater Manchester Police', kind: 'police' },
    { id: 'salford', name: 'Salford City Council', kind: 'authority' },
  ]) {
    t.equal((await admin('POST', '/v1/organisations', org)).status, 201, `organisation ${org.id} created`)
  }
  t.equal((await admin('POST', '/v1/sharing-agreements', { policeOrgId: 'gmp', authorityOrgId: 'salford' })).status, 201)
  const police = first.as('gmp', 'police')
  const watchlistId = (await police('POST', '/v1/watchlists', { name: 'GMP groups' })).body.id as string
  t.equal((await police('PUT', `/v1/watchlists/${watchlistId}/content`, gmpWatchlist)).status, 201, 'watchlist uploaded')
  const screened = await first.as('salford', 'screener')('POST', '/v1/screenings', examplePaving)
  t.match(screened, { status: 201, body: { band: 'high' } }, 'screening acknowledged')

  t.match(await first.kill('SIGKILL'), { signal: 'SIGKILL' })
  t.ok(existsSync(lockPath), 'a killed server leaves its lock behind')

  const second = await startServer(t, dataDir)
  t.equal(lockOf(dataDir).pid, second.pid, "a restart takes the dead server's lock over")
  const officer = second.as('salford', 'officer')
  t.match(await officer('GET', `/v1/screenings/${screened.body.id as string}`), { status: 200, body: { band: 'high' } }, 'the screening survived')
  t.match(await second.as('gmp', 'police')('GET', `/v1/watchlists/${watchlistId}`), { status: 200 }, 'the watchlist survived')
  t.match(await second.as('platform', 'admin')('GET', '/v1/organisations/salford'), { status: 200 }, 'the organisation survived')

  const refusal = `the data directory ${dataDir} is in use by process ${second.pid} (lock ${lockPath}); stop it, or use the running server's API`
  for (const script of ['src/db/migrate-cli.ts', 'src/audit/verify-cli.ts', 'src/server.ts']) {
    const { code, lines } = await runCli(script, dataDir)
    t.equal(code, 1, `${script} exits with 1`)
    t.same(
      lines.map((l) => l.msg),
      [refusal],
      `${script}: one line naming the lock`,
    )
    t.notOk(lines[0]?.err ?? lines[0]?.stack, `${script}: no stack trace`)
  }

  const later = await second.as('salford', 'screener')('POST', '/v1/screenings', cleanSupplier)
  t.equal(later.status, 201, 'the server still works beside the refused processes')
  t.match(await second.kill('SIGKILL'), { signal: 'SIGKILL' })

  const third = await startServer(t, dataDir)
  const reader = third.as('salford', 'officer')
  for (const id of [screened.body.id, later.body.id] as string[]) {
    t.equal((await reader('GET', `/v1/screenings/${id}`)).status, 200, `screening ${id} survived the second SIGKILL`)
  }
  t.match(await third.kill('SIGTERM'), { code: 0 }, 'a clean stop')
  t.notOk(
    [...third.lines(), ...third.lines('stdout')].some((l) => l.level >= 50),
    'the restarted server logged no error',
  )
  t.notOk(existsSync(lockPath), 'a clean stop removes the lock')

  const verified = await runCli('src/audit/verify-cli.ts', dataDir)
  t.equal(verified.code, 0, 'the audit trail is intact after two unclean stops')
  t.match(verified.lines.at(-1), { msg: 'audit trail intact' })
  t.notOk(existsSync(lockPath), 'the CLI released the directory too')
})
