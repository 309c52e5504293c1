import t from 'tap'
import { onEachDatabase } from '../helpers/test-app.js'

onEachDatabase('health, readiness and metrics', async (t, ctx) => {
  const { app, adminToken } = ctx
  const live = await app.inject({ method: 'GET', url: '/health/live' })
  t.equal(live.statusCode, 200)
  t.same(live.json(), { status: 'ok' })

  const ready = await app.inject({ method: 'GET', url: '/health/ready' })
  t.equal(ready.statusCode, 200)
  t.same(ready.json(), { status: 'ok' }, 'without a token: ready, and nothing else (no counts, versions or names)')
  t.match(ready.headers['x-request-id'], /\S/, 'every response carries a request id')

  const detailed = await app.inject({ method: 'GET', url: '/health/ready', headers: { authorization: `Bearer ${adminToken}` } })
  t.equal(detailed.statusCode, 200)
  t.match(detailed.json(), { status: 'ok', checks: { database: { status: 'ok' } } }, "an administrator's token gets each check's details")
  const police = await app.inject({
    method: 'GET',
    url: '/health/ready',
    headers: { authorization: `Bearer ${ctx.token({ sub: 'p', org: 'gmp', roles: ['police'] })}` },
  })
  t.equal(police.statusCode, 403, 'any other token is refused rather than shown less')
  const forged = await app.inject({ method: 'GET', url: '/health/ready', headers: { authorization: 'Bearer not-a-jwt' } })
  t.equal(forged.statusCode, 401, 'a bad token is refused')

  const echoed = await app.inject({ method: 'GET', url: '/health/live', headers: { 'x-request-id': 'abc-123' } })
  t.equal(echoed.headers['x-request-id'], 'abc-123', 'a well-formed incoming request id is kept')

  const metrics = await app.inject({ method: 'GET', url: '/metrics' })
  t.equal(metrics.statusCode, 200)
  t.match(metrics.headers['content-type'], /^text\/plain/)
  t.match(metrics.body, /http_requests_total\{method="GET",route="\/health\/live",status="200"\} 2/)
  t.match(metrics.body, /http_request_duration_seconds_bucket\{le="\+Inf",method="GET",route="\/health\/ready"\} 4/, 'the four readiness requests above')
})

onEachDatabase('readiness fails with 503 problem+json when the database is gone', async (t, ctx) => {
  const { app, database } = ctx
  t.equal((await app.inject({ method: 'GET', url: '/health/ready' })).statusCode, 200)
  await database.close()
  const ready = await app.inject({ method: 'GET', url: '/health/ready' })
  t.equal(ready.statusCode, 503)
  t.notOk('checks' in ready.json<object>(), 'without a token, not even the checks that passed')
  t.match(ready.headers['content-type'], /^application\/problem\+json/)
  t.match(ready.json(), { code: 'NOT_READY', status: 503 })
  t.notMatch(ready.body, /select|stack|at \//i, 'no SQL or stack trace leaks')
  const warned = ctx.logs().find((l) => l.msg === 'not ready')
  t.match(warned, { err: { type: String } }, 'the cause is logged by its class and code')
  t.notOk(JSON.stringify(warned).includes('select'), 'and not by its message')
})

t.test('docs are served raw and rendered', async (t) => {
  const { startTestApp } = await import('../helpers/test-app.js')
  const { app } = await startTestApp(t, 'pglite')
  const raw = await app.inject({ method: 'GET', url: '/openapi.yaml' })
  t.equal(raw.statusCode, 200)
  t.match(raw.body, /^openapi: 3\.1/)
  const rendered = await app.inject({ method: 'GET', url: '/docs/' })
  t.equal(rendered.statusCode, 200)
  t.match(rendered.body, /swagger/i)
})
