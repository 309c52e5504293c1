// SQLSTATEs that mean the server cannot serve now, not that the request was wrong: connection
// exceptions (class 08), a server shutting down or starting up (57P01–57P03), too many connections.
const UNAVAILABLE_STATES = /^(08...|57P0[123]|53300)$/
// Node's socket errors on connecting or on a dropped connection.
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN'])
// node-postgres reports a lost or refused connection by message only.
const DRIVER_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
  'Connection terminated due to connection timeout',
]

/**
 * Whether an error says the database is out of reach (down, restarting, refusing or dropping
 * connections) rather than that a query failed: the request may be retried once it is back.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 5; cause = cause.cause, depth++) {
    const code = (cause as { code?: unknown }).code
    if (typeof code === 'string' && (UNAVAILABLE_STATES.test(code) || SOCKET_CODES.has(code))) return true
    if (DRIVER_MESSAGES.some((message) => cause instanceof Error && cause.message.startsWith(message))) return true
    // Connecting to a host with several addresses fails with one error per address.
    if (cause instanceof AggregateError && cause.errors.some((inner) => isDatabaseUnavailable(inner))) return true
  }
  return false
}
