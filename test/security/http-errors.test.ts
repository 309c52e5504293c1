import net from 'node:net'
import t from 'tap'
import { startTestApp } from '../helpers/test-app.js'

// Issue 12 point 5: every error, Fastify's and Node's own included, is problem+json with a stable
// code and repeats nothing of the request beyond the field's name. Over real HTTP, because Node's
// parser answers some of them (431) before Fastify sees the request.

interface RawAnswer {
  status: number
  contentType: string | undefined
  body: string
}

/** Sends bytes as they are and reads the whole answer: fetch would refuse to send some of these. */
function rawRequest(port: number, request: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.end(request))
    const chunks: Buffer[] = []
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    socket.on('error', reject)
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8')
      const [head = '', body = ''] = text.split('\r\n\r\n', 2)
      resolve({
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]),
        contentType: /^content-type: *(.+)$/im.exec(head)?.[1]?.trim(),
        body,
      })
    })
  })
}

t.test('errors before and around the routes are problem+json over real HTTP', async (t) => {
  const { app, adminToken } = await startTestApp(t, 'pglite')
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as net.AddressInfo
  const base = `http://127.0.0.1:${port}`
  const auth = { authorization: `Bearer ${adminToken}` }
  const marker = 'EchoMarker'

  const check = (name: string, answer: RawAnswer, status: number, code: string, echo = marker) => {
    t.equal(answer.status, status, `${name}: ${status}`)
    t.match(answer.contentType, /^application\/problem\+json/, `${name}: problem+json`)
    let body: Record<string, unknown> = {}
    try {
      body = JSON.parse(answer.body) as Record<string, unknown>
    } catch {
      t.fail(`${name}: the body is JSON (${answer.body.slice(0, 80)})`)
    }
    t.match(body, { type: /problems\//, title: String, status, code }, `${name}: ${code}`)
    t.notOk(answer.body.includes(echo), `${name}: nothing of the request echoed`)
    return body
  }
  const viaFetch = async (path: string, init: RequestInit = {}): Promise<RawAnswer> => {
    const res = await fetch(base + path, init)
    return { status: res.status, contentType: res.headers.get('content-type') ?? undefined, body: await res.text() }
  }

  check('unknown route', await viaFetch(`/v1/${marker}`), 404, 'ROUTE_NOT_FOUND')
  check('a path segment over the router limit', await viaFetch(`/v1/screenings/${marker}${'a'.repeat(300)}`, { headers: auth }), 414, 'URI_TOO_LONG')
  check('a URL over 8 KiB', await viaFetch(`/v1/screenings?q=${marker}${'a'.repeat(9000)}`, { headers: auth }), 414, 'URI_TOO_LONG')
  check('a URL past the header limit itself', await rawRequest(port, `GET /v1/${marker}${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`), 414, 'URI_TOO_LONG')
  check('%FF in the path', await rawRequest(port, `GET /v1/organisations/${marker}%FF HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`), 400, 'INVALID_URL')
  check(
    'an overlong %C0%AF in the path',
    await rawRequest(port, `GET /v1/organisations/${marker}%C0%AF HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`),
    400,
    'INVALID_URL',
  )
  check(
    'a 40 KB header',
    await rawRequest(port, `GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: ${marker}${'a'.repeat(40_000)}\r\n\r\n`),
    431,
    'HEADERS_TOO_LARGE',
  )
  check('a malformed request', await rawRequest(port, `GET /health/live HTTP/1.1\r\nHost: x\r\n${marker} no colon\r\n\r\n`), 400, 'BAD_REQUEST')
  check(
    'a body over the limit',
    await viaFetch('/v1/organisations', {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ name: marker + 'x'.repeat(2 * 1024 * 1024), kind: 'police' }),
    }),
    413,
    'PAYLOAD_TOO_LARGE',
  )
  const unsupported = check(
    'an unsupported content type',
    await viaFetch('/v1/organisations', { method: 'POST', headers: { ...auth, 'content-type': 'application/xml' }, body: `<a>${marker}</a>` }),
    415,
    'UNSUPPORTED_MEDIA_TYPE',
  )
  t.match(unsupported.detail, /application\/xml/, 'the 415 names the content type sent')
  const hostileType = check(
    'a content type that is not a media type',
    await viaFetch('/v1/organisations', { method: 'POST', headers: { ...auth, 'content-type': `${marker} <script>` }, body: 'x' }),
    415,
    'UNSUPPORTED_MEDIA_TYPE',
  )
  t.notMatch(hostileType.detail, /script/, 'a content type that is not one is not repeated')
  const invalidUtf8 = Buffer.concat([Buffer.from('{"name":"Caf'), Buffer.from([0xe9]), Buffer.from(`${marker}","kind":"police"}`)])
  check(
    'a JSON body that is not UTF-8',
    await viaFetch('/v1/organisations', { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: invalidUtf8 }),
    400,
    'INVALID_ENCODING',
  )
  t.equal((await viaFetch('/health/live')).status, 200, 'the server still answers')
})
