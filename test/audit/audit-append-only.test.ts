// The database refuses changes to the audit trail: a pending event can only be sealed, a sealed
// one never changes, and only a retention purge (its transaction marked) deletes, a prefix only.
import { sql, type Kysely } from 'kysely'
import { sealAuditChain } from '../../src/audit/seal-audit-chain.js'
import type { Database } from '../../src/db/database.js'
import { onEachDatabaseOnly } from '../helpers/test-app.js'
import { writeEvents } from './audit-fixtures.js'

const refused = { code: '42501', message: /audit records are append-only/ }

onEachDatabaseOnly('sealed events and checkpoints cannot be updated, deleted or truncated', async (t, { db }) => {
  await writeEvents(db, 1, 3)
  t.equal(await sealAuditChain(db), 3, 'pending events can be sealed')
  const statements = {
    'an edit of a sealed event': sql`update audit_events set actor = 'someone-else' where chain_seq = 2`,
    'a change of its time by a microsecond': sql`update audit_events set at = at + interval '1 microsecond' where chain_seq = 2`,
    'a change of its hash': sql`update audit_events set hash = repeat('0', 64) where chain_seq = 2`,
    'un-sealing it': sql`update audit_events set chain_seq = null, prev_hash = null, hash = null where chain_seq = 3`,
    'deleting it': sql`delete from audit_events where chain_seq = 3`,
    'truncating the events': sql`truncate audit_events`,
    'an edit of a checkpoint': sql`update audit_checkpoints set hash = repeat('0', 64)`,
    'deleting a checkpoint': sql`delete from audit_checkpoints`,
    'truncating the checkpoints': sql`truncate audit_checkpoints`,
  }
  for (const [what, statement] of Object.entries(statements)) await t.rejects(statement.execute(db), refused, `${what} is refused`)
  t.equal(await count(db, sql`chain_seq is not null`), 3, 'all three events are still there')
})

onEachDatabaseOnly('a pending event can only be sealed: not edited, not deleted, not sealed with other changes', async (t, { db }) => {
  await writeEvents(db, 1, 1)
  await t.rejects(sql`update audit_events set actor = 'someone-else'`.execute(db), refused, 'an edit is refused')
  await t.rejects(sql`delete from audit_events`.execute(db), refused, 'a delete is refused')
  await t.rejects(
    sql`update audit_events set chain_seq = 1, prev_hash = repeat('0', 64), hash = 'h', purpose = 'other'`.execute(db),
    refused,
    'sealing that changes a field too is refused',
  )
  await t.rejects(sql`update audit_events set chain_seq = 1`.execute(db), refused, 'sealing without the hashes is refused')
  t.equal(await sealAuditChain(db), 1, 'the sealer seals it')
})

onEachDatabaseOnly('inside a purge, only sealed events up to the marked position can be deleted', async (t, { db }) => {
  await writeEvents(db, 1, 3)
  await sealAuditChain(db)
  await writeEvents(db, 4, 1)
  await db.transaction().execute(async (trx) => {
    await sql`select set_config('bidscreen.audit_purge_through', '2', true)`.execute(trx)
    const removed = await trx.deleteFrom('audit_events').where('chain_seq', '<=', 2).executeTakeFirst()
    t.equal(Number(removed.numDeletedRows), 2, 'the prefix up to the mark is deleted')
  })
  for (const [what, statement] of Object.entries({
    'an event after the mark': sql`delete from audit_events where chain_seq = 3`,
    'a pending event': sql`delete from audit_events where chain_seq is null`,
  })) {
    await t.rejects(
      db.transaction().execute(async (trx) => {
        await sql`select set_config('bidscreen.audit_purge_through', '2', true)`.execute(trx)
        await statement.execute(trx)
      }),
      refused,
      `${what} is refused even inside a purge`,
    )
  }
  await t.rejects(sql`delete from audit_events where chain_seq = 3`.execute(db), refused, 'the mark ends with its transaction')
})

async function count(db: Kysely<Database>, where: ReturnType<typeof sql>): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from audit_events where ${where}`.execute(db)
  return rows[0]!.n
}
