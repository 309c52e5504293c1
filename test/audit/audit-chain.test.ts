import t from 'tap'
import { auditRow, recordAuditEvent } from '../../src/audit/audit-log.js'
import { sealAuditChain } from '../../src/audit/seal-audit-chain.js'
import { verifyAuditTrail } from '../../src/audit/verify-audit-trail.js'
import { onEachDatabaseOnly, startTestApp } from '../helpers/test-app.js'
import { waitFor } from '../helpers/wait-for.js'
import { entry } from './audit-fixtures.js'

onEachDatabaseOnly('events written concurrently are sealed into one unbroken chain across rounds', async (t, handle) => {
  const write = (i: number) =>
    handle.db.transaction().execute((trx) =>
      recordAuditEvent(trx, {
        actor: `u${i}`,
        orgId: 'o',
        action: 'test.write',
        targetType: 'test',
        targetId: String(i),
        details: { i, nested: { b: 1, a: [2, 3] } },
      }),
    )
  await Promise.all(Array.from({ length: 40 }, (_, i) => write(i)))
  const [first, second] = await Promise.all([sealAuditChain(handle.db), sealAuditChain(handle.db)])
  t.equal((first ?? 0) + (second ?? 0), 40, 'two sealers at once seal each event once')
  // More than one turn's worth of hashing: the sealer yields between turns and the chain holds.
  await Promise.all(Array.from({ length: 250 }, (_, i) => write(100 + i)))
  t.match(await verifyAuditTrail(handle.db), { ok: true, events: 40, pending: 250 }, 'pending events are counted, not failed')
  t.equal(await sealAuditChain(handle.db), 250)
  t.match(await verifyAuditTrail(handle.db), { ok: true, events: 290, pending: 0, problems: [] })
  t.equal(await sealAuditChain(handle.db), 0, 'nothing left to seal')
})

onEachDatabaseOnly('each seal checkpoints the new head, and tells it to be logged', async (t, handle) => {
  const heads: { chainSeq: number; hash: string; sealed: number }[] = []
  const onCheckpoint = (head: { chainSeq: number; hash: string }, sealed: number) => heads.push({ ...head, sealed })
  for (const count of [2, 3]) {
    await handle.db
      .insertInto('audit_events')
      .values(Array.from({ length: count }, (_, i) => auditRow(entry(i))))
      .execute()
    await sealAuditChain(handle.db, { onCheckpoint })
  }
  t.equal(await sealAuditChain(handle.db, { onCheckpoint }), 0, 'nothing to seal, nothing checkpointed')
  const events = await handle.db.selectFrom('audit_events').select(['chain_seq', 'hash']).orderBy('chain_seq').execute()
  t.same(heads, [
    { chainSeq: 2, hash: events[1]!.hash, sealed: 2 },
    { chainSeq: 5, hash: events[4]!.hash, sealed: 3 },
  ])
  const checkpoints = await handle.db.selectFrom('audit_checkpoints').select(['kind', 'chain_seq', 'hash']).orderBy('id').execute()
  t.same(
    checkpoints,
    heads.map((h) => ({ kind: 'seal', chain_seq: h.chainSeq, hash: h.hash })),
  )
})

t.test('the service logs each sealed head: chain position and hash, nothing else', async (t) => {
  const ctx = await startTestApp(t, 'pglite')
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/v1/organisations',
    headers: { authorization: `Bearer ${ctx.adminToken}` },
    payload: { id: 'gmp', name: 'Greater Manchester Police', kind: 'police' },
  })
  t.equal(res.statusCode, 201)
  // The sealer runs after the request.
  const line = (await waitFor(() => ctx.logs().find((l) => l.msg === 'audit chain sealed')))!
  t.same(line.auditHead, { chainSeq: 1, hash: (await ctx.database.db.selectFrom('audit_checkpoints').select('hash').executeTakeFirstOrThrow()).hash })
  t.notMatch(JSON.stringify(line), /Greater Manchester|gmp/, 'nothing of the event itself')
})
