import { createHmac } from 'node:crypto'
import t from 'tap'
import { buildApp } from '../../src/app.js'
import { signToken } from '../../src/auth/sign-token.js'
import { databaseKinds, openTestDatabase, testConfig, TEST_JWT_SECRET } from '../helpers/test-app.js'

// Issue 12 point 3: a token must expire, live no longer than JWT_MAX_TTL, and not be issued or
// valid from a time ahead of the app's clock by more than the skew (60 s). The app's clock is
// injected and set years away from the system's, so that every verdict is the app's own.

const HOUR = 3600
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

/** An HS256 token with exactly these claims: no signer defaults added. */
function tokenWith(claims: Record<string, unknown>, secret = TEST_JWT_SECRET): string {
  const unsigned = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url({ sub: 'a', org: 'platform', roles: ['admin'], ...claims })}`
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`
}

for (const kind of databaseKinds) {
  t.test(`token time rules are held to the injected clock [${kind}]`, async (t) => {
    const clock = Date.UTC(2031, 5, 1, 12)
    const now = clock / 1000
    const database = await openTestDatabase(kind)
    const app = await buildApp(testConfig(), { database: database.handle, now: () => clock })
    const short = await buildApp(testConfig({ JWT_MAX_TTL: '1h' }), { database: database.handle, now: () => clock })
    t.teardown(async () => {
      await app.close()
      await short.close()
      await database.drop()
    })
    const get = (token: string, on = app) => on.inject({ method: 'GET', url: '/v1/organisations', headers: { authorization: `Bearer ${token}` } })
    const cases: [string, Record<string, unknown>, number, string?][] = [
      ['no exp', { iat: now }, 401, 'AUTH_INVALID'],
      ['exp 1e20', { iat: now, exp: 1e20 }, 401, 'AUTH_INVALID'],
      ['exp − iat of 25 h', { iat: now, exp: now + 25 * HOUR }, 401, 'AUTH_INVALID'],
      ['exp − iat of exactly 24 h', { iat: now, exp: now + 24 * HOUR }, 200],
      ['no iat, exp − now of 25 h', { exp: now + 25 * HOUR }, 401, 'AUTH_INVALID'],
      ['no iat, exp − now of 23 h', { exp: now + 23 * HOUR }, 200],
      ['iat a day ahead', { iat: now + 24 * HOUR, exp: now + 25 * HOUR }, 401, 'AUTH_INVALID'],
      ['iat 30 s ahead (within the skew)', { iat: now + 30, exp: now + HOUR }, 200],
      ['iat 61 s ahead', { iat: now + 61, exp: now + HOUR }, 401, 'AUTH_INVALID'],
      ['nbf 2 min ahead', { iat: now, nbf: now + 120, exp: now + HOUR }, 401, 'AUTH_INVALID'],
      ['nbf 30 s ahead (within the skew)', { iat: now, nbf: now + 30, exp: now + HOUR }, 200],
      ['iat that is not a number', { iat: 'yesterday', exp: now + HOUR }, 401, 'AUTH_INVALID'],
      ['expired by the app clock', { iat: now - 2 * HOUR, exp: now - 1 }, 401, 'AUTH_EXPIRED'],
      ['NUL in org', { org: 'plat\u0000form', iat: now, exp: now + HOUR }, 401, 'AUTH_INVALID'],
      ['bidi override in sub', { sub: 'a\u202Eb', iat: now, exp: now + HOUR }, 401, 'AUTH_INVALID'],
    ]
    for (const [name, claims, status, code] of cases) {
      const res = await get(tokenWith(claims))
      t.equal(res.statusCode, status, `${name}: ${status}`)
      if (code) {
        t.match(res.headers['content-type'], /^application\/problem\+json/, `${name}: problem+json`)
        t.match(res.json(), { status, code }, `${name}: ${code}`)
      }
    }
    const twoHours = tokenWith({ iat: now, exp: now + 2 * HOUR })
    t.equal((await get(twoHours)).statusCode, 200, 'a 2 h token under the default JWT_MAX_TTL (24 h)')
    t.match((await get(twoHours, short)).json(), { code: 'AUTH_INVALID' }, 'the same token under JWT_MAX_TTL=1h is refused')
  })
}

t.test('the token CLI default lifetime (1 h) is within the default JWT_MAX_TTL', async (t) => {
  const database = await openTestDatabase('pglite')
  const app = await buildApp(testConfig(), { database: database.handle })
  t.teardown(async () => {
    await app.close()
    await database.drop()
  })
  t.ok(testConfig().jwtMaxTtlSeconds >= HOUR, 'JWT_MAX_TTL defaults to at least an hour')
  t.equal(testConfig().jwtMaxTtlSeconds, 24 * HOUR, 'JWT_MAX_TTL defaults to 24 h')
  // signToken's default ttl is the one `npm run token` uses when --ttl is not given.
  const token = signToken({ sub: 'a', org: 'platform', roles: ['admin'] }, { algorithm: 'HS256', key: TEST_JWT_SECRET })
  const res = await app.inject({ method: 'GET', url: '/v1/organisations', headers: { authorization: `Bearer ${token}` } })
  t.equal(res.statusCode, 200)
})

t.test('JWT_MAX_TTL takes seconds or a unit, and refuses anything else', async (t) => {
  t.equal(testConfig({ JWT_MAX_TTL: '3600' }).jwtMaxTtlSeconds, 3600)
  t.equal(testConfig({ JWT_MAX_TTL: '90m' }).jwtMaxTtlSeconds, 5400)
  t.equal(testConfig({ JWT_MAX_TTL: '2d' }).jwtMaxTtlSeconds, 172_800)
  t.throws(() => testConfig({ JWT_MAX_TTL: 'forever' }), /JWT_MAX_TTL/)
  t.throws(() => testConfig({ JWT_MAX_TTL: '10s' }), /JWT_MAX_TTL/)
})
