import { readFile } from 'node:fs/promises'
import t from 'tap'
import { parse } from 'yaml'
import { OPENAPI_PATH } from '../src/routes/docs.js'
import { startTestApp } from './helpers/test-app.js'

// The rendered documentation's own assets, and the HEAD twins fastify adds, are not the contract.
const UNDOCUMENTED = /^\/docs(\/|$)/
const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete'])

t.test('openapi.yaml names exactly the routes the app registers', async (t) => {
  const { app } = await startTestApp(t, 'pglite')
  await app.ready()
  const registered = new Set(
    app.routeList.filter((r) => r.method !== 'HEAD' && !UNDOCUMENTED.test(r.url)).map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`),
  )
  const document = parse(await readFile(OPENAPI_PATH, 'utf8')) as { openapi: string; paths: Record<string, Record<string, unknown>> }
  t.match(document.openapi, /^3\.1\./)
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
  const document = parse(await readFile(OPENAPI_PATH, 'utf8')) as {
    paths: Record<string, Record<string, { security?: unknown[]; responses: Record<string, unknown> }>>
  }
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.has(method)) continue
      if (!path.startsWith('/v1')) continue
      t.ok(op.responses['401'] && op.responses['403'], `${method.toUpperCase()} ${path} documents 401 and 403`)
    }
  }
})
