/**
 * Sends a generated request in-process (app.inject, fast) or over a real socket to the app
 * listening on a port (slower, but through Node's HTTP parser: raw bytes in the path, Latin-1
 * headers and header limits behave as they do in production).
 */
import { connect } from 'node:net'
import type { FastifyInstance } from 'fastify'
import type { FuzzRequest } from './request-arbitrary.js'

export interface FuzzResponse {
  status: number
  contentType: string
  body: string
}

// Generous: CI machines are shared, and a batch of screenings on a loaded one is slow.
const HTTP_TIMEOUT_MS = 30_000

/** The answer; status 0, with the reason as the body, when there was none (a timeout, a refused write). */
export async function send(app: FastifyInstance, port: number, request: FuzzRequest): Promise<FuzzResponse> {
  try {
    if (request.transport === 'http') return await sendOverHttp(port, request)
    const res = await app.inject({
      method: request.method as 'GET',
      url: request.url,
      headers: request.headers,
      ...(request.body ? { payload: request.body } : {}),
    })
    return { status: res.statusCode, contentType: String(res.headers['content-type'] ?? ''), body: res.body }
  } catch (error) {
    return { status: 0, contentType: '', body: (error as Error).message }
  }
}

/** One request on its own connection, written byte for byte; the answer read until the server closes. */
function sendOverHttp(port: number, request: FuzzRequest): Promise<FuzzResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port })
    const chunks: Buffer[] = []
    const timer = setTimeout(() => socket.destroy(new Error(`no answer within ${HTTP_TIMEOUT_MS} ms`)), HTTP_TIMEOUT_MS)
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    socket.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer)
      // The server may close as soon as it has answered a request it refused, before all of ours is written.
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') resolve(parse(Buffer.concat(chunks)))
      else reject(error)
    })
    socket.on('close', () => {
      clearTimeout(timer)
      resolve(parse(Buffer.concat(chunks)))
    })
    const body = request.body ?? Buffer.alloc(0)
    const headers = { host: `127.0.0.1:${port}`, connection: 'close', ...request.headers, ...(request.body ? { 'content-length': String(body.length) } : {}) }
    const head = [`${request.method} ${request.url} HTTP/1.1`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), '', ''].join('\r\n')
    socket.write(Buffer.concat([Buffer.from(head, 'latin1'), body]))
  })
}

/** The status, content type and body of a raw HTTP/1.1 answer; status 0 when the server sent nothing. */
function parse(raw: Buffer): FuzzResponse {
  const text = raw.toString('latin1')
  const end = text.indexOf('\r\n\r\n')
  const head = end < 0 ? text : text.slice(0, end)
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0)
  const contentType = /\r\ncontent-type: *([^\r\n]*)/i.exec(head)?.[1] ?? ''
  return { status, contentType, body: end < 0 ? '' : raw.subarray(Buffer.byteLength(text.slice(0, end + 4), 'latin1')).toString('utf8') }
}
