import { createHash } from 'node:crypto'
import { setTimeout as delay } from 'node:timers/promises'
import { CompiledQuery, type Kysely, type Transaction } from 'kysely'
import PgBoss from 'pg-boss'
import type { ExecuteSql } from '../db/connect.js'
import type { Database } from '../db/database.js'

const DEADLOCK_DETECTED = '40P01'
const DEADLOCK_ATTEMPTS = 5
// A start that failed is tried again after 0.5 s, doubling to 30 s.
const START_RETRY_FIRST_MS = 500
const START_RETRY_MAX_MS = 30_000

/** How a queue's jobs are retried: attempts after the first, and the first delay (doubling with back-off). */
export interface RetryPolicy {
  retryLimit: number
  retryDelaySeconds: number
  /** A job still running after this long is taken to have died with its process, and retried. */
  expireInSeconds: number
}

export type JobHandler<T> = (data: T) => Promise<void>

interface Registration {
  name: string
  policy: RetryPolicy
  handler: JobHandler<never>
  cron?: string
}

export interface JobQueueOptions {
  /** How often an idle worker looks for jobs another process queued (its own are picked up at once). */
  pollSeconds: number
  /** How long a stop waits for running jobs before failing them back to the queue (to be retried). */
  stopTimeoutMs: number
  onError: (error: unknown) => void
}

/**
 * Background jobs in the database, through pg-boss (docs/design.md §5): on PostgreSQL, and on
 * PGlite through the same `executeSql` adapter, so that one queue serves both and any number of
 * processes share it. A job is stored with its data, survives a restart, is retried with
 * back-off when its handler throws (or its process dies mid-run), and is sent at most once per
 * key: a retry of whatever sends it does not queue it twice.
 *
 * Queues and their handlers are declared while the app is built and started with it: a job sent
 * before then waits in the database.
 */
export class JobQueue {
  readonly #boss: PgBoss
  readonly #options: JobQueueOptions
  readonly #registrations: Registration[] = []
  // Queue name → this process's worker, woken when this process sends it a job.
  readonly #workers = new Map<string, string>()
  // pg-boss's SQL and our handlers under way, which a stop waits for before the database closes.
  readonly #running = new Set<Promise<unknown>>()
  #startRequested = false
  #retryTimer: NodeJS.Timeout | undefined
  #stopping = false
  #closed = false

  constructor(executeSql: ExecuteSql, options: JobQueueOptions) {
    this.#options = options
    // pg-boss marks a job done without awaiting it, so its last statement can still be under way
    // when its stop resolves: a stop waits for every statement, and once closed pg-boss's late
    // calls never settle, rather than reaching a database that is closing (or failing, unheard,
    // inside pg-boss, which would be an unhandled rejection).
    const guarded: ExecuteSql = (text, values) => (this.#closed ? new Promise<never>(() => {}) : this.#track(executeSql(text, values)))
    // Our own schedule and maintenance: pg-boss archives finished jobs and retries expired ones.
    this.#boss = new PgBoss({ db: { executeSql: guarded }, schema: 'pgboss', supervise: true, schedule: true, migrate: true })
    this.#boss.on('error', options.onError)
  }

  /** Declares a queue and this process's handler of its jobs; with `cron`, also sends it one on that schedule (UTC). */
  define<T extends object>(name: string, policy: RetryPolicy, handler: JobHandler<T>, options: { cron?: string } = {}): void {
    if (this.#startRequested) throw new Error(`queue ${name} declared after the job queue started`)
    this.#registrations.push({ name, policy, handler: handler, ...(options.cron ? { cron: options.cron } : {}) })
  }

  /**
   * Starts taking jobs. A failure (the database unreachable, or two processes creating the same
   * queue at once and deadlocking) does not stop the service: it is reported and the start is
   * tried again with back-off, meanwhile jobs wait in the database.
   */
  async start(): Promise<void> {
    this.#startRequested = true
    // Processes starting together (WORKERS > 1) create the same queues at once; PostgreSQL may
    // abort one as a deadlock, and trying again at once is the remedy it documents.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#startOnce()
      } catch (error) {
        if ((error as { code?: unknown }).code === DEADLOCK_DETECTED && attempt < DEADLOCK_ATTEMPTS) continue
        return this.#retryStart(error, 1)
      }
    }
  }

  #retryStart(error: unknown, attempt: number): void {
    this.#options.onError(error)
    if (this.#stopping) return
    this.#retryTimer = setTimeout(
      () => void this.#startOnce().catch((next: unknown) => this.#retryStart(next, attempt + 1)),
      Math.min(START_RETRY_MAX_MS, START_RETRY_FIRST_MS * 2 ** (attempt - 1)),
    )
    this.#retryTimer.unref()
  }

  // Each step is idempotent, so that a start retried after a partial one picks up where it stopped.
  async #startOnce(): Promise<void> {
    if (this.#stopping) return
    await this.#boss.start()
    for (const { name, policy, handler, cron } of this.#registrations) {
      if (this.#workers.has(name)) continue
      const options: PgBoss.Queue = {
        name,
        policy: 'standard',
        retryLimit: policy.retryLimit,
        retryDelay: policy.retryDelaySeconds,
        retryBackoff: true,
        expireInSeconds: policy.expireInSeconds,
      }
      await this.#boss.createQueue(name, options)
      // createQueue leaves an existing queue as it was first made: a policy changed in the
      // configuration since then (WEBHOOK_MAX_ATTEMPTS, say) applies from this start on.
      await this.#boss.updateQueue(name, options)
      if (cron) await this.#boss.schedule(name, cron, {}, { tz: 'UTC' })
      const worker = await this.#boss.work<object>(name, { pollingIntervalSeconds: this.#options.pollSeconds, batchSize: 1 }, async ([job]) => {
        if (!job) return
        // Taken by a fetch under way as the queue stopped: back to the queue, to be retried.
        if (this.#stopping) throw new Error('the job queue is stopping')
        await this.#track(handler(job.data as never))
      })
      this.#workers.set(name, worker)
    }
  }

  /**
   * Queues a job, once per key (another send with the same key while the first is kept is
   * ignored). Within `trx` it is queued with that transaction's work, or not at all: wake the
   * queue once the transaction has committed, or the job waits for the next poll.
   */
  async send(name: string, data: object, key: string, trx?: Kysely<Database> | Transaction<Database>): Promise<void> {
    const options: PgBoss.SendOptions = { id: jobIdFor(name, key) }
    if (trx) options.db = { executeSql: (text, values) => trx.executeQuery(CompiledQuery.raw(text, values ?? [])) }
    await this.#boss.send(name, data, options)
    if (!trx) this.wake(name)
  }

  /** Tells this process's worker of a queue to look now rather than at its next poll. */
  wake(name: string): void {
    const worker = this.#workers.get(name)
    if (worker) this.#boss.notifyWorker(worker)
  }

  #track<T>(work: Promise<T>): Promise<T> {
    this.#running.add(work)
    void work.then(
      () => this.#running.delete(work),
      () => this.#running.delete(work),
    )
    return work
  }

  /** Stops taking jobs; running ones get `stopTimeoutMs` to finish, then go back to the queue. */
  async stop(): Promise<void> {
    if (!this.#startRequested || this.#stopping) return
    this.#stopping = true
    clearTimeout(this.#retryTimer)
    const deadline = Date.now() + this.#options.stopTimeoutMs
    await this.#boss.stop({ graceful: true, close: false, wait: true, timeout: this.#options.stopTimeoutMs })
    // A handler past the deadline has been failed back to the queue by pg-boss; it is not waited for.
    while (this.#running.size > 0 && Date.now() < deadline) {
      await Promise.race([Promise.allSettled([...this.#running]), delay(Math.max(0, deadline - Date.now()), undefined, { ref: false })])
    }
    this.#closed = true
  }
}

/** A job's id from its queue and key, as a UUID (pg-boss's id type): the same key, the same id. */
function jobIdFor(name: string, key: string): string {
  const hex = createHash('sha256').update(`${name}\n${key}`).digest('hex')
  // Version 5-style layout: the variant and version digits make it a well-formed UUID.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}
