import { join } from 'node:path'
import t, { type Test } from 'tap'
import { TEST_JWT_SECRET, startTestApp } from '../helpers/test-app.js'
import { bidscreen, scratchDirectory } from './run-bidscreen.js'

// These commands read the service's own configuration from the environment, as `npm run token`,
// `npm run migrate` and `npm run audit:verify` do.
function useEnvironment(t: Test, variables: Record<string, string | undefined>): void {
  const saved = Object.fromEntries(Object.keys(variables).map((name) => [name, process.env[name]]))
  const apply = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
  }
  apply(variables)
  t.teardown(() => apply(saved))
}

t.test('token prints a token alone, signed with the configured secret, that the service accepts', async (t) => {
  useEnvironment(t, { NODE_ENV: 'test', JWT_SECRET: TEST_JWT_SECRET, JWT_PUBLIC_KEY: undefined, JWT_ISSUER: undefined, JWT_AUDIENCE: undefined })
  const ctx = await startTestApp(t, 'pglite')
  const run = await bidscreen(['token', '--org', 'platform', '--role', 'admin', '--sub', 'ops-1', '--ttl', '10m'])
  t.equal(run.code, 0)
  t.match(run.stdout, /^[\w-]+\.[\w-]+\.[\w-]+\n$/, 'one JWT on one line')
  t.same(run.logs, [], 'no log lines')
  const answer = await ctx.app.inject({ method: 'GET', url: '/v1/organisations', headers: { authorization: `Bearer ${run.stdout.trim()}` } })
  t.equal(answer.statusCode, 200)

  const unknown = await bidscreen(['token', '--org', 'gmp', '--role', 'chief'])
  t.equal(unknown.code, 1)
  t.equal(unknown.stdout, '')
  t.match(unknown.logs, [{ level: 50, msg: /^Unknown role "chief"/ }])
})

t.test('migrate migrates the configured database, and audit verify finds its trail intact', async (t) => {
  const dir = await scratchDirectory(t)
  useEnvironment(t, { NODE_ENV: 'test', DATABASE_URL: undefined, DATA_DIR: join(dir, 'data'), JWT_SECRET: undefined, JWT_PUBLIC_KEY: undefined })
  const migrated = await bidscreen(['migrate'])
  t.equal(migrated.code, 0)
  t.match(migrated.logs, [{ level: 30, msg: /^applied \d+ migrations$/ }])

  const verified = await bidscreen(['audit', 'verify'])
  t.equal(verified.code, 0)
  t.match(verified.logs, [{ level: 30, msg: 'audit trail intact' }])
  const badHead = await bidscreen(['audit', 'verify', '--head', 'latest'])
  t.equal(badHead.code, 1)
  t.match(badHead.logs, [{ level: 50, msg: /^--head takes CHAIN_SEQ:HASH/ }])
})
