import { request as httpRequest, type RequestOptions } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { ADDRESS_NOT_ALLOWED, isNonPublicLiteral, publicAddressLookup } from './webhook-address-guard.js'

/** What one attempt to deliver came to: the receiver's status when it answered, else a short class of failure. */
export interface PostOutcome {
  delivered: boolean
  statusCode: number | null
  /** `timeout`, `connection_refused`, `redirect_not_followed`, `address_not_allowed`, …: never the receiver's words. */
  error: string | null
}

// Network failures by their system code, as a receiver's operator would look for them.
const ERROR_CLASSES: Record<string, string> = {
  ECONNREFUSED: 'connection_refused',
  ECONNRESET: 'connection_reset',
  EPIPE: 'connection_reset',
  ENOTFOUND: 'dns_failure',
  EAI_AGAIN: 'dns_failure',
  EHOSTUNREACH: 'host_unreachable',
  ENETUNREACH: 'host_unreachable',
  ETIMEDOUT: 'timeout',
  ERR_ADDRESS_NOT_ALLOWED: ADDRESS_NOT_ALLOWED,
}

/**
 * POSTs one delivery with Node's own http(s) client, which, unlike its fetch, takes a `lookup` for
 * the connection: unless private addresses are allowed, the address connected to must be public
 * (webhook-address-guard.ts). Any 2xx is delivered; a redirect is not followed (a signed body must
 * not be re-sent to an address the authority did not give), so it fails like any other answer.
 * The receiver's body is never read: it is discarded, not stored or logged.
 */
export async function postWebhook(
  url: string,
  request: { body: string; headers: Record<string, string>; timeoutMs: number; allowPrivateAddresses: boolean },
): Promise<PostOutcome> {
  let statusCode: number
  try {
    const target = new URL(url)
    // Node connects to an IP literal without any lookup, so the guard's lookup never sees one: it is checked here.
    if (!request.allowPrivateAddresses && isNonPublicLiteral(target.hostname)) return { delivered: false, statusCode: null, error: ADDRESS_NOT_ALLOWED }
    statusCode = await send(target, request)
  } catch (error) {
    return { delivered: false, statusCode: null, error: errorClass(error) }
  }
  const delivered = statusCode >= 200 && statusCode < 300
  const redirected = statusCode >= 300 && statusCode < 400
  return { delivered, statusCode, error: redirected ? 'redirect_not_followed' : null }
}

/** The receiver's status once its headers arrive; the whole exchange up to then within the timeout. */
function send(target: URL, request: { body: string; headers: Record<string, string>; timeoutMs: number; allowPrivateAddresses: boolean }): Promise<number> {
  const options: RequestOptions = {
    method: 'POST',
    headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
    // A fresh connection each time: one kept alive from an earlier delivery would skip the lookup, and the check in it.
    agent: false,
    signal: AbortSignal.timeout(request.timeoutMs),
    ...(request.allowPrivateAddresses ? {} : { lookup: publicAddressLookup }),
  }
  const requestFor = target.protocol === 'https:' ? httpsRequest : httpRequest
  return new Promise((resolve, reject) => {
    const outgoing = requestFor(target, options, (response) => {
      // Frees the connection without waiting for, or reading, a body the receiver may still be sending.
      response.destroy()
      resolve(response.statusCode ?? 0)
    })
    outgoing.on('error', reject)
    outgoing.end(request.body)
  })
}

/** A failure's class from the error or its causes, without its message (which may quote the address). */
function errorClass(error: unknown): string {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'timeout'
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string') {
      if (code in ERROR_CLASSES) return ERROR_CLASSES[code]!
      if (code.startsWith('ERR_TLS') || code.includes('CERT') || code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE') return 'tls_error'
    }
  }
  return 'network_error'
}
