import { fileURLToPath } from 'node:url'
import SwaggerParser from '@apidevtools/swagger-parser'
import t from 'tap'
import { OPENAPI_PATH } from '../src/routes/docs.js'
import { contractViolations, document, schemaErrors } from './helpers/response-contract.js'
import { startTestApp } from './helpers/test-app.js'

// The rendered documentation's own assets, the console's files and the HEAD twins fastify adds are
// not the contract.
const UNDOCUMENTED = /^\/(docs|console)(\/|$)/
const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete'])

t.test('openapi.yaml is a valid OpenAPI 3.1 document', async (t) => {
  t.match(document, { openapi: /^3\.1\./ })
  const errors = await SwaggerParser.validate(fileURLToPath(OPENAPI_PATH)).then(
    () => [],
    (error: Error & { details?: unknown }) => [error.message, JSON.stringify(error.details ?? '')],
  )
  t.same(errors, [], 'swagger-parser finds no error')
  t.same(schemaErrors(), [], 'every schema compiles as strict JSON Schema 2020-12 (no unknown keyword)')
})

t.test('openapi.yaml names exactly the routes the app registers', async (t) => {
  const { app } = await startTestApp(t, 'pglite')
  await app.ready()
  const registered = new Set(
    app.routeList.filter((r) => r.method !== 'HEAD' && !UNDOCUMENTED.test(r.url)).map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`),
  )
  const documented = new Set(
    Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((k) => METHODS.has(k))
        .map((m) => `${m.toUpperCase()} ${path}`),
    ),
  )
  const missing = [...registered].filter((r) => !documented.has(r)).sort()
  const extra = [...documented].filter((r) => !registered.has(r)).sort()
  t.same(missing, [], 'every registered route is in openapi.yaml')
  t.same(extra, [], 'every route in openapi.yaml exists')
  t.ok(registered.size >= 10, 'the route list is not empty')
})

t.test('every operation documents its problem responses', async (t) => {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.has(method)) continue
      if (!path.startsWith('/v1')) continue
      // Any input can hold text the database cannot store (NUL), a 400 wherever it comes in.
      t.ok(op.responses?.['400'] && op.responses['401'] && op.responses['403'], `${method.toUpperCase()} ${path} documents 400, 401 and 403`)
    }
  }
})

t.test('the response check of the test app holds a response to its route, status and schema', async (t) => {
  const organisation = { id: 'gmp', name: 'Greater Manchester Police', kind: 'police', createdAt: '2026-01-01T00:00:00.000Z' }
  const problem = { type: 'https://bidscreen.example/problems/not-found', title: 'Not found', status: 404, code: 'NOT_FOUND' }
  const response = (status: number, body: object, contentType = 'application/json; charset=utf-8') => ({
    method: 'GET',
    route: '/v1/organisations/:id',
    status,
    contentType,
    body: JSON.stringify(body),
  })
  t.same(contractViolations(response(200, organisation)), [], 'a documented response passes')
  t.same(contractViolations(response(404, problem, 'application/problem+json')), [], 'a documented problem passes')
  t.match(contractViolations(response(200, { ...organisation, kind: 'bank' })), [/body\.kind must be equal to one of the allowed values/])
  t.match(contractViolations(response(200, { id: 'gmp' })), [/body must have required property 'name'/])
  t.match(contractViolations(response(418, problem, 'application/problem+json')), [/status 418 is not documented/])
  t.match(contractViolations(response(404, problem)), [/content type is application\/json; charset=utf-8, not application\/problem\+json/])
  t.match(
    contractViolations({ ...response(404, { ...problem, code: 'NOPE' }, 'application/problem+json'), route: undefined }),
    [/body\.code must be equal/],
    'an unrouted error is still a Problem',
  )
  const audit = { method: 'GET', route: '/v1/audit', status: 200, contentType: 'application/x-ndjson' }
  const lines = contractViolations({ ...audit, body: '{"seq":1}\nnot json\n' })
  t.match(lines[0], /^line 1: body must have required property/, 'each NDJSON line is an AuditEvent')
  t.equal(lines.at(-1), 'line 2 is not JSON')
})

t.test('/docs sends requests to the host the page was loaded from', async (t) => {
  const { app } = await startTestApp(t, 'pglite')
  const rendered = await app.inject({ method: 'GET', url: '/docs/json', headers: { host: 'bidscreen.example:8443' } })
  t.equal(rendered.statusCode, 200)
  t.same(rendered.json<{ servers: unknown }>().servers, [{ url: 'http://bidscreen.example:8443' }])
  const proxied = await startTestApp(t, 'pglite', { TRUST_PROXY: 'true' })
  const behindProxy = await proxied.app.inject({
    method: 'GET',
    url: '/docs/json',
    headers: { host: '10.0.0.5:3000', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'screening.council.example' },
  })
  t.same(behindProxy.json<{ servers: unknown }>().servers, [{ url: 'https://screening.council.example' }], 'behind a trusted proxy, its host')
  const raw = await app.inject({ method: 'GET', url: '/openapi.yaml' })
  t.match(raw.body, /servers:\n {2}- url: \/\n/, 'the raw document names no host: its server is where it is served from')
})
