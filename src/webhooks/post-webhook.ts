/** What one attempt to deliver came to: the receiver's status when it answered, else a short class of failure. */
export interface PostOutcome {
  delivered: boolean
  statusCode: number | null
  /** `timeout`, `connection_refused`, `redirect_not_followed`, …: never the receiver's words. */
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
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_SOCKET: 'connection_reset',
}

/**
 * POSTs one delivery with Node's own fetch. Any 2xx is delivered; a redirect is not followed (a
 * signed body must not be re-sent to an address the authority did not give), so it fails like
 * any other answer. The receiver's body is never read: it is discarded, not stored or logged.
 */
export async function postWebhook(url: string, request: { body: string; headers: Record<string, string>; timeoutMs: number }): Promise<PostOutcome> {
  let response: Response
  try {
    response = await fetch(url, {
      method: 'POST',
      body: request.body,
      headers: request.headers,
      redirect: 'manual',
      signal: AbortSignal.timeout(request.timeoutMs),
    })
  } catch (error) {
    return { delivered: false, statusCode: null, error: errorClass(error) }
  }
  // Frees the connection without waiting for a body the receiver may still be sending.
  await response.body?.cancel().catch(() => {})
  const delivered = response.status >= 200 && response.status < 300
  const redirected = response.status >= 300 && response.status < 400
  return { delivered, statusCode: response.status, error: redirected ? 'redirect_not_followed' : null }
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
