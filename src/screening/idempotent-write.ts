import type { Kysely, Transaction } from 'kysely'
import { ConcurrentBatcher } from '../db/concurrent-batcher.js'
import type { Database } from '../db/database.js'
import { claimIdempotencyKeys, idempotencyKeyOf, requestHash, type ClaimOutcome, type KeyClaim, type StoredResponse } from './idempotency.js'
import { storeScreenings, type StoredScreenings } from './screening-repository.js'

/** A write and the response it answers with, once: `route` and `body` identify a retry of it. */
export interface IdempotentRequest {
  orgId: string
  /** The Idempotency-Key header as sent, checked here; none, and the write is simply done. */
  idempotencyKey: string | string[] | undefined
  route: string
  body: unknown
  response: StoredResponse
}

/** The response to send: this request's own, or, for a retry, the one first sent (`replayed`). */
export interface IdempotentOutcome {
  response: StoredResponse
  replayed: boolean
}

// Concurrent requests share their round trips to the database (see ConcurrentBatcher).
const BATCHING = { maxBatch: 100, maxInFlight: 2 }

/**
 * Does a write (or stores screenings) and claims its Idempotency-Key, with the response, in the
 * same transaction: a retry, or a request racing this one, gets that response back and nothing
 * is done twice. Screenings of concurrent requests share their transactions; other work has a
 * transaction of its own.
 */
export class IdempotentWriter {
  readonly #db: Kysely<Database>
  readonly #ttlHours: number
  readonly #writer: ConcurrentBatcher<StoredScreenings, undefined>
  // With Idempotency-Keys: the keys of several requests are claimed, and the screenings of those
  // that hold theirs stored, in one transaction.
  readonly #keyedWriter: ConcurrentBatcher<StoredScreenings & { claim: KeyClaim; response: StoredResponse }, ClaimOutcome>

  constructor(db: Kysely<Database>, idempotencyTtlHours: number) {
    this.#db = db
    this.#ttlHours = idempotencyTtlHours
    this.#writer = new ConcurrentBatcher(async (requests) => {
      await storeScreenings(db, requests)
      return requests.map(() => undefined)
    }, BATCHING)
    this.#keyedWriter = new ConcurrentBatcher(
      (requests) =>
        db.transaction().execute(async (trx) => {
          const outcomes = await claimIdempotencyKeys(trx, requests)
          await storeScreenings(
            trx,
            requests.filter((_, i) => outcomes[i]!.claimed),
          )
          return outcomes
        }),
      BATCHING,
    )
  }

  /** Stores the screenings of one request. */
  async storeScreenings(request: IdempotentRequest, screenings: StoredScreenings): Promise<IdempotentOutcome> {
    const claim = this.#claimOf(request)
    if (!claim) {
      await this.#writer.submit(screenings)
      return { response: request.response, replayed: false }
    }
    return outcomeOf(request, await this.#keyedWriter.submit({ ...screenings, claim, response: request.response }))
  }

  /** Runs `work` in a transaction of its own. */
  async run(request: IdempotentRequest, work: (trx: Transaction<Database>) => Promise<void>): Promise<IdempotentOutcome> {
    const claim = this.#claimOf(request)
    if (!claim) {
      await this.#db.transaction().execute(work)
      return { response: request.response, replayed: false }
    }
    const outcome = await this.#db.transaction().execute(async (trx) => {
      const [own] = await claimIdempotencyKeys(trx, [{ claim, response: request.response }])
      if (own!.claimed) await work(trx)
      return own!
    })
    return outcomeOf(request, outcome)
  }

  #claimOf(request: IdempotentRequest): KeyClaim | undefined {
    const key = idempotencyKeyOf(request.idempotencyKey)
    return key === undefined
      ? undefined
      : { orgId: request.orgId, key, route: request.route, hash: requestHash(request.route, request.body), ttlHours: this.#ttlHours }
  }
}

function outcomeOf(request: IdempotentRequest, outcome: ClaimOutcome): IdempotentOutcome {
  if ('error' in outcome) throw outcome.error
  return outcome.claimed ? { response: request.response, replayed: false } : { response: outcome.replay, replayed: true }
}
