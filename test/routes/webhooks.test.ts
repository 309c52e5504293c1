import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import t, { type Test } from 'tap'
import type { RaisedAlert } from '../../src/monitoring/alert-documents.js'
import { saveEndpoint } from '../../src/webhooks/webhook-store.js'
import { WEBHOOK_DELIVER_QUEUE, webhookUseCases } from '../../src/webhooks/webhook-use-cases.js'
import { examplePaving, gmpWatchlist, seedRegister } from '../helpers/screening-fixtures.js'
import { databaseKinds, onEachDatabase, startTestApp, type TestApp } from '../helpers/test-app.js'
import { waitFor } from '../helpers/wait-for.js'

// Deliveries go to a plain-HTTP receiver on this machine (a private address), retried after a
// second (doubling; the least WEBHOOK_RETRY_DELAY_SECONDS allows).
const DELIVERY_CONFIG = { WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true', WEBHOOK_RETRY_DELAY_SECONDS: '1' }

interface Received {
  headers: IncomingHttpHeaders
  body: string
}

/** A real receiver on 127.0.0.1: answers each request with the next status of `statuses` (the last one repeats). */
async function startReceiver(test: Test, statuses: number[] = [200]): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') })
      res.statusCode = statuses[Math.min(received.length, statuses.length) - 1]!
      res.end('{"echo":"never stored"}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  test.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/bidscreen?tenant=salford`, received }
}

/** The README's verification, as a receiver would write it. */
function verifySignature(secret: string, header: string, body: string, toleranceSeconds = 300): boolean {
  const parts = Object.fromEntries(header.split(',').map((part) => part.split('=', 2) as [string, string]))
  const { t: timestamp, v1 } = parts
  if (!timestamp || !v1 || Math.abs(Date.now() / 1000 - Number(timestamp)) > toleranceSeconds) return false
  const expected = Buffer.from(createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex'))
  return expected.length === Buffer.byteLength(v1) && timingSafeEqual(expected, Buffer.from(v1))
}

interface DeliveryItem {
  id: string
  alertId: string
  status: string
  attempts: number
  lastStatusCode: number | null
  lastError: string | null
  deliveredAt: string | null
}

/**
 * Salford (sharing with GMP) with a screening made through the API, and a raise of alerts as
 * monitoring makes one: through the listener the app's own use cases would hand it, inside a
 * transaction of the app's database, its jobs going to the app's queue.
 */
async function seedAlerting(ctx: TestApp) {
  const seeded = await seedRegister(ctx)
  const screened = await seeded.salfordScreener({ method: 'POST', url: '/v1/screenings', payload: examplePaving })
  const screening = screened.json<{ id: string; band: RaisedAlert['band']; riskScore: number }>()
  const listener = webhookUseCases({ db: ctx.database.db, jobs: ctx.app.jobs, settings: ctx.config.webhooks, log: ctx.app.log })
  const alertFor = (orgId: string, id: string): RaisedAlert => ({
    id,
    orgId,
    screeningId: screening.id,
    reference: examplePaving.reference,
    band: screening.band,
    riskScore: screening.riskScore,
    previousBand: 'none',
    newMatchCount: 1,
    groups: [{ forceOrgId: 'gmp', force: 'Greater Manchester Police', ref: 'GMP-OCG-0117' }],
    raisedAt: new Date('2026-12-03T10:00:00.000Z'),
  })
  // Once committed, the queue is woken, as the app does after monitoring raises alerts.
  const raise = async (alerts: RaisedAlert[]) => {
    await ctx.database.db.transaction().execute((trx) => listener.alertsRaised(trx, alerts))
    ctx.app.jobs.wake(WEBHOOK_DELIVER_QUEUE)
  }
  const deliveries = async (status?: string) => {
    const res = await seeded.salfordOfficer({ method: 'GET', url: `/v1/webhook/deliveries${status ? `?status=${status}` : ''}` })
    return res.json<{ items: DeliveryItem[]; nextCursor: string | null }>().items
  }
  return { ...seeded, screening, alertFor, raise, deliveries }
}

onEachDatabase('an officer configures, reads, replaces and removes the authority webhook; nobody else sees it', async (t, ctx) => {
  const { salfordOfficer, salfordScreener, leedsOfficer, gmp } = await seedRegister(ctx)
  const none = await salfordOfficer({ method: 'GET', url: '/v1/webhook' })
  t.equal(none.statusCode, 404, 'no webhook yet: 404')
  t.equal(none.json<{ code: string }>().code, 'NOT_FOUND')

  const put = await salfordOfficer({ method: 'PUT', url: '/v1/webhook', payload: { url: 'https://procurement.salford.example/hooks/bidscreen?key=abc' } })
  t.equal(put.statusCode, 200)
  const configured = put.json<{ url: string; secret: string; createdAt: string; updatedAt: string }>()
  t.equal(configured.url, 'https://procurement.salford.example/hooks/bidscreen?key=abc')
  t.match(configured.secret, /^[A-Za-z0-9_-]{43}$/, 'the secret is 32 random bytes, base64url')

  const read = await salfordOfficer({ method: 'GET', url: '/v1/webhook' })
  t.equal(read.statusCode, 200)
  t.same(read.json(), { url: configured.url, createdAt: configured.createdAt, updatedAt: configured.updatedAt }, 'read back without its secret')
  t.notMatch(read.body, configured.secret)

  const replaced = (await salfordOfficer({ method: 'PUT', url: '/v1/webhook', payload: { url: 'https://erp.salford.example/bidscreen' } })).json<
    typeof configured
  >()
  t.equal(replaced.url, 'https://erp.salford.example/bidscreen')
  t.not(replaced.secret, configured.secret, 'replacing issues a new secret')
  t.equal(replaced.createdAt, configured.createdAt, 'replacing keeps the creation time')
  const rotated = await salfordOfficer({ method: 'POST', url: '/v1/webhook/rotate-secret' })
  t.equal(rotated.statusCode, 200)
  t.not(rotated.json<typeof configured>().secret, replaced.secret, 'rotating issues a new secret')
  t.equal(rotated.json<typeof configured>().url, replaced.url, 'and keeps the address')

  for (const [who, call] of [
    ['a screener', salfordScreener],
    ['a police officer', gmp],
  ] as const) {
    for (const request of [
      { method: 'GET', url: '/v1/webhook' },
      { method: 'PUT', url: '/v1/webhook', payload: { url: 'https://elsewhere.example/' } },
      { method: 'POST', url: '/v1/webhook/rotate-secret' },
      { method: 'DELETE', url: '/v1/webhook' },
      { method: 'GET', url: '/v1/webhook/deliveries' },
    ] as const) {
      t.equal((await call(request)).statusCode, 403, `${who}: ${request.method} ${request.url} is 403`)
    }
  }
  t.equal((await leedsOfficer({ method: 'GET', url: '/v1/webhook' })).statusCode, 404, "another authority does not see Salford's webhook")
  t.equal((await leedsOfficer({ method: 'POST', url: '/v1/webhook/rotate-secret' })).statusCode, 404, 'nor rotate its secret')
  t.equal((await leedsOfficer({ method: 'DELETE', url: '/v1/webhook' })).statusCode, 204, 'removing its own (none) touches nothing')
  t.equal((await salfordOfficer({ method: 'GET', url: '/v1/webhook' })).statusCode, 200, "Salford's is still there")

  t.equal((await salfordOfficer({ method: 'DELETE', url: '/v1/webhook' })).statusCode, 204)
  t.equal((await salfordOfficer({ method: 'GET', url: '/v1/webhook' })).statusCode, 404, 'gone once removed')
  t.equal((await salfordOfficer({ method: 'DELETE', url: '/v1/webhook' })).statusCode, 204, 'removing again is harmless')

  const events = await ctx.database.db
    .selectFrom('audit_events')
    .select(['action', 'actor', 'org_id', 'details'])
    .where('action', 'like', 'webhook.%')
    .orderBy('seq')
    .execute()
  t.same(
    events.map((e) => [e.action, e.org_id]),
    [
      ['webhook.configure', 'salford'],
      ['webhook.configure', 'salford'],
      ['webhook.rotate_secret', 'salford'],
      ['webhook.remove', 'salford'],
    ],
    'each change audited once, in order',
  )
  t.match(events[0]!.details, { origin: 'https://procurement.salford.example', replaced: false }, 'the audit names where alerts go, by origin')
  t.match(events[1]!.details, { replaced: true })
  t.notMatch(JSON.stringify(events), /key=abc|bidscreen\?|[A-Za-z0-9_-]{43}/, 'neither the path and query nor a secret is audited')
})

onEachDatabase('a webhook address is absolute https, at most 2,000 characters, without credentials, not internal', async (t, ctx) => {
  const { salfordOfficer } = await seedRegister(ctx)
  const refused = [
    ['http://procurement.salford.example/hooks', 'must be an https: URL'],
    ['ftp://procurement.salford.example/hooks', 'must be an https: URL'],
    ['/hooks/bidscreen', 'must be an absolute URL'],
    ['not a url', 'must be an absolute URL'],
    ['https://officer:hunter2@procurement.salford.example/hooks', 'must not hold a user name or password'],
    [`https://procurement.salford.example/${'a'.repeat(1970)}`, 'must be at most 2000 characters'],
    ...[
      'https://10.0.0.5/hooks',
      'https://127.0.0.1:5432/',
      'https://0x7f.1/hooks',
      'https://2130706433/hooks',
      'https://169.254.169.254/latest/meta-data/',
      'https://100.64.0.1/hooks',
      'https://0.0.0.0/hooks',
      'https://[::1]/hooks',
      'https://[fd00::5]/hooks',
      'https://[fe80::1]/hooks',
      'https://[::ffff:10.0.0.5]/hooks',
      'https://localhost/hooks',
      'https://LOCALHOST./hooks',
      'https://erp.localhost/hooks',
    ].map((url) => [url, 'must not be a loopback, private or other internal address'] as const),
  ] as const
  for (const [url, message] of refused) {
    const res = await salfordOfficer({ method: 'PUT', url: '/v1/webhook', payload: { url } })
    t.equal(res.statusCode, 400, `${url.slice(0, 60)}: 400`)
    t.match(res.json(), { code: 'VALIDATION_FAILED', field: 'url', errors: [{ field: 'url', message }] })
    t.notMatch(res.body, 'hunter2', 'the refusal does not repeat a password')
  }
  const longest = `https://procurement.salford.example/${'a'.repeat(2000 - 36)}`
  t.equal(longest.length, 2000)
  t.equal((await salfordOfficer({ method: 'PUT', url: '/v1/webhook', payload: { url: longest } })).statusCode, 200, '2,000 characters is allowed')
  t.equal(
    (await salfordOfficer({ method: 'PUT', url: '/v1/webhook', payload: { url: 'https://8.8.8.8/hooks' } })).statusCode,
    200,
    'a public IP address is allowed',
  )
  t.equal(
    (await salfordOfficer({ method: 'PUT', url: '/v1/webhook', payload: { url: 'https://x.example', extra: 1 } })).statusCode,
    400,
    'unknown fields refused',
  )
})

for (const kind of databaseKinds) {
  t.test(`a new alert reaches the authority's receiver, signed with its secret; an authority without a webhook gets no delivery [${kind}]`, async (t) => {
    const ctx = await startTestApp(t, kind, DELIVERY_CONFIG)
    const receiver = await startReceiver(t)
    const world = await seedAlerting(ctx)
    const configured = await world.salfordOfficer({ method: 'PUT', url: '/v1/webhook', payload: { url: receiver.url } })
    t.equal(configured.statusCode, 200, 'a plain-HTTP receiver is allowed where WEBHOOK_ALLOW_HTTP is set')
    const { secret } = configured.json<{ secret: string }>()

    await world.raise([world.alertFor('salford', 'alr_01JWEBHOOKSALFORD0000000001'), world.alertFor('leeds', 'alr_01JWEBHOOKLEEDS00000000001')])
    const [request] = (await waitFor(() => (receiver.received.length > 0 ? receiver.received : undefined))) ?? []
    if (!request) return t.fail('the receiver heard nothing')

    t.equal(request.headers['content-type'], 'application/json')
    const deliveryId = request.headers['bidscreen-delivery']
    t.match(deliveryId, /^whd_[0-9A-Z]{26}$/, 'the delivery id is a header')
    t.ok(verifySignature(secret, String(request.headers['bidscreen-signature']), request.body), 'the signature verifies with the secret given at configuration')
    t.notOk(verifySignature('another-secret', String(request.headers['bidscreen-signature']), request.body), 'and with no other')
    t.notOk(verifySignature(secret, String(request.headers['bidscreen-signature']), request.body.replace('"band"', '"Band"')), 'nor for another body')
    t.same(JSON.parse(request.body), {
      type: 'alert.raised',
      deliveryId,
      alert: {
        id: 'alr_01JWEBHOOKSALFORD0000000001',
        screeningId: world.screening.id,
        reference: examplePaving.reference,
        band: world.screening.band,
        riskScore: world.screening.riskScore,
        previousBand: 'none',
        newMatchCount: 1,
        groups: [{ contributor: 'Greater Manchester Police', force: 'Greater Manchester Police', ref: 'GMP-OCG-0117' }],
        raisedAt: '2026-12-03T10:00:00.000Z',
        url: '/v1/alerts/alr_01JWEBHOOKSALFORD0000000001',
      },
    })
    for (const personal of [examplePaving.supplier.name, examplePaving.supplier.people[0]!.name, '1981-03', 'M5 4XJ']) {
      t.notMatch(request.body, personal, `no supplier personal data in the body (${personal.slice(0, 4)}…)`)
    }

    const delivered = await waitFor(async () => (await world.deliveries()).find((d) => d.status === 'delivered'))
    t.match(delivered, { id: deliveryId, alertId: 'alr_01JWEBHOOKSALFORD0000000001', attempts: 1, lastStatusCode: 200, lastError: null, deliveredAt: String })
    const leeds = await ctx.database.db.selectFrom('webhook_deliveries').select('id').where('org_id', '=', 'leeds').execute()
    t.same(leeds, [], 'Leeds has no webhook: no delivery row')
    const leedsLog = await world.leedsOfficer({ method: 'GET', url: '/v1/webhook/deliveries' })
    t.same(leedsLog.json(), { items: [], nextCursor: null }, "and Leeds's log shows nothing of Salford's")
    t.equal(receiver.received.length, 1, 'delivered once')
    const logged = JSON.stringify(ctx.logs())
    t.notMatch(logged, secret, 'the secret is never logged')
    t.notMatch(logged, 'GMP-OCG-0117', 'nor the payload')
  })

  t.test(`a receiver that fails twice gets a third attempt after back-off, and the log shows it [${kind}]`, async (t) => {
    const ctx = await startTestApp(t, kind, DELIVERY_CONFIG)
    const receiver = await startReceiver(t, [500, 500, 200])
    const world = await seedAlerting(ctx)
    const { secret } = (await world.salfordOfficer({ method: 'PUT', url: '/v1/webhook', payload: { url: receiver.url } })).json<{ secret: string }>()

    await world.raise([world.alertFor('salford', 'alr_01JWEBHOOKRETRY00000000001')])
    const delivered = await waitFor(async () => (await world.deliveries('delivered'))[0])
    t.match(delivered, { alertId: 'alr_01JWEBHOOKRETRY00000000001', status: 'delivered', attempts: 3, lastStatusCode: 200, lastError: null })
    t.equal(receiver.received.length, 3, 'three attempts reached the receiver')
    t.same(new Set(receiver.received.map((r) => r.body)).size, 1, 'each attempt sent the same body')
    t.same(
      receiver.received.map((r) => r.headers['bidscreen-delivery']),
      [delivered?.id, delivered?.id, delivered?.id],
      'under the same delivery id',
    )
    for (const [i, r] of receiver.received.entries()) {
      t.ok(verifySignature(secret, String(r.headers['bidscreen-signature']), r.body), `attempt ${i + 1} is signed`)
    }
    t.same(await world.deliveries('pending'), [], 'nothing left pending')
  })

  t.test(`a delivery that fails every attempt ends failed, with its last status or error class [${kind}]`, async (t) => {
    const ctx = await startTestApp(t, kind, { ...DELIVERY_CONFIG, WEBHOOK_MAX_ATTEMPTS: '2' })
    const receiver = await startReceiver(t, [503])
    const world = await seedAlerting(ctx)
    await world.salfordOfficer({ method: 'PUT', url: '/v1/webhook', payload: { url: receiver.url } })
    await world.raise([world.alertFor('salford', 'alr_01JWEBHOOKFAILED0000000001')])
    const failed = await waitFor(async () => (await world.deliveries('failed'))[0])
    t.match(failed, { status: 'failed', attempts: 2, lastStatusCode: 503, lastError: null, deliveredAt: null })
    t.equal(receiver.received.length, 2, 'WEBHOOK_MAX_ATTEMPTS attempts, no more')

    // Nothing listens on a port just closed: the error class says so.
    const port = await closedPort()
    await world.salfordOfficer({ method: 'PUT', url: '/v1/webhook', payload: { url: `http://127.0.0.1:${port}/hooks` } })
    await world.raise([world.alertFor('salford', 'alr_01JWEBHOOKREFUSED000000001')])
    const refused = await waitFor(async () => (await world.deliveries('failed')).find((d) => d.alertId === 'alr_01JWEBHOOKREFUSED000000001'))
    t.match(refused, { attempts: 2, lastStatusCode: null, lastError: 'connection_refused' })
  })
}

for (const kind of databaseKinds) {
  t.test(`a delivery to a private address is refused at connect: address_not_allowed, failed at once, nothing sent [${kind}]`, async (t) => {
    const ctx = await startTestApp(t, kind, { WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_RETRY_DELAY_SECONDS: '1' })
    const receiver = await startReceiver(t)
    const world = await seedAlerting(ctx)
    const byName = receiver.url.replace('127.0.0.1', 'localhost')
    t.equal((await world.salfordOfficer({ method: 'PUT', url: '/v1/webhook', payload: { url: receiver.url } })).statusCode, 400, 'refused when configured')
    t.equal((await world.salfordOfficer({ method: 'PUT', url: '/v1/webhook', payload: { url: byName } })).statusCode, 400, 'by name too')
    // A name that resolves to loopback when delivered (or a URL saved before the guard) passes
    // configuration; it is the connection's own lookup that refuses it.
    for (const [i, url] of [receiver.url, byName].entries()) {
      await saveEndpoint(ctx.database.db, { orgId: 'salford', url, secret: 'whsec-test', createdBy: 'usr_test', at: new Date() })
      const alertId = `alr_01JWEBHOOKPRIVATE00000000${i}`
      await world.raise([world.alertFor('salford', alertId)])
      const failed = await waitFor(async () => (await world.deliveries('failed')).find((d) => d.alertId === alertId))
      t.match(failed, { status: 'failed', attempts: 1, lastStatusCode: null, lastError: 'address_not_allowed', deliveredAt: null }, url)
    }
    const log = await world.salfordOfficer({ method: 'GET', url: '/v1/webhook/deliveries' })
    t.notMatch(log.body, /127\.0\.0\.1|::1/, 'the delivery log names no address')
    t.equal(receiver.received.length, 0, 'the receiver heard nothing')
  })
}

/** A port on 127.0.0.1 that was free a moment ago and that nothing listens on now. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

for (const kind of databaseKinds) {
  t.test(`the delivery log pages newest first and filters by status; removing the webhook gives up what is pending [${kind}]`, async (t) => {
    const ctx = await startTestApp(t, kind, { ...DELIVERY_CONFIG, WEBHOOK_MAX_ATTEMPTS: '20' })
    const receiver = await startReceiver(t, [500])
    const world = await seedAlerting(ctx)
    await world.salfordOfficer({ method: 'PUT', url: '/v1/webhook', payload: { url: receiver.url } })
    const alertIds = ['alr_01JWEBHOOKPAGE000000000001', 'alr_01JWEBHOOKPAGE000000000002', 'alr_01JWEBHOOKPAGE000000000003']
    await world.raise(alertIds.map((id) => world.alertFor('salford', id)))
    const tried = await waitFor(async () => {
      const items = await world.deliveries('pending')
      return items.length === 3 && items.every((d) => d.attempts >= 1 && d.lastStatusCode === 500) ? items : undefined
    })
    t.ok(tried, 'each delivery was tried, failed with 500 and waits for its retry')

    const first = await world.salfordOfficer({ method: 'GET', url: '/v1/webhook/deliveries?limit=2' })
    const page1 = first.json<{ items: DeliveryItem[]; nextCursor: string | null }>()
    t.same(
      page1.items.map((d) => d.alertId),
      [alertIds[2], alertIds[1]],
      'newest first',
    )
    t.type(page1.nextCursor, 'string')
    const page2 = (await world.salfordOfficer({ method: 'GET', url: `/v1/webhook/deliveries?limit=2&cursor=${page1.nextCursor!}` })).json<{
      items: DeliveryItem[]
      nextCursor: string | null
    }>()
    t.same(
      page2.items.map((d) => d.alertId),
      [alertIds[0]],
      'then the rest',
    )
    t.equal(page2.nextCursor, null)
    t.same(await world.deliveries('delivered'), [], 'none delivered')
    const badCursor = await world.salfordOfficer({ method: 'GET', url: '/v1/webhook/deliveries?cursor=nonsense' })
    t.match(badCursor.json(), { code: 'VALIDATION_FAILED', field: 'cursor' })

    t.equal((await world.salfordOfficer({ method: 'DELETE', url: '/v1/webhook' })).statusCode, 204)
    const givenUp = await world.deliveries('failed')
    t.same(
      givenUp.map((d) => [d.alertId, d.lastError]),
      [...alertIds].reverse().map((id) => [id, 'webhook_removed']),
      'every pending delivery is given up, the log kept',
    )
    t.same(await world.deliveries('pending'), [], 'nothing pending')
    const removal = await ctx.database.db.selectFrom('audit_events').select('details').where('action', '=', 'webhook.remove').executeTakeFirst()
    t.match(removal?.details, { abandoned: 3 })
  })
}

// End to end: a force's upload goes live, monitoring re-screens and raises the alert, and the
// authority's receiver hears of it, through the app's own wiring alone.
const newMember = { type: 'person', name: 'Kevin Marsh', dateOfBirth: '1975-05-02', role: 'associate' }
const withNewMember = { groups: gmpWatchlist.groups.map((g, i) => (i === 0 ? { ...g, entities: [...g.entities, newMember] } : g)) }

for (const kind of databaseKinds) {
  t.test(`an upload that raises an alert reaches the authority's webhook, signed [${kind}]`, async (t) => {
    const ctx = await startTestApp(t, kind, DELIVERY_CONFIG)
    const receiver = await startReceiver(t)
    const { salfordScreener, salfordOfficer, gmp } = await seedRegister(ctx)
    const { secret } = (await salfordOfficer({ method: 'PUT', url: '/v1/webhook', payload: { url: receiver.url } })).json<{ secret: string }>()
    const payload = {
      reference: 'BID-MARSH',
      supplier: { name: 'Marsh Groundworks Ltd', people: [{ name: 'Kevin Marsh', dateOfBirth: '1975-05-02', role: 'director' }] },
    }
    const screening = (await salfordScreener({ method: 'POST', url: '/v1/screenings', payload })).json<{ id: string; band: string }>()
    t.equal(screening.band, 'none', 'clean when it bid')

    const lists = (await gmp({ method: 'GET', url: '/v1/watchlists' })).json<{ items: { id: string }[] }>()
    t.equal((await gmp({ method: 'PUT', url: `/v1/watchlists/${lists.items[0]!.id}/content`, payload: withNewMember })).statusCode, 201)

    const [request] = (await waitFor(() => (receiver.received.length > 0 ? receiver.received : undefined))) ?? []
    if (!request) return t.fail('the receiver heard nothing')
    t.ok(verifySignature(secret, String(request.headers['bidscreen-signature']), request.body), 'signed with the secret given at configuration')
    const event = JSON.parse(request.body) as { type: string; alert: { id: string; screeningId: string; reference: string; url: string; groups: unknown } }
    const alerts = (await salfordOfficer({ method: 'GET', url: '/v1/alerts' })).json<{ items: { id: string }[] }>().items
    t.equal(alerts.length, 1, 'one alert raised')
    t.match(event, {
      type: 'alert.raised',
      alert: {
        id: alerts[0]!.id,
        screeningId: screening.id,
        reference: 'BID-MARSH',
        groups: [{ contributor: 'Greater Manchester Police', force: 'Greater Manchester Police', ref: 'GMP-OCG-0117' }],
        url: `/v1/alerts/${alerts[0]!.id}`,
      },
    })
    t.notMatch(request.body, 'Kevin Marsh', "no director's name in the body")
    const read = await salfordOfficer({ method: 'GET', url: event.alert.url })
    t.equal(read.statusCode, 200, "the receiver reads the alert at its url with the authority's token")
    const delivered = await waitFor(async () => {
      const items = (await salfordOfficer({ method: 'GET', url: '/v1/webhook/deliveries' })).json<{ items: DeliveryItem[] }>().items
      return items[0]?.status === 'delivered' ? items : undefined
    })
    t.match(delivered, [{ alertId: alerts[0]!.id, attempts: 1, lastStatusCode: 200 }], 'and the log says it was delivered, once')
  })
}
