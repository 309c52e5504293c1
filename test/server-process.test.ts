import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import t, { type Test } from 'tap'
import { openTestDatabase, postgresUrl, TEST_JWT_SECRET } from './helpers/test-app.js'

// `npm start` as a real process: it becomes ready, answers over HTTP, and exits cleanly on SIGTERM.
async function runServer(t: Test, env: Record<string, string>, port: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', JWT_SECRET: TEST_JWT_SECRET, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const base = `http://127.0.0.1:${port}`
  let ready = false
  for (let i = 0; i < 300 && !ready; i++) {
    ready = await fetch(`${base}/health/ready`).then(
      (r) => r.ok,
      () => false,
    )
    if (!ready) await new Promise((r) => setTimeout(r, 100))
  }
  t.ok(ready, 'becomes ready')
  const anonymous = await fetch(`${base}/v1/screenings`)
  t.equal(anonymous.status, 401)
  t.match(anonymous.headers.get('content-type'), /^application\/problem\+json/)
  child.kill('SIGTERM')
  t.equal(await exited, 0, 'exits cleanly on SIGTERM')
  t.notMatch(stderr, /"level":50/, 'nothing logged as an error')
}

t.test('one process on the embedded database', async (t) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bidscreen-'))
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }))
  await runServer(t, { DATA_DIR: dataDir, DATABASE_URL: '' }, 3871)
})

t.test('two workers on PostgreSQL', { skip: postgresUrl ? false : 'no PostgreSQL configured' }, async (t) => {
  const { url, drop } = await openTestDatabase('postgres')
  t.teardown(drop)
  await runServer(t, { DATABASE_URL: url!, WORKERS: '2' }, 3872)
})
