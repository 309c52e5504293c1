// How the bidscreen command talks to a running service: Node's fetch, a bearer token, and
// retries of what may be sent again (reads, and writes that carry an Idempotency-Key).
import { setTimeout as delay } from 'node:timers/promises'
import type { Logger } from 'pino'
import { ApiProblemError, CommandError, type Problem } from './command-error.js'

export const DEFAULT_URL = 'http://127.0.0.1:3000'

export interface RetryPolicy {
  attempts: number
  baseDelayMs: number
  maxDelayMs: number
}

// About two minutes of trying in all: longer than a database restart or a rate-limit minute.
const DEFAULT_RETRY: RetryPolicy = { attempts: 8, baseDelayMs: 500, maxDelayMs: 60_000 }

// Worth another try: the service asked us to slow down, or is briefly unable to answer.
const RETRYABLE_STATUSES = new Set([429, 502, 503, 504])

export interface ApiRequest {
  method: 'GET' | 'POST' | 'PUT'
  path: string
  json?: unknown
  /** A body made afresh for each attempt (a stream can be read once only). */
  body?: () => { stream: ReadableStream<Uint8Array>; contentType: string; length: number }
  headers?: Record<string, string>
  /** Whether sending the request twice is safe; reads always are. */
  retry?: boolean
}

export interface ApiResponse {
  status: number
  headers: Headers
  body: unknown
}

export interface ApiClientOptions {
  url: string
  token: string | undefined
  log: Logger
  signal?: AbortSignal | undefined
  retry?: RetryPolicy
}

export class ApiClient {
  private readonly base: URL
  private readonly retry: RetryPolicy

  constructor(private readonly options: ApiClientOptions) {
    try {
      this.base = new URL(options.url)
    } catch {
      throw new CommandError(`--url must be a URL such as ${DEFAULT_URL}`)
    }
    if (!options.token) throw new CommandError('No token: pass --token or set BIDSCREEN_TOKEN (`bidscreen token --org ORG --role ROLE` makes one)')
    this.retry = options.retry ?? DEFAULT_RETRY
  }

  /** Sends the request, again after a 429, 502-504 or a lost connection when it is safe to. */
  async send(request: ApiRequest): Promise<ApiResponse> {
    const retryable = request.retry ?? request.method === 'GET'
    for (let attempt = 1; ; attempt++) {
      const last = !retryable || attempt >= this.retry.attempts
      let response: Response
      try {
        response = await this.fetchOnce(request)
      } catch (error) {
        if (this.options.signal?.aborted) throw error
        // fetch says "fetch failed"; the cause names the network fault (ECONNREFUSED, ECONNRESET…).
        const reason = (error as Error).cause as { code?: string; message?: string } | undefined
        const cause = reason?.code ?? reason?.message ?? (error as Error).message
        if (last) throw new CommandError(`${request.method} ${request.path}: cannot reach ${this.base.origin} (${cause})`)
        await this.pause(attempt, null, { path: request.path, cause })
        continue
      }
      if (!RETRYABLE_STATUSES.has(response.status) || last) return { status: response.status, headers: response.headers, body: await bodyOf(response) }
      await response.body?.cancel()
      await this.pause(attempt, response.headers.get('retry-after'), { path: request.path, status: response.status })
    }
  }

  /** Sends the request and returns its body when it succeeded; any other answer is an ApiProblemError. */
  async expect<T>(request: ApiRequest, what: string): Promise<T> {
    const response = await this.send(request)
    if (response.status >= 300) throw new ApiProblemError(response.status, problemOf(response.body), what)
    return response.body as T
  }

  private async fetchOnce(request: ApiRequest): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json', authorization: `Bearer ${this.options.token}`, ...request.headers }
    const init: RequestInit = { method: request.method, headers, signal: this.options.signal ?? null }
    if (request.json !== undefined) {
      headers['content-type'] = 'application/json'
      init.body = JSON.stringify(request.json)
    } else if (request.body) {
      const body = request.body()
      headers['content-type'] = body.contentType
      // The length lets the service refuse an upload over its limit before reading it.
      headers['content-length'] = String(body.length)
      init.body = body.stream
      init.duplex = 'half'
    }
    return fetch(new URL(request.path, this.base), init)
  }

  private async pause(attempt: number, retryAfter: string | null, context: Record<string, unknown>): Promise<void> {
    const ms = retryDelayMs(attempt, retryAfter, this.retry)
    this.options.log.warn({ ...context, attempt, retryInMs: ms }, 'retrying')
    await delay(ms, undefined, { signal: this.options.signal })
  }
}

/**
 * How long to wait before attempt `attempt + 1`: what the service's Retry-After asks (seconds or
 * an HTTP date), else exponential back-off with full jitter so that many clients spread out.
 */
export function retryDelayMs(attempt: number, retryAfter: string | null, policy: RetryPolicy): number {
  if (retryAfter !== null && retryAfter.trim() !== '') {
    const seconds = /^\d+$/.test(retryAfter.trim()) ? Number(retryAfter) * 1000 : Date.parse(retryAfter) - Date.now()
    if (Number.isFinite(seconds)) return Math.min(Math.max(seconds, 0), policy.maxDelayMs)
  }
  const ceiling = Math.min(policy.baseDelayMs * 2 ** (attempt - 1), policy.maxDelayMs)
  return Math.round(Math.random() * ceiling)
}

async function bodyOf(response: Response): Promise<unknown> {
  const text = await response.text()
  if (text === '') return null
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

export function problemOf(body: unknown): Problem {
  return body !== null && typeof body === 'object' ? body : { title: typeof body === 'string' ? body.slice(0, 200) : 'no details' }
}
