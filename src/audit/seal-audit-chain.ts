import { setImmediate } from 'node:timers/promises'
import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database } from '../db/database.js'
import { latestCheckpoint, recordCheckpoint } from './audit-checkpoints.js'
import { atToTheMicrosecond, chainHash, GENESIS_HASH, type ChainHead } from './chain-hash.js'

// Only one sealer (or purge) at a time, across all processes.
export const AUDIT_CHAIN_LOCK = 7_300_451
// Events sealed per round; a backlog is worked off over several rounds.
const SEAL_BATCH = 5_000
const HASHES_PER_TURN = 100

export interface SealOptions {
  /** Told the new head after each seal commits: the plugin logs it, so that a copy lives outside the database. */
  onCheckpoint?: (head: ChainHead, sealed: number) => void
}

/**
 * Links committed, unsealed events into the hash chain: each gets the next chain position, the
 * previous event's hash and its own hash over its fields, and the new head is checkpointed in the
 * same transaction. Returns how many it sealed; 0 when another process holds the lock.
 */
export async function sealAuditChain(db: Kysely<Database>, options: SealOptions = {}): Promise<number> {
  const head = await db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(${AUDIT_CHAIN_LOCK}) as locked`.execute(trx)
    if (!rows[0]?.locked) return undefined
    const pending = await trx
      .selectFrom('audit_events')
      .select(['seq', 'actor', 'org_id', 'action', 'target_type', 'target_id', 'request_id', 'purpose', 'details', atToTheMicrosecond.as('at_text')])
      .where('chain_seq', 'is', null)
      .orderBy('seq')
      .limit(SEAL_BATCH)
      .execute()
    if (pending.length === 0) return undefined
    let { chainSeq, hash: prevHash } = await headToExtend(trx)
    const sealed: { seq: number; chain_seq: number; prev_hash: string; hash: string }[] = []
    for (const event of pending) {
      // A busy second leaves a thousand events: hashing them in one go would hold up requests.
      if (sealed.length > 0 && sealed.length % HASHES_PER_TURN === 0) await setImmediate()
      chainSeq += 1
      const hash = chainHash(prevHash, chainSeq, event)
      sealed.push({ seq: event.seq, chain_seq: chainSeq, prev_hash: prevHash, hash })
      prevHash = hash
    }
    await sql`update audit_events a set chain_seq = s.chain_seq, prev_hash = s.prev_hash, hash = s.hash
      from jsonb_to_recordset(${JSON.stringify(sealed)}::jsonb) as s(seq bigint, chain_seq bigint, prev_hash text, hash text)
      where a.seq = s.seq`.execute(trx)
    const newHead = { chainSeq, hash: prevHash }
    await recordCheckpoint(trx, 'seal', newHead)
    return { head: newHead, sealed: sealed.length }
  })
  if (!head) return 0
  options.onCheckpoint?.(head.head, head.sealed)
  return head.sealed
}

/**
 * Where new events are chained on: the last checkpoint, not the table's last sealed row, so that
 * deleting the last events leaves a gap that verification finds instead of a chain that closes
 * over it. Events sealed beyond the checkpoint were not sealed here: sealing stops (and the
 * service logs AUDIT_SEALED_BEYOND_CHECKPOINT every round) rather than chain on from them.
 */
async function headToExtend(trx: Transaction<Database>): Promise<ChainHead> {
  const checkpoint = await latestCheckpoint(trx, 'seal')
  const last = await trx
    .selectFrom('audit_events')
    .select(['chain_seq', 'hash'])
    .where('chain_seq', 'is not', null)
    .orderBy('chain_seq', 'desc')
    .limit(1)
    .executeTakeFirst()
  if (!checkpoint) return { chainSeq: last?.chain_seq ?? 0, hash: last?.hash ?? GENESIS_HASH }
  if (last?.chain_seq && last.chain_seq > checkpoint.chain_seq) {
    // A code, since logs keep an error's code and not its message: the log says why sealing stopped.
    throw Object.assign(
      new Error(
        `audit events are sealed beyond the last checkpoint (chain position ${last.chain_seq} > ${checkpoint.chain_seq}): nothing more is sealed until an operator has verified the chain and resolved it`,
      ),
      { code: 'AUDIT_SEALED_BEYOND_CHECKPOINT' },
    )
  }
  return { chainSeq: checkpoint.chain_seq, hash: checkpoint.hash }
}
