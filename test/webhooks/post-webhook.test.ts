import { createServer, type RequestListener } from 'node:http'
import type { AddressInfo } from 'node:net'
import t, { type Test } from 'tap'
import { postWebhook } from '../../src/webhooks/post-webhook.js'
import { webhookSignature } from '../../src/webhooks/webhook-signature.js'

/** A real server on 127.0.0.1 for one test; counts the requests it got. */
async function serve(test: Test, handler: RequestListener): Promise<{ url: string; requests: () => number }> {
  let requests = 0
  const server = createServer((req, res) => {
    requests++
    handler(req, res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  test.teardown(() => {
    server.closeAllConnections()
    return new Promise<void>((resolve) => server.close(() => resolve()))
  })
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, requests: () => requests }
}

// These receivers listen on 127.0.0.1, as WEBHOOK_ALLOW_PRIVATE_ADDRESSES allows; the guard's own tests turn it off.
const request = { body: '{"type":"alert.raised"}', headers: { 'content-type': 'application/json' }, timeoutMs: 5000, allowPrivateAddresses: true }
const guarded = { ...request, allowPrivateAddresses: false }

t.test('any 2xx is delivered, with its status', async (t) => {
  const receiver = await serve(t, (_req, res) => res.writeHead(204).end())
  t.same(await postWebhook(receiver.url, request), { delivered: true, statusCode: 204, error: null })
})

t.test('another status is not delivered; its body is not kept', async (t) => {
  const receiver = await serve(t, (_req, res) => res.writeHead(500).end('stack trace with secrets'))
  t.same(await postWebhook(receiver.url, request), { delivered: false, statusCode: 500, error: null })
})

t.test('a redirect is not followed', async (t) => {
  const elsewhere = await serve(t, (_req, res) => res.writeHead(200).end())
  const receiver = await serve(t, (_req, res) => res.writeHead(307, { location: elsewhere.url }).end())
  t.same(await postWebhook(receiver.url, request), { delivered: false, statusCode: 307, error: 'redirect_not_followed' })
  t.equal(elsewhere.requests(), 0, 'the signed body went nowhere else')
})

t.test('a receiver that does not answer in time is a timeout', async (t) => {
  const receiver = await serve(t, () => {})
  t.same(await postWebhook(receiver.url, { ...request, timeoutMs: 200 }), { delivered: false, statusCode: null, error: 'timeout' })
})

t.test('a closed port is a refused connection; a name that does not resolve, a DNS failure', async (t) => {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  t.same(await postWebhook(`http://127.0.0.1:${port}/hook`, request), { delivered: false, statusCode: null, error: 'connection_refused' })
  t.same(await postWebhook('http://no-such-host.invalid/hook', request), { delivered: false, statusCode: null, error: 'dns_failure' })
})

t.test('with private addresses refused, a receiver on 127.0.0.1 or [::1] hears nothing: address_not_allowed, at once', async (t) => {
  const receiver = await serve(t, (_req, res) => res.writeHead(204).end())
  t.same(await postWebhook(receiver.url, guarded), { delivered: false, statusCode: null, error: 'address_not_allowed' })
  t.same(await postWebhook('http://[::1]:9/hook', guarded), { delivered: false, statusCode: null, error: 'address_not_allowed' })
  t.same(await postWebhook('https://[::ffff:169.254.169.254]/latest/meta-data', guarded), { delivered: false, statusCode: null, error: 'address_not_allowed' })
  t.equal(receiver.requests(), 0, 'nothing was sent')
})

t.test('a host name that resolves to loopback is refused when the connection resolves it', async (t) => {
  // `localhost` is no IP literal: only the lookup in the connect path can know where it leads.
  const receiver = await serve(t, (_req, res) => res.writeHead(204).end())
  const byName = receiver.url.replace('127.0.0.1', 'localhost')
  t.same(await postWebhook(byName, guarded), { delivered: false, statusCode: null, error: 'address_not_allowed' })
  t.equal(receiver.requests(), 0, 'nothing was sent')
  t.same(
    await postWebhook('http://no-such-host.invalid/hook', guarded),
    { delivered: false, statusCode: null, error: 'dns_failure' },
    'a name that does not resolve is still a DNS failure',
  )
})

t.test('with private addresses allowed, the same receiver gets the delivery, by address or by name', async (t) => {
  const receiver = await serve(t, (req, res) => {
    req.resume()
    res.writeHead(200).end()
  })
  t.same(await postWebhook(receiver.url, request), { delivered: true, statusCode: 200, error: null })
  t.same(await postWebhook(receiver.url.replace('127.0.0.1', 'localhost'), request), { delivered: true, statusCode: 200, error: null })
  t.equal(receiver.requests(), 2)
})

t.test('the signature is HMAC-SHA256 of "<t>.<body>" keyed with the secret as text', async (t) => {
  // A fixed case that a receiver written in another language can check its code against.
  t.equal(
    webhookSignature('whsec-example', '{"a":1}', new Date('2026-12-03T10:00:00.900Z')),
    't=1796292000,v1=4e0bf20cef774bafca081d17a8e53c8d1f403cb25b031c024f865a86ec5691be',
  )
})
