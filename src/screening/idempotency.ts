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

/**
 * Claims the key, storing the response it will answer with, inside the caller's transaction.
 * Returns undefined when this request holds the key (go on and store the work), or the response
 * stored by the request that did. A concurrent request with the same key waits on the row until
 * the first commits, then gets its response. A key whose time has run out is claimed afresh.
 */
export async function claimIdempotencyKey(
  trx: Transaction<Database>,
  claim: { orgId: string; key: string; route: string; hash: string; ttlHours: number },
  response: StoredResponse,
): Promise<StoredResponse | undefined> {
  await trx
    .deleteFrom('idempotency_keys')
    .where('org_id', '=', claim.orgId)
    .where('key', '=', claim.key)
    .where('expires_at', '<=', sql<Date>`now()`)
    .execute()
  const inserted = await trx
    .insertInto('idempotency_keys')
    .values({
      org_id: claim.orgId,
      key: claim.key,
      route: claim.route,
      request_hash: claim.hash,
      status: response.status,
      response: JSON.stringify(response.body),
      location: response.location,
      expires_at: new Date(Date.now() + claim.ttlHours * 3_600_000),
    })
    .onConflict((oc) => oc.columns(['org_id', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst()
  if (inserted) return undefined
  const existing = await trx.selectFrom('idempotency_keys').selectAll().where('org_id', '=', claim.orgId).where('key', '=', claim.key).executeTakeFirstOrThrow()
  if (existing.route !== claim.route || existing.request_hash !== claim.hash) {
    throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used with a different request; use a new key', { field: 'Idempotency-Key' })
  }
  return { status: existing.status, body: existing.response, location: existing.location }
}

/** Forgets keys whose time has run out. */
export async function purgeExpiredIdempotencyKeys(db: Kysely<Database>): Promise<number> {
  const result = await db
    .deleteFrom('idempotency_keys')
    .where('expires_at', '<=', sql<Date>`now()`)
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}
