// Requests to the /v1 API with the signed-in user's token and stated purpose.
import { storedPurpose, storedToken } from './session.js'

/** A problem+json answer (RFC 9457), or a network failure (status 0). */
export class ApiError extends Error {
  /** @param {number} status @param {Record<string, any>} problem */
  constructor(status, problem) {
    super(typeof problem.detail === 'string' ? problem.detail : typeof problem.title === 'string' ? problem.title : `The service answered ${status}`)
    this.status = status
    this.problem = problem
  }
}

/** A purpose must travel as an HTTP header: one line of plain printable text. @param {string} purpose */
export function purposeProblem(purpose) {
  if (purpose.length > 500) return 'The purpose is too long (500 characters at most).'
  if (/[^\x20-\x7E]/.test(purpose)) return 'The purpose must be one line of plain text (letters, digits and punctuation without accents).'
  return null
}

/**
 * @param {string} path under the site root, e.g. /v1/screenings
 * @param {{ method?: string, query?: Record<string, string | undefined>, json?: unknown, body?: Blob, contentType?: string, idempotencyKey?: string }} [options]
 * @returns {Promise<{ status: number, body: any }>}
 */
export async function api(path, options = {}) {
  const url = new URL(path, window.location.origin)
  for (const [key, value] of Object.entries(options.query ?? {})) if (value !== undefined && value !== '') url.searchParams.set(key, value)
  /** @type {Record<string, string>} */
  const headers = { accept: 'application/json, application/problem+json' }
  const token = storedToken()
  if (token) headers.authorization = `Bearer ${token}`
  // Every read here may show personal data (suppliers' directors, register entries); the stated
  // purpose is recorded in the audit log with each one, and with each decision.
  const purpose = storedPurpose()
  if (purpose && !purposeProblem(purpose)) headers['x-purpose'] = purpose
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey
  let body
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json'
    body = JSON.stringify(options.json)
  } else if (options.body) {
    headers['content-type'] = options.contentType ?? 'application/octet-stream'
    body = options.body
  }
  let response
  try {
    response = await fetch(url, { method: options.method ?? 'GET', headers, body, cache: 'no-store', credentials: 'omit' })
  } catch {
    throw new ApiError(0, { title: 'The service could not be reached. Check the connection and try again.' })
  }
  const text = await response.text()
  const parsed = parseBody(text, response.status)
  if (!response.ok) throw new ApiError(response.status, parsed && typeof parsed === 'object' ? parsed : {})
  return { status: response.status, body: parsed }
}

/** @param {string} text @param {number} status */
function parseBody(text, status) {
  if (!text) return null
  try {
    return JSON.parse(text)
  } catch {
    return { title: `The service answered ${status} with something other than JSON.` }
  }
}

/** A key that makes a retried write safe: random, kept until the write succeeds. */
export function newIdempotencyKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  return `console-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`
}
