import type { InjectOptions } from 'fastify'
import { onEachDatabase } from '../helpers/test-app.js'

const problemJson = /^application\/problem\+json/

onEachDatabase('every error class is RFC 9457 problem+json with a stable code', async (t, { app, adminToken }) => {
  const auth = { authorization: `Bearer ${adminToken}` }
  const cases: [string, InjectOptions, number, string][] = [
    ['unknown route', { method: 'GET', url: '/v1/nothing-here' }, 404, 'ROUTE_NOT_FOUND'],
    [
      'wrong content type',
      { method: 'POST', url: '/v1/organisations', headers: { ...auth, 'content-type': 'text/plain' }, payload: 'name=x' },
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    [
      'malformed JSON',
      { method: 'POST', url: '/v1/organisations', headers: { ...auth, 'content-type': 'application/json' }, payload: '{"name": "Salford' },
      400,
      'MALFORMED_JSON',
    ],
    ['empty JSON body', { method: 'POST', url: '/v1/organisations', headers: { ...auth, 'content-type': 'application/json' }, payload: '' }, 400, 'EMPTY_BODY'],
    [
      'body over the limit',
      {
        method: 'POST',
        url: '/v1/organisations',
        headers: { ...auth, 'content-type': 'application/json' },
        payload: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024), kind: 'police' }),
      },
      413,
      'PAYLOAD_TOO_LARGE',
    ],
    ['unknown record', { method: 'GET', url: '/v1/organisations/org_missing', headers: auth }, 404, 'NOT_FOUND'],
    ['bad cursor', { method: 'GET', url: '/v1/organisations?cursor=%%%', headers: auth }, 400, 'VALIDATION_FAILED'],
  ]
  for (const [name, request, status, code] of cases) {
    const res = await app.inject(request)
    t.equal(res.statusCode, status, `${name}: ${status}`)
    t.match(res.headers['content-type'], problemJson, `${name}: problem+json`)
    t.match(res.json(), { type: /^https:\/\/.+\/problems\//, title: String, status, code }, `${name}: ${code}`)
    t.notMatch(res.body, /Salford|\bat [\w.]+ \(|node_modules/, `${name}: nothing echoed, no stack`)
  }
})

onEachDatabase('validation failures name each invalid field', async (t, { app, adminToken }) => {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/organisations',
    headers: { authorization: `Bearer ${adminToken}` },
    payload: { name: '', kind: 'bank', colour: 'blue' },
  })
  t.equal(res.statusCode, 400)
  t.match(res.headers['content-type'], problemJson)
  const body = res.json<{ code: string; errors: { field: string; code: string; message: string }[] }>()
  t.equal(body.code, 'VALIDATION_FAILED')
  const fields = body.errors.map((e) => e.field).sort()
  t.same(fields, ['body', 'kind', 'name'], 'empty name, unknown kind and the unknown key (reported on the body) are all listed')
  t.ok(
    body.errors.every((e) => e.code && e.message),
    'each error has a code and a message',
  )

  const query = await app.inject({ method: 'GET', url: '/v1/organisations?limit=0', headers: { authorization: `Bearer ${adminToken}` } })
  t.equal(query.statusCode, 400)
  t.match(query.json(), { code: 'VALIDATION_FAILED', field: 'limit' })
})

onEachDatabase('text the database cannot store (NUL) is a 400, wherever it comes in', async (t, { app, adminToken }) => {
  const admin = { authorization: `Bearer ${adminToken}` }
  const cases: [string, InjectOptions][] = [
    ['in a path id', { method: 'GET', url: '/v1/organisations/a%00b', headers: admin }],
    ['in a body field', { method: 'POST', url: '/v1/organisations', headers: admin, payload: { id: 'nul', name: 'Acme\u0000', kind: 'police' } }],
  ]
  for (const [name, request] of cases) {
    const res = await app.inject(request)
    t.equal(res.statusCode, 400, `${name}: 400`)
    t.match(res.headers['content-type'], problemJson)
    // The path's id is refused by its field's text rule, the body's by the JSON parser, before any query runs.
    t.match(res.json(), { code: 'VALIDATION_FAILED', errors: [{ field: name === 'in a path id' ? 'id' : 'name' }] }, name)
  }
})

onEachDatabase('a 500 shows no stack trace, SQL or data; it is logged with the request id, without personal data', async (t, ctx) => {
  const { app } = ctx
  const logs = ctx.logs.bind(ctx)
  app.get('/boom-test', async () => {
    throw new Error("select secret from people where name = 'Daniel'")
  })
  const res = await app.inject({ method: 'GET', url: '/boom-test?q=Daniel', headers: { 'x-request-id': 'req-500', authorization: 'Bearer secret-token' } })
  t.equal(res.statusCode, 500)
  t.match(res.headers['content-type'], problemJson)
  t.match(res.json(), { code: 'INTERNAL', status: 500, requestId: 'req-500' })
  t.notMatch(res.body, /select|Daniel|Error:|\bat /)
  const lines = logs()
  const logged = lines.find((l) => l.reqId === 'req-500' && l.level === 50)
  t.match(
    logged,
    { msg: 'request failed', err: { type: 'Error', stack: /^\s+at / } },
    'the error is logged at level error with its request id, its class and where it was thrown',
  )
  t.notMatch(
    JSON.stringify(lines),
    /Daniel|secret-token|select secret/,
    'no log line, not even the error line, holds the query string, the token or the error message',
  )
})
