import t from 'tap'
import { onEachDatabase } from '../helpers/test-app.js'

onEachDatabase('health, readiness and metrics', async (t, { app }) => {
  const live = await app.inject({ method: 'GET', url: '/health/live' })
  t.equal(live.statusCode, 200)
  t.same(live.json(), { status: 'ok' })

  const ready = await app.inject({ method: 'GET', url: '/health/ready' })
  t.equal(ready.statusCode, 200)
  t.match(ready.json(), { status: 'ok', checks: { database: { status: 'ok' } } })
  t.match(ready.headers['x-request-id'], /\S/, 'every response carries a request id')

  const echoed = await app.inject({ method: 'GET', url: '/health/live', headers: { 'x-request-id': 'abc-123' } })
  t.equal(echoed.headers['x-request-id'], 'abc-123', 'a well-formed incoming request id is kept')

  const metrics = await app.inject({ method: 'GET', url: '/metrics' })
  t.equal(metrics.statusCode, 200)
  t.match(metrics.headers['content-type'], /^text\/plain/)
  t.match(metrics.body, /http_requests_total\{method="GET",route="\/health\/live",status="200"\} 2/)
  t.match(metrics.body, /http_request_duration_seconds_bucket\{le="\+Inf",method="GET",route="\/health\/ready"\} 1/)
})

onEachDatabase('readiness fails with 503 problem+json when the database is gone', async (t, { app, database }) => {
  t.equal((await app.inject({ method: 'GET', url: '/health/ready' })).statusCode, 200)
  await database.close()
  const ready = await app.inject({ method: 'GET', url: '/health/ready' })
  t.equal(ready.statusCode, 503)
  t.match(ready.headers['content-type'], /^application\/problem\+json/)
  t.match(ready.json(), { code: 'NOT_READY', status: 503 })
  t.notMatch(ready.body, /select|stack|at \//i, 'no SQL or stack trace leaks')
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
