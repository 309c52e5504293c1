import type { Generated, Kysely, Selectable, Transaction } from 'kysely'
import type { Database } from '../db/database.js'
import type { ChainHead } from './chain-hash.js'

// The checkpoint table is the audit module's own, declared here as modules declare their JSON
// documents, so that src/db/database.ts needs no change for it.
declare module '../db/database.js' {
  interface Database {
    audit_checkpoints: AuditCheckpointTable
  }
}

/**
 * `seal`: the chain's head after a seal. `purge`: where the kept chain starts after a retention
 * purge (the last position removed and its hash, to which the first kept event links).
 */
export type CheckpointKind = 'seal' | 'purge'

export interface AuditCheckpointTable {
  id: Generated<number>
  at: Generated<Date>
  kind: CheckpointKind
  chain_seq: number
  hash: string
}
export type AuditCheckpoint = Selectable<AuditCheckpointTable>

/** The action of a retention purge's own audit event. */
export const PURGE_ACTION = 'audit.purge'

/** What the purge's audit event records: where the kept chain starts, and nothing personal. */
export interface PurgeDetails {
  /** The last chain position removed; the kept chain starts after it. */
  throughChainSeq: number
  /** Its hash, to which the first kept event links. */
  hash: string
  /** Events timed before this were due. */
  before: string
  events: number
}

type Reader = Kysely<Database> | Transaction<Database>

/** The latest checkpoint of a kind: for `seal`, the head the chain must reach. */
export async function latestCheckpoint(db: Reader, kind: CheckpointKind): Promise<AuditCheckpoint | undefined> {
  return db.selectFrom('audit_checkpoints').selectAll().where('kind', '=', kind).orderBy('chain_seq', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst()
}

export async function recordCheckpoint(trx: Transaction<Database>, kind: CheckpointKind, head: ChainHead): Promise<void> {
  await trx.insertInto('audit_checkpoints').values({ kind, chain_seq: head.chainSeq, hash: head.hash }).execute()
}

/** Checkpoints of the seals between two chain positions, inclusive, in chain order. */
export async function sealCheckpointsBetween(db: Reader, from: number, to: number): Promise<AuditCheckpoint[]> {
  return db
    .selectFrom('audit_checkpoints')
    .selectAll()
    .where('kind', '=', 'seal')
    .where('chain_seq', '>=', from)
    .where('chain_seq', '<=', to)
    .orderBy('chain_seq')
    .orderBy('id')
    .execute()
}

/** The first seal checkpoint after a chain position: the seal that covered the events up to it. */
export async function nextSealCheckpoint(db: Reader, after: number): Promise<AuditCheckpoint | undefined> {
  return db
    .selectFrom('audit_checkpoints')
    .selectAll()
    .where('kind', '=', 'seal')
    .where('chain_seq', '>', after)
    .orderBy('chain_seq')
    .limit(1)
    .executeTakeFirst()
}
