import { generateKeyPairSync } from 'node:crypto'
import t from 'tap'
import { createSigner } from 'fast-jwt'
import { buildApp } from '../../src/app.js'
import { migrateToLatest } from '../../src/db/migrator.js'
import { databaseKinds, onEachDatabase, openTestDatabase, startTestApp, testConfig, TEST_JWT_SECRET } from '../helpers/test-app.js'

const problemJson = /^application\/problem\+json/

onEachDatabase('each authentication failure is a 401 problem+json', async (t, ctx) => {
  const { app } = ctx
  const token = ctx.token.bind(ctx)
  const get = (authorization?: string) => app.inject({ method: 'GET', url: '/v1/organisations', headers: authorization ? { authorization } : {} })
  const expired = createSigner({ key: TEST_JWT_SECRET, expiresIn: 1, clockTimestamp: Date.now() - 60_000 })({ sub: 'a', org: 'platform', roles: ['admin'] })
  const otherSecret = createSigner({ key: 'another-secret-another-secret-another-secret' })({ sub: 'a', org: 'platform', roles: ['admin'] })
  const noRoles = createSigner({ key: TEST_JWT_SECRET })({ sub: 'a', org: 'platform' })
  const unknownRole = createSigner({ key: TEST_JWT_SECRET })({ sub: 'a', org: 'platform', roles: ['superuser'] })
  const cases: [string, string | undefined, string][] = [
    ['no Authorization header', undefined, 'AUTH_MISSING'],
    ['not a bearer scheme', `Basic ${Buffer.from('a:b').toString('base64')}`, 'AUTH_MISSING'],
    ['garbage token', 'Bearer not-a-jwt', 'AUTH_INVALID'],
    ['signed with another secret', `Bearer ${otherSecret}`, 'AUTH_INVALID'],
    ['expired', `Bearer ${expired}`, 'AUTH_EXPIRED'],
    ['missing roles claim', `Bearer ${noRoles}`, 'AUTH_INVALID'],
    ['unknown role', `Bearer ${unknownRole}`, 'AUTH_INVALID'],
  ]
  for (const [name, header, code] of cases) {
    const res = await get(header)
    t.equal(res.statusCode, 401, `${name}: 401`)
    t.match(res.headers['content-type'], problemJson, `${name}: problem+json`)
    t.match(res.json(), { status: 401, code, type: /problems\// }, `${name}: ${code}`)
    t.match(res.headers['www-authenticate'], /^Bearer/, `${name}: WWW-Authenticate`)
  }
  const ok = await get(`Bearer ${token({ sub: 'a', org: 'platform', roles: ['admin'] })}`)
  t.equal(ok.statusCode, 200, 'a valid admin token passes')
})

for (const kind of databaseKinds) {
  t.test(`a remembered token is refused once it expires [${kind}]`, async (t) => {
    // The app reads time from a clock the test moves on, so that nothing waits for the token to expire.
    let clock = Date.now()
    const database = await openTestDatabase(kind)
    await migrateToLatest(database.handle.db)
    const app = await buildApp(testConfig(), { database: database.handle, now: () => clock })
    t.teardown(async () => {
      await app.close()
      await database.drop()
    })
    const token = createSigner({ key: TEST_JWT_SECRET, expiresIn: 60_000, clockTimestamp: clock })({ sub: 'a', org: 'platform', roles: ['admin'] })
    const expiresAt = (Math.floor(clock / 1000) + 60) * 1000
    const get = () => app.inject({ method: 'GET', url: '/v1/organisations', headers: { authorization: `Bearer ${token}` } })
    t.equal((await get()).statusCode, 200, 'valid: admitted, and remembered')
    clock = expiresAt - 1
    t.equal((await get()).statusCode, 200, 'still valid: admitted again')
    clock = expiresAt + 1
    const late = await get()
    t.equal(late.statusCode, 401, 'expired: refused, although it was remembered')
    t.match(late.json(), { code: 'AUTH_EXPIRED' })
  })
}

onEachDatabase('wrong role or wrong organisation is a 403 problem+json', async (t, ctx) => {
  const { app, adminToken } = ctx
  const token = ctx.token.bind(ctx)
  const created = await app.inject({
    method: 'POST',
    url: '/v1/organisations',
    headers: { authorization: `Bearer ${adminToken}` },
    payload: { id: 'gmp', name: 'Greater Manchester Police', kind: 'police' },
  })
  t.equal(created.statusCode, 201)
  const cases: [string, { sub: string; org: string; roles: ('admin' | 'police' | 'officer' | 'screener')[] }, string][] = [
    ['police role on an admin route', { sub: 'p', org: 'gmp', roles: ['police'] }, 'ROLE_FORBIDDEN'],
    ['admin role for an organisation other than platform', { sub: 'p', org: 'gmp', roles: ['admin'] }, 'ORG_FORBIDDEN'],
    ['admin role for an unknown organisation', { sub: 'p', org: 'nowhere', roles: ['admin'] }, 'ORG_FORBIDDEN'],
  ]
  for (const [name, principal, code] of cases) {
    const res = await app.inject({ method: 'GET', url: '/v1/organisations', headers: { authorization: `Bearer ${token(principal)}` } })
    t.equal(res.statusCode, 403, `${name}: 403`)
    t.match(res.headers['content-type'], problemJson)
    t.match(res.json(), { status: 403, code }, `${name}: ${code}`)
  }
})

t.test('RS256 tokens verify against the configured public key', async (t) => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString()
  const { app } = await startTestApp(t, 'pglite', { JWT_SECRET: '', JWT_PUBLIC_KEY: pem })
  const sign = createSigner({ key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), algorithm: 'RS256', expiresIn: '1h' })
  const good = await app.inject({
    method: 'GET',
    url: '/v1/organisations',
    headers: { authorization: `Bearer ${sign({ sub: 'a', org: 'platform', roles: ['admin'] })}` },
  })
  t.equal(good.statusCode, 200)
  const hs = createSigner({ key: TEST_JWT_SECRET })({ sub: 'a', org: 'platform', roles: ['admin'] })
  const bad = await app.inject({ method: 'GET', url: '/v1/organisations', headers: { authorization: `Bearer ${hs}` } })
  t.equal(bad.statusCode, 401, 'an HS256 token is refused when RS256 is configured')
  t.match(bad.json(), { code: 'AUTH_INVALID' })
})
