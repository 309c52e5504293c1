import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database } from '../db/database.js'
import { latestCheckpoint, nextSealCheckpoint, PURGE_ACTION, sealCheckpointsBetween, type AuditCheckpoint, type PurgeDetails } from './audit-checkpoints.js'
import { atToTheMicrosecond, chainHash, GENESIS_HASH, type ChainHead } from './chain-hash.js'

/**
 * How far an event's time may lie before that of an event sealed ahead of it, or after the seal
 * that checkpointed it: events are timed by the process that writes them, just before commit,
 * and sealed within seconds. An event beyond it was back-dated (or forward-dated) when written.
 */
const AUDIT_TIME_TOLERANCE_MS = 5 * 60 * 1000

export type AuditProblemKind =
  /** Events absent between two that remain. */
  | 'missing'
  /** An event's previous hash is not the hash of the event before it. */
  | 'broken_link'
  /** An event's fields (or its links) no longer give its hash. */
  | 'altered'
  /** An event's hash differs from the one checkpointed for its position: the chain was rewritten up to here. */
  | 'checkpoint_mismatch'
  /** The chain ends before the last checkpoint (or a checkpoint given from the log). */
  | 'truncated'
  /** Events sealed after the last checkpoint: not sealed by the service. */
  | 'beyond_checkpoint'
  /** An event timed well before one sealed ahead of it: inserted later, back-dated. */
  | 'back_dated'
  /** An event timed well after the seal that checkpointed it. */
  | 'forward_dated'
  /** Sealed events at or before where the kept chain starts: not removed by a purge, or put back. */
  | 'before_start'
  /** The purge checkpoint the chain starts from has no purge event recording it. */
  | 'purge_unrecorded'
  /** A pending event that carries chain fields: it was sealed once and un-sealed. */
  | 'unsealed'

/** Where: `chainSeq` for a position in the chain, `seq` (the row's id) for a pending event. Never personal data. */
export interface AuditProblem {
  kind: AuditProblemKind
  chainSeq?: number
  seq?: number
  detail: string
}

export interface AuditVerification {
  ok: boolean
  /** The first chain position kept (1, or the one after the last purge). */
  from: number
  /** Sealed events checked. */
  events: number
  /** The last checkpointed head. */
  head: ChainHead | null
  /** Events committed but not sealed yet: reported, never sealed by verification. */
  pending: number
  problems: AuditProblem[]
}

export interface VerifyOptions {
  /** Heads copied from the log (`audit chain sealed` lines), held to as well as the table's checkpoints. */
  expect?: readonly ChainHead[]
}

const PAGE = 1000
const MAX_PROBLEMS = 100

/**
 * Walks the audit trail in a read-only snapshot and reports every problem it finds, located. It
 * never writes. It holds the chain against the checkpoints (and any heads given from the log), so
 * that it catches what triggers cannot stop: a superuser deleting the last events, inserting
 * forged ones, or un-sealing, editing and re-sealing events.
 */
export async function verifyAuditTrail(db: Kysely<Database>, options: VerifyOptions = {}): Promise<AuditVerification> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute((trx) => verifyIn(trx, options.expect ?? []))
}

async function verifyIn(trx: Transaction<Database>, expected: readonly ChainHead[]): Promise<AuditVerification> {
  const problems: AuditProblem[] = []
  const report = (problem: AuditProblem) => void (problems.length < MAX_PROBLEMS && problems.push(problem))
  const purge = await latestCheckpoint(trx, 'purge')
  const sealHead = await latestCheckpoint(trx, 'seal')
  const start = purge?.chain_seq ?? 0
  const external = expected.filter((h) => h.chainSeq > start)
  let purgeRecorded = !purge
  let expectedSeq = start + 1
  let prevHash = purge?.hash ?? GENESIS_HASH
  let latestAt = -Infinity
  let lastMatched = purge ? `the purge checkpoint at ${start}` : 'the start of the chain'
  let events = 0
  for (;;) {
    const page = await trx
      .selectFrom('audit_events')
      .select(['seq', 'chain_seq', 'prev_hash', 'hash', 'actor', 'org_id', 'action', 'target_type', 'target_id', 'request_id', 'purpose', 'details', 'at'])
      .select(atToTheMicrosecond.as('at_text'))
      .where('chain_seq', '>=', expectedSeq)
      .orderBy('chain_seq')
      .limit(PAGE)
      .execute()
    if (page.length === 0) break
    const first = page[0]!.chain_seq!
    const last = page[page.length - 1]!.chain_seq!
    const checkpoints = [...(await sealCheckpointsBetween(trx, first, last)), ...externalCheckpoints(external, first, last)]
    const after = await nextSealCheckpoint(trx, last)
    const unreadable = await detailsBeyondJavaScript(trx, page)
    for (const event of page) {
      const chainSeq = event.chain_seq!
      events++
      if (chainSeq > expectedSeq) {
        report({ kind: 'missing', chainSeq: expectedSeq, detail: `${eventRange(expectedSeq, chainSeq - 1)} missing from the chain` })
      } else if (event.prev_hash !== prevHash) {
        report({ kind: 'broken_link', chainSeq, detail: `event ${chainSeq} does not link to the hash of event ${chainSeq - 1}` })
      }
      if (event.hash !== chainHash(event.prev_hash ?? '', chainSeq, event) || unreadable.has(chainSeq)) {
        report({ kind: 'altered', chainSeq, detail: `event ${chainSeq} was changed after it was sealed: its fields no longer give its hash` })
      }
      for (const checkpoint of checkpoints.filter((c) => c.chain_seq === chainSeq)) {
        if (checkpoint.hash === event.hash) lastMatched = `the checkpoint at ${chainSeq}`
        else {
          report({
            kind: 'checkpoint_mismatch',
            chainSeq,
            detail: `event ${chainSeq} differs from its ${checkpoint.id < 0 ? 'logged head' : 'checkpoint'}: the chain was rewritten between ${lastMatched} and here`,
          })
        }
      }
      const at = event.at.getTime()
      if (at < latestAt - AUDIT_TIME_TOLERANCE_MS) {
        report({ kind: 'back_dated', chainSeq, detail: `event ${chainSeq} is timed ${event.at_text}, well before events sealed ahead of it` })
      }
      latestAt = Math.max(latestAt, at)
      const coveredBy = checkpoints.find((c) => c.id > 0 && c.chain_seq >= chainSeq) ?? after
      if (coveredBy && at > coveredBy.at.getTime() + AUDIT_TIME_TOLERANCE_MS) {
        report({ kind: 'forward_dated', chainSeq, detail: `event ${chainSeq} is timed ${event.at_text}, after the seal that checkpointed it` })
      }
      if (purge && event.action === PURGE_ACTION && recordsPurge(event.details, purge)) purgeRecorded = true
      prevHash = event.hash ?? ''
      expectedSeq = chainSeq + 1
    }
    if (page.length < PAGE) break
  }
  const lastSeq = expectedSeq - 1
  const headSeq = Math.max(sealHead?.chain_seq ?? 0, ...external.map((h) => h.chainSeq))
  if (headSeq > lastSeq) {
    report({ kind: 'truncated', chainSeq: lastSeq + 1, detail: `${eventRange(lastSeq + 1, headSeq)} missing from the end of the chain` })
  } else if (lastSeq > Math.max(headSeq, start)) {
    const from = Math.max(headSeq, start) + 1
    report({ kind: 'beyond_checkpoint', chainSeq: from, detail: `${eventRange(from, lastSeq)} sealed after the last checkpoint` })
  }
  await checkBeforeStart(trx, start, report)
  const pending = await checkPending(trx, latestAt, report)
  if (purge && !purgeRecorded && !(await purgePending(trx, purge))) {
    report({ kind: 'purge_unrecorded', chainSeq: start, detail: `the chain starts after ${start}, but no purge event records a purge to there` })
  }
  return {
    ok: problems.length === 0,
    from: start + 1,
    events,
    head: sealHead ? { chainSeq: sealHead.chain_seq, hash: sealHead.hash } : null,
    pending,
    problems,
  }
}

// Heads from the log, shaped as checkpoints (negative ids tell them apart in messages).
function externalCheckpoints(heads: readonly ChainHead[], from: number, to: number): AuditCheckpoint[] {
  return heads
    .filter((h) => h.chainSeq >= from && h.chainSeq <= to)
    .map((h, i) => ({ id: -1 - i, at: new Date(8.64e15), kind: 'seal', chain_seq: h.chainSeq, hash: h.hash }))
}

/**
 * The hash is taken over the details as JavaScript reads them, and a JSON number it cannot hold
 * (1.0000000000000001, 2^53 + 1) reads as its neighbour. The service never writes one: events
 * whose details the database does not find equal to what was read are counted as altered.
 */
async function detailsBeyondJavaScript(trx: Transaction<Database>, page: readonly { chain_seq: number | null; details: unknown }[]): Promise<Set<number>> {
  const read = JSON.stringify(page.map((e) => ({ chain_seq: e.chain_seq, details: e.details })))
  const { rows } = await sql<{ chain_seq: number }>`select a.chain_seq from audit_events a
    join jsonb_to_recordset(${read}::jsonb) as r(chain_seq bigint, details jsonb) on a.chain_seq = r.chain_seq
    where a.details <> r.details`.execute(trx)
  return new Set(rows.map((r) => Number(r.chain_seq)))
}

function recordsPurge(details: Record<string, unknown>, purge: AuditCheckpoint): boolean {
  const recorded = details as Partial<PurgeDetails>
  return recorded.throughChainSeq === purge.chain_seq && recorded.hash === purge.hash
}

async function purgePending(trx: Transaction<Database>, purge: AuditCheckpoint): Promise<boolean> {
  const events = await trx.selectFrom('audit_events').select('details').where('chain_seq', 'is', null).where('action', '=', PURGE_ACTION).execute()
  return events.some((e) => recordsPurge(e.details, purge))
}

async function checkBeforeStart(trx: Transaction<Database>, start: number, report: (p: AuditProblem) => void): Promise<void> {
  if (start === 0) return
  const leftover = await trx
    .selectFrom('audit_events')
    .select((eb) => [eb.fn.min('chain_seq').as('first'), eb.fn.countAll<number>().as('count')])
    .where('chain_seq', '<=', start)
    .executeTakeFirstOrThrow()
  if (Number(leftover.count) > 0) {
    const first = Number(leftover.first)
    report({
      kind: 'before_start',
      chainSeq: first,
      detail: `${leftover.count} sealed events from ${first} lie before the kept chain, which starts after ${start}`,
    })
  }
}

/** Counts the pending events; reports those that were un-sealed, or back-dated behind the chain. */
async function checkPending(trx: Transaction<Database>, latestAt: number, report: (p: AuditProblem) => void): Promise<number> {
  const { count } = await trx
    .selectFrom('audit_events')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('chain_seq', 'is', null)
    .executeTakeFirstOrThrow()
  if (Number(count) === 0) return 0
  // With no event in the chain there is nothing to be back-dated behind.
  const threshold = Number.isFinite(latestAt) ? new Date(latestAt - AUDIT_TIME_TOLERANCE_MS) : undefined
  const suspects = await trx
    .selectFrom('audit_events')
    .select(['seq', 'hash', 'prev_hash'])
    .select(atToTheMicrosecond.as('at_text'))
    .where('chain_seq', 'is', null)
    .where((eb) => eb.or([eb('hash', 'is not', null), eb('prev_hash', 'is not', null), ...(threshold ? [eb('at', '<', threshold)] : [])]))
    .orderBy('seq')
    .limit(MAX_PROBLEMS)
    .execute()
  for (const event of suspects) {
    if (event.hash !== null || event.prev_hash !== null) {
      report({ kind: 'unsealed', seq: event.seq, detail: `pending event ${event.seq} carries a hash: it was sealed once and un-sealed` })
    } else {
      report({ kind: 'back_dated', seq: event.seq, detail: `pending event ${event.seq} is timed ${event.at_text}, well before the chain's last event` })
    }
  }
  return Number(count)
}

function eventRange(from: number, to: number): string {
  return from === to ? `event ${from} is` : `events ${from} to ${to} are`
}
