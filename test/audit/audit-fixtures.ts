import { sql, type Kysely, type Transaction } from 'kysely'
import { auditRow, type AuditEntry } from '../../src/audit/audit-log.js'
import { sealAuditChain } from '../../src/audit/seal-audit-chain.js'
import type { Database } from '../../src/db/database.js'

/** An event with every optional field set, so that an edit of any of them can be tried. */
export function entry(i: number): AuditEntry {
  return {
    actor: `user-${i}`,
    orgId: 'org-a',
    action: 'test.write',
    targetType: 'test',
    targetId: `t-${i}`,
    requestId: `req-${i}`,
    purpose: 'checking',
    details: { i, nested: { b: 1, a: [2, 3] } },
  }
}

/** Appends events as the service does: committed first, sealed later. */
export async function writeEvents(db: Kysely<Database>, from: number, count: number, at?: (i: number) => Date): Promise<void> {
  const rows = Array.from({ length: count }, (_, k) => auditRow(entry(from + k), at?.(from + k)))
  await db.insertInto('audit_events').values(rows).execute()
}

/**
 * A chain of 8 events sealed in three rounds (checkpoints at 3, 6 and 8), as the service leaves
 * it after a few seconds of work.
 */
export async function sealedChain(db: Kysely<Database>): Promise<void> {
  for (const [from, count] of [
    [1, 3],
    [4, 3],
    [7, 2],
  ] as const) {
    await writeEvents(db, from, count)
    await sealAuditChain(db)
  }
}

/**
 * Runs statements as a superuser who has switched the audit triggers off (replica mode skips
 * ordinary triggers): what verification has to catch without their help.
 */
export async function asSuperuserWithoutTriggers(db: Kysely<Database>, work: (trx: Transaction<Database>) => Promise<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx)
    await work(trx)
  })
}

/** Where each problem was found, in the order reported: `kind@chainSeq` or `kind#seq`. */
export function located(result: { problems: { kind: string; chainSeq?: number; seq?: number }[] }): string[] {
  return result.problems.map((p) => (p.chainSeq !== undefined ? `${p.kind}@${p.chainSeq}` : `${p.kind}#${p.seq}`))
}
