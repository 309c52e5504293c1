// Each way of tampering with the audit trail, done as a superuser with the triggers switched off,
// on PGlite and on PostgreSQL: verification must catch it from the checkpoints and say where.
import { sql, type Kysely } from 'kysely'
import { atToTheMicrosecond, chainHash } from '../../src/audit/chain-hash.js'
import { sealAuditChain } from '../../src/audit/seal-audit-chain.js'
import { verifyAuditTrail } from '../../src/audit/verify-audit-trail.js'
import type { Database } from '../../src/db/database.js'
import { onEachDatabaseOnly } from '../helpers/test-app.js'
import { asSuperuserWithoutTriggers, located, sealedChain, writeEvents } from './audit-fixtures.js'

const DAY_MS = 24 * 60 * 60 * 1000

onEachDatabaseOnly('an intact trail verifies; verification writes nothing, and pending events are reported, not sealed', async (t, handle) => {
  const { db } = handle
  await sealedChain(db)
  const head = await db.selectFrom('audit_events').select(['chain_seq', 'hash']).where('chain_seq', '=', 8).executeTakeFirstOrThrow()
  await writeEvents(db, 9, 2)
  const result = await verifyAuditTrail(db)
  t.same(result, { ok: true, from: 1, events: 8, head: { chainSeq: 8, hash: head.hash }, pending: 2, problems: [] })
  const pending = await db.selectFrom('audit_events').select('seq').where('chain_seq', 'is', null).execute()
  t.equal(pending.length, 2, 'the pending events are still pending')
  t.same(await verifyAuditTrail(db, { expect: [{ chainSeq: 8, hash: head.hash! }] }), result, 'a head copied from the log agrees')
})

onEachDatabaseOnly('deleting the last events (truncation) is caught where the chain now ends', async (t, { db }) => {
  await sealedChain(db)
  await asSuperuserWithoutTriggers(db, (trx) => trx.deleteFrom('audit_events').where('chain_seq', '>=', 7).execute())
  const result = await verifyAuditTrail(db)
  t.equal(result.ok, false)
  t.same(located(result), ['truncated@7'])
  t.match(result.problems[0]?.detail, 'events 7 to 8 are missing from the end of the chain')
  // The service chains on from the checkpoint, not over the gap: the gap stays visible.
  await writeEvents(db, 9, 1)
  t.equal(await sealAuditChain(db), 1)
  t.same(located(await verifyAuditTrail(db)), ['missing@7'], 'after the next seal the deleted events are a gap')
})

onEachDatabaseOnly('deleting an event in the middle is caught at its position', async (t, { db }) => {
  await sealedChain(db)
  await asSuperuserWithoutTriggers(db, (trx) => trx.deleteFrom('audit_events').where('chain_seq', '=', 4).execute())
  t.same(located(await verifyAuditTrail(db)), ['missing@4'])
})

onEachDatabaseOnly('a forged back-dated event is caught while pending and once sealed', async (t, { db }) => {
  await sealedChain(db)
  await writeEvents(db, 100, 1, () => new Date(Date.now() - DAY_MS))
  const { seq } = await db.selectFrom('audit_events').select('seq').where('chain_seq', 'is', null).executeTakeFirstOrThrow()
  const pending = await verifyAuditTrail(db)
  t.same(located(pending), [`back_dated#${seq}`], 'pending: located by its row')
  t.equal(pending.pending, 1)
  t.equal(await sealAuditChain(db), 1)
  t.same(located(await verifyAuditTrail(db)), ['back_dated@9'], 'sealed: located by its chain position')
})

onEachDatabaseOnly('un-sealing events, editing one and re-sealing them is caught where they were taken out', async (t, { db }) => {
  await sealedChain(db)
  await asSuperuserWithoutTriggers(db, async (trx) => {
    await trx.updateTable('audit_events').set({ chain_seq: null, prev_hash: null, hash: null }).where('chain_seq', '>=', 6).execute()
    await trx.updateTable('audit_events').set({ actor: 'someone-else' }).where('target_id', '=', 't-7').execute()
  })
  const unsealed = await verifyAuditTrail(db)
  t.same(located(unsealed), ['truncated@6'], 'before re-sealing: the chain stops short of its checkpoint')
  t.equal(unsealed.pending, 3)
  t.equal(await sealAuditChain(db), 3, 'the service seals them again, after the checkpoint')
  t.same(located(await verifyAuditTrail(db)), ['missing@6'], 'after: their old positions are a gap')
})

onEachDatabaseOnly('un-sealing events but leaving their hashes is caught on each', async (t, { db }) => {
  await sealedChain(db)
  await asSuperuserWithoutTriggers(db, (trx) => trx.updateTable('audit_events').set({ chain_seq: null }).where('chain_seq', '>=', 8).execute())
  const { seq } = await db.selectFrom('audit_events').select('seq').where('chain_seq', 'is', null).executeTakeFirstOrThrow()
  t.same(located(await verifyAuditTrail(db)), ['truncated@8', `unsealed#${seq}`])
})

onEachDatabaseOnly('an edit of any field, the time by one microsecond, is caught at its event', async (t, { db }) => {
  await sealedChain(db)
  const edits: Record<string, ReturnType<typeof sql>> = {
    at: sql`at = at + interval '1 microsecond'`,
    actor: sql`actor = 'someone-else'`,
    org_id: sql`org_id = 'org-b'`,
    action: sql`action = 'test.other'`,
    target_type: sql`target_type = 'other'`,
    target_id: sql`target_id = 't-x'`,
    'target_id (to null)': sql`target_id = null`,
    request_id: sql`request_id = 'req-x'`,
    purpose: sql`purpose = 'other'`,
    details: sql`details = jsonb_set(details, '{i}', '6')`,
    'details (nested)': sql`details = jsonb_set(details, '{nested,a,1}', '4')`,
    // Read by JavaScript as 5, the number it was: the hash alone would not see the change.
    'details (a number beyond double precision)': sql`details = jsonb_set(details, '{i}', '5.0000000000000001')`,
    prev_hash: sql`prev_hash = repeat('1', 64)`,
    chain_seq: sql`chain_seq = 50`,
  }
  for (const [field, change] of Object.entries(edits)) {
    const before = await db.selectFrom('audit_events').selectAll().where('chain_seq', '=', 5).executeTakeFirstOrThrow()
    await asSuperuserWithoutTriggers(db, (trx) => sql`update audit_events set ${change} where chain_seq = 5`.execute(trx))
    const result = await verifyAuditTrail(db)
    t.equal(result.ok, false, `${field}: caught`)
    t.match(located(result)[0], /@5$/, `${field}: located at event 5 (${located(result).join(', ')})`)
    const { seq, details, ...fields } = before
    await asSuperuserWithoutTriggers(db, async (trx) => {
      await trx.updateTable('audit_events').set(fields).where('seq', '=', seq).execute()
      await sql`update audit_events set details = ${JSON.stringify(details)}::jsonb where seq = ${seq}`.execute(trx)
    })
    t.equal((await verifyAuditTrail(db)).ok, true, `${field}: intact again once put back`)
  }
  await asSuperuserWithoutTriggers(db, (trx) => sql`update audit_events set hash = repeat('2', 64) where chain_seq = 5`.execute(trx))
  t.same(located(await verifyAuditTrail(db)), ['altered@5', 'broken_link@6'], 'hash: the event and the link after it')
})

onEachDatabaseOnly(
  'a rewrite with recomputed hashes is caught by the checkpoints, or by a head from the log when they are rewritten too',
  async (t, { db }) => {
    await sealedChain(db)
    await asSuperuserWithoutTriggers(db, (trx) => trx.updateTable('audit_events').set({ actor: 'someone-else' }).where('chain_seq', '=', 7).execute())
    const logged = await db.selectFrom('audit_events').select(['chain_seq', 'hash']).where('chain_seq', '=', 8).executeTakeFirstOrThrow()
    await rehashFrom(db, 7)
    const result = await verifyAuditTrail(db)
    t.same(located(result), ['checkpoint_mismatch@8'], 'every link holds, but the head is not the one checkpointed')
    t.match(result.problems[0]?.detail, 'rewritten between the checkpoint at 6 and here')
    await asSuperuserWithoutTriggers(db, async (trx) => {
      const head = await trx.selectFrom('audit_events').select('hash').where('chain_seq', '=', 8).executeTakeFirstOrThrow()
      await trx.updateTable('audit_checkpoints').set({ hash: head.hash! }).where('chain_seq', '=', 8).execute()
    })
    t.equal((await verifyAuditTrail(db)).ok, true, 'with the checkpoint rewritten too, the database alone cannot tell')
    const withLog = await verifyAuditTrail(db, { expect: [{ chainSeq: 8, hash: logged.hash! }] })
    t.same(located(withLog), ['checkpoint_mismatch@8'], 'the head copied from the log can')
  },
)

onEachDatabaseOnly('events sealed beyond the last checkpoint are caught, and the service stops sealing', async (t, { db }) => {
  await sealedChain(db)
  await writeEvents(db, 9, 1)
  await asSuperuserWithoutTriggers(db, async (trx) => {
    const pending = await trx.selectFrom('audit_events').select('seq').where('chain_seq', 'is', null).executeTakeFirstOrThrow()
    await trx.updateTable('audit_events').set({ chain_seq: 9, prev_hash: 'x', hash: 'y' }).where('seq', '=', pending.seq).execute()
  })
  t.same(located(await verifyAuditTrail(db)), ['broken_link@9', 'altered@9', 'beyond_checkpoint@9'])
  await writeEvents(db, 10, 1)
  await t.rejects(sealAuditChain(db), /sealed beyond the last checkpoint \(chain position 9 > 8\)/)
})

/** What an attacker with the hash recipe does: recompute every hash from a position on. */
async function rehashFrom(db: Kysely<Database>, from: number): Promise<void> {
  await asSuperuserWithoutTriggers(db, async (trx) => {
    const rows = await trx
      .selectFrom('audit_events')
      .select(['seq', 'chain_seq', 'prev_hash', 'actor', 'org_id', 'action', 'target_type', 'target_id', 'request_id', 'purpose', 'details'])
      .select(atToTheMicrosecond.as('at_text'))
      .where('chain_seq', '>=', from)
      .orderBy('chain_seq')
      .execute()
    let prevHash = rows[0]!.prev_hash!
    for (const row of rows) {
      const hash = chainHash(prevHash, row.chain_seq!, row)
      await trx.updateTable('audit_events').set({ prev_hash: prevHash, hash }).where('seq', '=', row.seq).execute()
      prevHash = hash
    }
  })
}
