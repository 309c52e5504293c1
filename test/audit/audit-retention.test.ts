// Audit retention: a purge removes a prefix of the chain only, checkpoints where the kept chain
// starts and is itself audited; verification starts from there. The clock is the caller's.
import Fastify from 'fastify'
import t from 'tap'
import type { Kysely } from 'kysely'
import { purgeExpiredAuditEvents } from '../../src/audit/purge-audit-events.js'
import { sealAuditChain } from '../../src/audit/seal-audit-chain.js'
import { verifyAuditTrail } from '../../src/audit/verify-audit-trail.js'
import { ConfigError, loadConfig } from '../../src/config.js'
import type { Database } from '../../src/db/database.js'
import { dbPlugin } from '../../src/plugins/db.js'
import { maintenancePlugin } from '../../src/plugins/maintenance.js'
import { onEachDatabaseOnly } from '../helpers/test-app.js'
import { waitFor } from '../helpers/wait-for.js'
import { asSuperuserWithoutTriggers, located, writeEvents } from './audit-fixtures.js'

const DAY_MS = 24 * 60 * 60 * 1000
const MINUTE_MS = 60 * 1000
const RETENTION_DAYS = 30

/**
 * Events 1–4 a day past retention, 5 a minute inside it, 6 a minute past it (committed a little
 * late, as happens) and 7–8 an hour old; sealed in two rounds. Returns the purge's clock.
 */
async function agedChain(db: Kysely<Database>): Promise<Date> {
  const now = Date.now()
  const cutoff = now - RETENTION_DAYS * DAY_MS
  const times = [
    cutoff - DAY_MS,
    cutoff - DAY_MS + 1,
    cutoff - DAY_MS + 2,
    cutoff - DAY_MS + 3,
    cutoff + MINUTE_MS,
    cutoff - MINUTE_MS,
    now - 60 * MINUTE_MS,
    now - 60 * MINUTE_MS,
  ]
  await writeEvents(db, 1, 6, (i) => new Date(times[i - 1]!))
  await sealAuditChain(db)
  await writeEvents(db, 7, 2, (i) => new Date(times[i - 1]!))
  await sealAuditChain(db)
  return new Date(now)
}

onEachDatabaseOnly('a purge removes the expired prefix of the chain only, checkpoints its start and is audited', async (t, { db }) => {
  const now = await agedChain(db)
  const hash4 = (await db.selectFrom('audit_events').select('hash').where('chain_seq', '=', 4).executeTakeFirstOrThrow()).hash
  const purged = await purgeExpiredAuditEvents(db, { retentionDays: RETENTION_DAYS, now })
  t.same(purged, { throughChainSeq: 4, hash: hash4, before: new Date(now.getTime() - RETENTION_DAYS * DAY_MS).toISOString(), events: 4 })
  const kept = await db.selectFrom('audit_events').select('chain_seq').where('chain_seq', 'is not', null).orderBy('chain_seq').execute()
  t.same(
    kept.map((e) => e.chain_seq),
    [5, 6, 7, 8],
    'event 6, past retention but after a kept one, stays: only a prefix goes',
  )
  const event = await db.selectFrom('audit_events').selectAll().where('action', '=', 'audit.purge').executeTakeFirstOrThrow()
  t.match(event, { actor: 'bidscreen', org_id: 'platform', target_type: 'audit', target_id: null, chain_seq: null })
  t.same(event.details, purged, 'the purge event records where the kept chain starts, and nothing personal')
  t.same(await verifyAuditTrail(db), { ok: true, from: 5, events: 4, head: { chainSeq: 8, hash: (await headHash(db, 8))! }, pending: 1, problems: [] })
  t.equal(await sealAuditChain(db), 1)
  t.match(await verifyAuditTrail(db), { ok: true, from: 5, events: 5, pending: 0 }, 'verification starts from the purge checkpoint')
  t.equal(await purgeExpiredAuditEvents(db, { retentionDays: RETENTION_DAYS, now }), undefined, 'nothing more is due')

  const later = new Date(now.getTime() + 365 * DAY_MS)
  t.match(await purgeExpiredAuditEvents(db, { retentionDays: RETENTION_DAYS, now: later }), { throughChainSeq: 9, events: 5 }, 'everything sealed can expire')
  t.match(await verifyAuditTrail(db), { ok: true, from: 10, events: 0, pending: 1 }, 'an empty kept chain verifies, its purge event pending')
  await writeEvents(db, 20, 1)
  t.equal(await sealAuditChain(db), 2)
  t.match(await verifyAuditTrail(db), { ok: true, from: 10, events: 2, pending: 0 }, 'and the chain goes on from where the purge left it')
})

onEachDatabaseOnly('after a purge, deleting its checkpoint or forging one is caught', async (t, { db }) => {
  const now = await agedChain(db)
  await purgeExpiredAuditEvents(db, { retentionDays: RETENTION_DAYS, now })
  await sealAuditChain(db)
  await asSuperuserWithoutTriggers(db, (trx) => trx.deleteFrom('audit_checkpoints').where('kind', '=', 'purge').execute())
  t.same(located(await verifyAuditTrail(db)), ['missing@1'], 'without it the chain lacks its start')

  // A forged purge: events 5 and 6 deleted and a purge checkpoint put where they ended.
  const hash6 = (await headHash(db, 6))!
  await asSuperuserWithoutTriggers(db, async (trx) => {
    await trx.deleteFrom('audit_events').where('chain_seq', 'in', [5, 6]).execute()
    await trx.insertInto('audit_checkpoints').values({ kind: 'purge', chain_seq: 6, hash: hash6 }).execute()
  })
  t.same(located(await verifyAuditTrail(db)), ['purge_unrecorded@6'], 'no purge event records it')
})

onEachDatabaseOnly('the maintenance plugin runs the purge with its retention and clock, and logs where the chain starts', async (t, handle) => {
  const now = await agedChain(handle.db)
  const lines: Record<string, unknown>[] = []
  const app = Fastify({ logger: { level: 'info', stream: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) } } })
  await app.register(dbPlugin, { handle, closeOnShutdown: false })
  await app.register(maintenancePlugin, { auditRetentionDays: RETENTION_DAYS, now: () => now.getTime(), firstAuditPurgeMs: 0 })
  await app.ready()
  const logged = await waitFor(() => lines.find((l) => l.msg === 'audit events purged'))
  await app.close()
  t.match(logged, { auditPurge: { throughChainSeq: 4, hash: String, events: 4 } }, 'its log line names chain positions and a hash only')
  t.equal((await verifyAuditTrail(handle.db)).from, 5)
})

async function headHash(db: Kysely<Database>, chainSeq: number): Promise<string | null> {
  return (await db.selectFrom('audit_events').select('hash').where('chain_seq', '=', chainSeq).executeTakeFirstOrThrow()).hash
}

t.test('AUDIT_RETENTION_DAYS: six years by default, a whole number of days', (t) => {
  t.equal(loadConfig({}).auditRetentionDays, 2190)
  t.equal(loadConfig({ AUDIT_RETENTION_DAYS: '365' }).auditRetentionDays, 365)
  for (const value of ['0', '-1', '1.5', 'forever']) t.throws(() => loadConfig({ AUDIT_RETENTION_DAYS: value }), ConfigError, `${value} is refused`)
  t.end()
})
