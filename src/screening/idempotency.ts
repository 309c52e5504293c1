import { createHash } from 'node:crypto'
import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database } from '../db/database.js'
import { AppError } from '../errors.js'

const MAX_IDEMPOTENCY_KEY_LENGTH = 200

export interface StoredResponse {
  status: number
  body: unknown
  location: string | null
}

/** The header, checked; undefined when the caller sent none. */
export function idempotencyKeyOf(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined
  const key = Array.isArray(header) ? header[0] : header
  if (!key || key.length > MAX_IDEMPOTENCY_KEY_LENGTH || !/^[\x21-\x7e]+$/.test(key)) {
    throw new AppError('VALIDATION_FAILED', `Idempotency-Key must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} visible ASCII characters`, {
      field: 'Idempotency-Key',
      errors: [{ field: 'Idempotency-Key', code: 'invalid_idempotency_key', message: `must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} visible ASCII characters` }],
    })
  }
  return key
}

export function requestHash(route: string, body: unknown): string {
  return createHash('sha256').update(route).update('\n').update(JSON.stringify(body)).digest('hex')
}

export interface KeyClaim {
  orgId: string
  key: string
  route: string
  hash: string
  ttlHours: number
}

/** What became of a claim: this request holds the key, or gets the stored response, or reused the key wrongly. */
export type ClaimOutcome = { claimed: true } | { claimed: false; replay: StoredResponse } | { claimed: false; error: AppError }

function keyReused(): AppError {
  return new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used with a different request; use a new key', { field: 'Idempotency-Key' })
}

/**
 * Claims each request's key, storing the response it will answer with, inside the caller's
 * transaction: `claimed` when the request holds its key (go on and do the work), else the
 * response stored by the request that did, or an error when the key came with another request.
 * A concurrent request with the same key waits on the row until the first commits, then gets
 * its response; a key whose time has run out is claimed afresh. Several requests batched into
 * one transaction are claimed together, in one order (organisation, key), so that two batches
 * never wait on each other's keys in a cycle. When a batch holds one key twice, the first request
 * claims it and the other gets its response, as if it had come just after.
 */
export async function claimIdempotencyKeys(
  trx: Transaction<Database>,
  requests: readonly { claim: KeyClaim; response: StoredResponse }[],
): Promise<ClaimOutcome[]> {
  const idOf = (c: KeyClaim) => `${c.orgId}\n${c.key}`
  const first = new Map<string, number>()
  requests.forEach(({ claim }, i) => {
    if (!first.has(idOf(claim))) first.set(idOf(claim), i)
  })
  const distinct = [...first.values()].map((i) => requests[i]!).sort((x, y) => (idOf(x.claim) < idOf(y.claim) ? -1 : 1))
  const inserted = await trx
    .insertInto('idempotency_keys')
    .values(
      distinct.map(({ claim, response }) => ({
        org_id: claim.orgId,
        key: claim.key,
        route: claim.route,
        request_hash: claim.hash,
        status: response.status,
        response: JSON.stringify(response.body),
        location: response.location,
        expires_at: new Date(Date.now() + claim.ttlHours * 3_600_000),
      })),
    )
    // A key whose time has run out is taken over in the same statement; a live one is left as it is.
    .onConflict((oc) =>
      oc
        .columns(['org_id', 'key'])
        .doUpdateSet((eb) => ({
          route: eb.ref('excluded.route'),
          request_hash: eb.ref('excluded.request_hash'),
          status: eb.ref('excluded.status'),
          response: eb.ref('excluded.response'),
          location: eb.ref('excluded.location'),
          expires_at: eb.ref('excluded.expires_at'),
        }))
        .where('idempotency_keys.expires_at', '<=', sql<Date>`now()`),
    )
    .returning(['org_id', 'key'])
    .execute()
  const claimedIds = new Set(inserted.map((r) => `${r.org_id}\n${r.key}`))
  const held = distinct.filter(({ claim }) => !claimedIds.has(idOf(claim)))
  const existing =
    held.length === 0
      ? []
      : await trx
          .selectFrom('idempotency_keys')
          .selectAll()
          .where((eb) =>
            eb(
              eb.refTuple('org_id', 'key'),
              'in',
              held.map(({ claim }) => eb.tuple(claim.orgId, claim.key)),
            ),
          )
          .execute()
  const stored = new Map(existing.map((row) => [`${row.org_id}\n${row.key}`, row]))
  return requests.map(({ claim }, i): ClaimOutcome => {
    const id = idOf(claim)
    const holder = requests[first.get(id)!]!
    if (claimedIds.has(id)) {
      if (i === first.get(id)) return { claimed: true }
      // The same key earlier in this batch: as a retry arriving just after it.
      if (holder.claim.route !== claim.route || holder.claim.hash !== claim.hash) return { claimed: false, error: keyReused() }
      return { claimed: false, replay: holder.response }
    }
    const row = stored.get(id)
    // Only the hourly purge removes a held key, and only an expired one: the batch is retried.
    if (row === undefined) throw new Error('An idempotency key was purged while being claimed')
    if (row.route !== claim.route || row.request_hash !== claim.hash) return { claimed: false, error: keyReused() }
    return { claimed: false, replay: { status: row.status, body: row.response, location: row.location } }
  })
}

/** Forgets keys whose time has run out. */
export async function purgeExpiredIdempotencyKeys(db: Kysely<Database>): Promise<number> {
  const result = await db
    .deleteFrom('idempotency_keys')
    .where('expires_at', '<=', sql<Date>`now()`)
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}
