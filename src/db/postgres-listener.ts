import pg from 'pg'

/** Whether a LISTEN session is up: notices are heard only while `listening`. */
export type ChannelState = 'listening' | 'reconnecting' | 'stopped'

/** One channel listened to, for as long as the process wants it. */
export interface Subscription {
  readonly state: ChannelState
  stop(): Promise<void>
}

export interface ListenHandlers {
  onMessage: (payload: string) => void
  /**
   * Called once a lost session is listening again: notices sent meanwhile were missed, so the
   * listener must catch up by reading the state it caches (never fired for the first session).
   */
  onResubscribed?: () => void
}

// Back-off between attempts while the database is away: quick at first, then every few seconds.
const FIRST_RETRY_MS = 250
const MAX_RETRY_MS = 5_000

/**
 * How long a connection attempt (a query's, from the pool, or a listener's) may take before the
 * database counts as unavailable: an unreachable host answers nothing, a refused port at once.
 */
export const CONNECT_TIMEOUT_MS = 10_000

/**
 * LISTEN on a dedicated connection that comes back by itself. A restart of PostgreSQL (or a
 * terminated backend) ends the session with an `error` then an `end`; a new client reconnects
 * with back-off until the database answers, LISTENs again and reports the gap. Resolves after
 * the first attempt, whether or not it succeeded: a database that is down at start is retried.
 */
export async function listenOnPostgres(url: string, channel: string, handlers: ListenHandlers): Promise<Subscription> {
  let state: ChannelState = 'reconnecting'
  let client: pg.Client | undefined
  let timer: NodeJS.Timeout | undefined
  let delay = FIRST_RETRY_MS
  let attempts = 0

  const retry = () => {
    if (state === 'stopped') return
    state = 'reconnecting'
    timer = setTimeout(() => void connect(), delay)
    // A process that is stopping must not be held up by a reconnection it no longer needs.
    timer.unref()
    delay = Math.min(delay * 2, MAX_RETRY_MS)
  }

  const connect = async () => {
    attempts++
    const candidate = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS })
    // The session's end is what matters, and `end` follows every error; without a listener an
    // error event would end the process.
    candidate.on('error', () => {})
    candidate.on('end', () => {
      if (client !== candidate) return
      client = undefined
      retry()
    })
    candidate.on('notification', (notice) => {
      if (notice.channel === channel) handlers.onMessage(notice.payload ?? '')
    })
    try {
      await candidate.connect()
      await candidate.query(`LISTEN ${pg.escapeIdentifier(channel)}`)
    } catch {
      await candidate.end().catch(() => {})
      retry()
      return
    }
    if (state === 'stopped') {
      await candidate.end().catch(() => {})
      return
    }
    client = candidate
    state = 'listening'
    delay = FIRST_RETRY_MS
    if (attempts > 1) handlers.onResubscribed?.()
  }

  await connect()
  return {
    get state() {
      return state
    },
    async stop() {
      state = 'stopped'
      clearTimeout(timer)
      const current = client
      client = undefined
      await current?.end()
    },
  }
}
