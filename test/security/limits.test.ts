import net from 'node:net'
import type { LightMyRequestResponse } from 'fastify'
import t, { type Test } from 'tap'
import { databaseKinds, startTestApp, type Inject, type TestApp } from '../helpers/test-app.js'
import { waitFor } from '../helpers/wait-for.js'

// Issue 11 point 6: per-organisation rate limits, the body and processing timeouts, security
// headers and load shedding, on the real app over inject and real HTTP.

const PROBLEM = /^application\/problem\+json/

function problemOf(t: Test, res: LightMyRequestResponse, status: number, code: string): Record<string, unknown> {
  t.equal(res.statusCode, status, `answers ${status}`)
  t.match(res.headers['content-type'], PROBLEM, 'as problem+json')
  const body = res.json<Record<string, unknown>>()
  t.match(body, { status, code, title: String, type: /problems\// }, `code ${code}`)
  return body
}

/** Retry-After as the contract has it: whole seconds. */
function retryAfterOf(res: LightMyRequestResponse): number {
  const value = String(res.headers['retry-after'])
  return /^\d+$/.test(value) ? Number(value) : Number.NaN
}

async function createOrganisation(ctx: TestApp, id: string, kind: 'police' | 'authority'): Promise<void> {
  const res = await ctx.as('platform', 'admin')({ method: 'POST', url: '/v1/organisations', payload: { id, name: `Organisation ${id}`, kind } })
  if (res.statusCode !== 201) throw new Error(`creating ${id} answered ${res.statusCode}: ${res.body}`)
}

for (const kind of databaseKinds) {
  t.test(`an organisation over its limit gets 429 with Retry-After; another organisation is unaffected [${kind}]`, async (t) => {
    const ctx = await startTestApp(t, kind, { RATE_LIMIT_PER_MINUTE: '3' })
    // Two of the platform's three requests this minute.
    await createOrganisation(ctx, 'council-a', 'authority')
    await createOrganisation(ctx, 'council-b', 'authority')
    const councilA = ctx.as('council-a', 'officer')
    const councilB = ctx.as('council-b', 'officer')
    const list: Parameters<Inject>[0] = { method: 'GET', url: '/v1/screenings' }

    for (let i = 1; i <= 3; i++) t.equal((await councilA(list)).statusCode, 200, `request ${i} of 3 passes`)
    const over = await councilA(list)
    const body = problemOf(t, over, 429, 'TOO_MANY_REQUESTS')
    const retryAfter = retryAfterOf(over)
    t.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After is the seconds left in the minute (${over.headers['retry-after']})`)
    t.match(body.detail, /3 requests a minute/, 'the detail names the limit')
    t.equal(
      (await councilA({ ...list, method: 'POST', url: '/v1/screenings', payload: { supplier: { name: 'Acme Ltd' } } })).statusCode,
      429,
      'every route counts',
    )

    t.equal((await councilB(list)).statusCode, 200, 'another organisation still passes')
    const noToken = await ctx.app.inject(list)
    problemOf(t, noToken, 401, 'AUTH_MISSING')
    for (let i = 0; i < 5; i++) t.equal((await ctx.app.inject({ method: 'GET', url: '/health/live' })).statusCode, 200, 'public routes are not counted')
  })
}

t.test('a client that sends its body too slowly gets 408 REQUEST_TIMEOUT', async (t) => {
  const ctx = await startTestApp(t, 'pglite', { BODY_TIMEOUT_SECONDS: '1' })
  await ctx.app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = ctx.app.server.address() as net.AddressInfo

  // Headers and the start of a 200-byte body, then nothing more: the socket stays open.
  const answer = await new Promise<string>((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(
        'POST /v1/organisations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200\r\n' +
          `Authorization: Bearer ${ctx.adminToken}\r\n\r\n{"id":"slow",`,
      )
    })
    const chunks: Buffer[] = []
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    socket.on('error', reject)
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')))
  })
  const [head = '', body = ''] = answer.split('\r\n\r\n', 2)
  t.match(head, /^HTTP\/1\.1 408 /, '408')
  t.match(head, /^content-type: application\/problem\+json/im, 'as problem+json')
  t.match(JSON.parse(body), { status: 408, code: 'REQUEST_TIMEOUT' })
  t.notOk(
    ctx.logs().some((line) => Number(line.level) >= 50),
    'nothing logged as an error',
  )
})

t.test('a handler that does not answer in time gets 503 PROCESSING_TIMEOUT; a late reply is dropped quietly; uploads are exempt', async (t) => {
  const ctx = await startTestApp(t, 'pglite', { REQUEST_TIMEOUT_SECONDS: '1' })
  const { app } = ctx
  let release!: () => void
  const released = new Promise<void>((resolve) => (release = resolve))
  let exemptStarted!: () => void
  const exemptRunning = new Promise<void>((resolve) => (exemptStarted = resolve))
  app.get('/test/never', () => new Promise(() => {}))
  app.post('/test/late-send', async (_request, reply) => {
    await released
    return reply.code(201).header('x-late', 'yes').send({ late: true })
  })
  app.get('/test/late-failure', async () => {
    await released
    throw new Error('late failure quoting Danny O’Connor')
  })
  app.get('/test/exempt', { config: { processingTimeout: false } }, async () => {
    exemptStarted()
    await released
    return { done: true }
  })
  // What the real upload route declares, seen as a request reaches it.
  let uploadConfig: Record<string, unknown> | undefined
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.url === '/v1/watchlists/:id/content') uploadConfig = { ...request.routeOptions.config }
  })

  const never = await app.inject({ method: 'GET', url: '/test/never' })
  const body = problemOf(t, never, 503, 'PROCESSING_TIMEOUT')
  t.ok(retryAfterOf(never) >= 1, 'with Retry-After')
  t.match(body.detail, /Idempotency-Key/, 'the detail says how to retry safely')

  let exemptAnswer: LightMyRequestResponse | undefined
  const exempt = app.inject({ method: 'GET', url: '/test/exempt' }).then((res) => (exemptAnswer = res))
  await exemptRunning
  // Each answers at least a second after its handler started, and so after the exempt one started.
  problemOf(t, await app.inject({ method: 'POST', url: '/test/late-send', payload: {} }), 503, 'PROCESSING_TIMEOUT')
  problemOf(t, await app.inject({ method: 'GET', url: '/test/late-failure' }), 503, 'PROCESSING_TIMEOUT')
  t.equal(exemptAnswer, undefined, 'the exempt handler, running longer than the timeout, has not been cut off')

  release()
  await exempt
  t.equal(exemptAnswer?.statusCode, 200, 'and answers when it is done')
  t.same(exemptAnswer?.json(), { done: true })

  const late = await waitFor(() => {
    const lines = ctx.logs().filter((line) => line.msg === 'handler finished after its processing timeout')
    return lines.length === 2 ? lines : undefined
  })
  t.same(late?.map((line) => line.outcome).sort(), ['completed', 'failed'], 'each late handler is logged once, as a warning')
  const logs = JSON.stringify(ctx.logs())
  t.notMatch(logs, /already sent|Promise errored/i, 'no "reply already sent" from the late replies')
  t.notMatch(logs, /Danny|late failure/, 'nothing of the late error’s message is logged')
  const errors = ctx.logs().filter((line) => Number(line.level) >= 50)
  t.same(
    errors.map((line) => line.code),
    ['PROCESSING_TIMEOUT', 'PROCESSING_TIMEOUT', 'PROCESSING_TIMEOUT'],
    'the only errors logged are the three timeouts themselves',
  )

  // The upload route opts out in its route config.
  await createOrganisation(ctx, 'force-a', 'police')
  const upload = await ctx.as('force-a', 'police')({ method: 'PUT', url: '/v1/watchlists/no-such-list/content', payload: { groups: [] } })
  t.equal(upload.statusCode, 404, 'the upload route answers as usual')
  t.equal(uploadConfig?.processingTimeout, false, 'PUT /v1/watchlists/:id/content has processingTimeout: false')
})

t.test('security headers on every response; /docs still loads under its content security policy', async (t) => {
  const { app } = await startTestApp(t, 'pglite')
  const answers = {
    live: await app.inject({ method: 'GET', url: '/health/live' }),
    refused: await app.inject({ method: 'GET', url: '/v1/screenings' }),
    unrouted: await app.inject({ method: 'GET', url: '/no/such/route' }),
  }
  for (const [name, res] of Object.entries(answers)) {
    t.equal(res.headers['x-content-type-options'], 'nosniff', `${name}: nosniff`)
    t.equal(res.headers['x-frame-options'], 'DENY', `${name}: no framing`)
    t.match(res.headers['strict-transport-security'], /max-age=\d+/, `${name}: HSTS`)
    t.match(res.headers['content-security-policy'], /default-src 'self'/, `${name}: a content security policy`)
    t.match(res.headers['content-security-policy'], /frame-ancestors 'none'/, `${name}: framed by nothing`)
    t.notMatch(res.headers['content-security-policy'], /upgrade-insecure-requests/, `${name}: plain HTTP keeps working`)
    t.notOk(res.headers['x-powered-by'], `${name}: no X-Powered-By`)
  }

  const docs = await app.inject({ method: 'GET', url: '/docs/' })
  t.equal(docs.statusCode, 200, '/docs/ answers 200')
  t.match(docs.headers['content-type'], /^text\/html/)
  const csp = String(docs.headers['content-security-policy'])
  t.match(csp, /script-src 'self'/, 'scripts from the service itself are allowed')
  t.match(csp, /style-src 'self'[^;]*'unsafe-inline'/, 'styles from the service and swagger-ui’s inline style attributes are allowed')
  t.match(csp, /img-src 'self' data:/, 'swagger-ui’s data: icons are allowed')
  // Everything the page loads comes from the service, relative to /docs/, so 'self' covers it.
  const assets = [...docs.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!)
  t.ok(assets.length >= 4, 'the page loads scripts and styles')
  for (const asset of assets) {
    t.match(asset, /^\.\//, `${asset} is the service's own`)
    const res = await app.inject({ method: 'GET', url: new URL(asset, 'http://x/docs/').pathname })
    t.equal(res.statusCode, 200, `${asset} loads`)
  }
})

t.test('under pressure the service sheds load with 503 OVERLOADED, while /health/live keeps answering', async (t) => {
  // Any process's heap is far above 1 MiB: the threshold trips at the first sample (within a second).
  const ctx = await startTestApp(t, 'pglite', { PRESSURE_MAX_HEAP_USED_BYTES: String(1024 * 1024) })
  const admin = ctx.as('platform', 'admin')
  const shed = await waitFor(async () => {
    const res = await admin({ method: 'GET', url: '/v1/organisations' })
    return res.statusCode === 503 ? res : undefined
  })
  if (!shed) return t.fail('the threshold never tripped')
  problemOf(t, shed, 503, 'OVERLOADED')
  t.ok(retryAfterOf(shed) >= 1, 'with Retry-After')
  t.equal(shed.headers['x-content-type-options'], 'nosniff', 'with the security headers')
  // Shed before authentication: a request without a token gets 503, not 401; no token check is spent.
  problemOf(t, await ctx.app.inject({ method: 'GET', url: '/v1/organisations' }), 503, 'OVERLOADED')

  const live = await ctx.app.inject({ method: 'GET', url: '/health/live' })
  t.equal(live.statusCode, 200, '/health/live still answers')
  t.same(live.json(), { status: 'ok' })
  t.equal((await ctx.app.inject({ method: 'GET', url: '/metrics' })).statusCode, 200, '/metrics still answers')
})
