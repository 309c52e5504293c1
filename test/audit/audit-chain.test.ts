import t from 'tap'
import { recordAuditEvent, sealAuditChain, verifyAuditChain } from '../../src/audit/audit-log.js'
import { migrateToLatest } from '../../src/db/migrator.js'
import { databaseKinds, openTestDatabase } from '../helpers/test-app.js'

for (const kind of databaseKinds) {
  t.test(`events written concurrently are sealed into one unbroken chain across rounds [${kind}]`, async (t) => {
    const { handle, drop } = await openTestDatabase(kind)
    t.teardown(drop)
    await migrateToLatest(handle.db)
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
    t.match(await verifyAuditChain(handle.db), { ok: true, count: 40, unsealed: 250 }, 'unsealed events are counted, not failed')
    t.equal(await sealAuditChain(handle.db), 250)
    t.same(await verifyAuditChain(handle.db), { ok: true, count: 290, unsealed: 0 })
    t.equal(await sealAuditChain(handle.db), 0, 'nothing left to seal')
  })
}
