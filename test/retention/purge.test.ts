import { sql, type Kysely } from 'kysely'
import type { Database } from '../../src/db/database.js'
import { purgeExpiredRecords, type PurgeCounts } from '../../src/retention/purge-expired-records.js'
import { cleanSupplier, examplePaving, seedRegister } from '../helpers/screening-fixtures.js'
import { onEachDatabase, type TestApp } from '../helpers/test-app.js'
import { waitFor } from '../helpers/wait-for.js'

const DAY_MS = 24 * 60 * 60 * 1000
const rapidSkipHire = { supplier: { name: 'Rapid Skip Hire Ltd', companyNumber: 'SC123456' } }

function daysAgo(days: number): Date {
  return new Date(Date.now() - days * DAY_MS)
}

function periodsOf(ctx: TestApp) {
  return {
    screeningDays: ctx.config.screeningRetentionDays,
    alertDays: ctx.config.alertRetentionDays,
    webhookDeliveryDays: ctx.config.webhookDeliveryRetentionDays,
  }
}

/** Moves a screening (and its hits) back in time, as if screened `days` ago. */
async function age(db: Kysely<Database>, screeningId: string, days: number): Promise<void> {
  await db
    .updateTable('screenings')
    .set({ screened_at: daysAgo(days) })
    .where('id', '=', screeningId)
    .execute()
  await db
    .updateTable('screening_hits')
    .set({ screened_at: daysAgo(days) })
    .where('screening_id', '=', screeningId)
    .execute()
}

// Alerts and their webhook deliveries are raised by monitoring, not by a request: written here as it writes them.
async function raiseAlert(db: Kysely<Database>, id: string, screeningId: string, raisedAt: Date): Promise<void> {
  await db
    .insertInto('alerts')
    .values({
      id,
      org_id: 'salford',
      screening_id: screeningId,
      change_id: `change-${id}`,
      register_version: 2,
      status: 'open',
      band: 'high',
      risk_score: 80,
      matches: '[]',
      new_match_count: 1,
      groups: '[]',
      raised_at: raisedAt,
    })
    .execute()
  await db
    .insertInto('webhook_deliveries')
    .values({ id: `whd-${id}`, org_id: 'salford', alert_id: id, event: 'alert.raised', payload: '{}', status: 'delivered', created_at: raisedAt })
    .execute()
}

/** Rows of each kind that name one of `screeningIds`. */
async function rowsOf(db: Kysely<Database>, screeningIds: string[]) {
  const count = async (table: 'screenings' | 'decisions' | 'screening_hits' | 'suppressions' | 'alerts') => {
    const column = table === 'screenings' ? 'id' : 'screening_id'
    const { rows } = await sql<{ n: string }>`select count(*) as n from ${sql.table(table)} where ${sql.ref(column)} in (${sql.join(screeningIds)})`.execute(db)
    return Number(rows[0]!.n)
  }
  return {
    screenings: await count('screenings'),
    decisions: await count('decisions'),
    screeningHits: await count('screening_hits'),
    suppressions: await count('suppressions'),
    alerts: await count('alerts'),
  }
}

onEachDatabase('the purge removes only what has expired, with all that hangs off it; reads hide it before', async (t, ctx) => {
  const { salfordScreener, salfordOfficer } = await seedRegister(ctx)
  const db = ctx.database.db
  const screen = async (payload: object, key: string) => {
    const res = await salfordScreener({ method: 'POST', url: '/v1/screenings', payload, headers: { 'idempotency-key': key } })
    t.equal(res.statusCode, 201, res.body.slice(0, 200))
    return res.json<{ id: string }>().id
  }
  const decide = async (id: string, outcome: string, key: string) => {
    const res = await salfordOfficer({ method: 'POST', url: `/v1/screenings/${id}/decisions`, payload: { outcome }, headers: { 'idempotency-key': key } })
    t.equal(res.statusCode, 201, res.body.slice(0, 200))
    return res.json<{ id: string }>().id
  }
  // Two screenings past the period (one cleared, putting its matches on the good-guy list), three within it.
  const oldCleared = await screen(examplePaving, 'old-paving')
  const oldClean = await screen(cleanSupplier, 'old-clean')
  const youngReferred = await screen(examplePaving, 'young-paving')
  const youngCleared = await screen(rapidSkipHire, 'young-skip')
  const youngClean = await screen(cleanSupplier, 'young-clean')
  const oldDecision = await decide(oldCleared, 'cleared', 'decide-old')
  await decide(youngReferred, 'referred', 'decide-young-referred')
  await decide(youngCleared, 'cleared', 'decide-young-cleared')
  const old = [oldCleared, oldClean]
  const young = [youngReferred, youngCleared, youngClean]

  const retention = ctx.config.screeningRetentionDays
  await age(db, oldCleared, retention + 1)
  await age(db, oldClean, retention + 30)
  await age(db, youngReferred, retention - 1)
  // Alerts, each delivered by webhook as it was raised: one of an expired screening, one past its
  // own period on a kept screening, and two within it, of which one's delivery is past its period.
  await raiseAlert(db, 'alr_of_old_screening', oldCleared, daysAgo(10))
  await raiseAlert(db, 'alr_expired', youngReferred, daysAgo(ctx.config.alertRetentionDays + 1))
  await raiseAlert(db, 'alr_kept', youngCleared, daysAgo(ctx.config.webhookDeliveryRetentionDays - 1))
  await raiseAlert(db, 'alr_undelivered', youngCleared, daysAgo(ctx.config.webhookDeliveryRetentionDays + 1))
  // Two keys past their time; the others are still remembered.
  await db
    .updateTable('idempotency_keys')
    .set({ expires_at: new Date(Date.now() - 1000) })
    .where('key', 'in', ['old-paving', 'decide-old'])
    .execute()

  // Monitoring runs' progress: a run finished two days ago goes; one still under way stays.
  const progress = { org_id: 'salford', after_key: 'name:marsh groundworks ltd', rescreened: 1, alerts: 0, updated_at: daysAgo(2) }
  await db
    .insertInto('monitoring_progress')
    .values([
      { ...progress, change_id: 'finished-run@2', done: true },
      { ...progress, change_id: 'running-run@3', done: false },
    ])
    .execute()

  // Two uploads left staged by a process that died: one begun two days ago goes, one begun now stays.
  const { id: watchlistId } = await db.selectFrom('watchlists').select('id').where('org_id', '=', 'gmp').executeTakeFirstOrThrow()
  for (const [version, uploadedAt] of [
    [98, daysAgo(2)],
    [99, new Date()],
  ] as const) {
    await sql`insert into watchlist_versions (watchlist_id, version, register_version, format, content_sha256, group_count, entity_count,
        counts_by_type, uploaded_by, uploaded_at, staged)
      values (${watchlistId}, ${version}, 0, 'json', '', 0, 0, '{}'::jsonb, 'gmp-user', ${uploadedAt}, true)`.execute(db)
    await sql`insert into register_entities (id, group_id, watchlist_id, version, type, label, data, fingerprint, position)
      values (${`ent_staged_${version}`}, 'grp_staged', ${watchlistId}, ${version}, 'phone', '0161 496 0999', '{}'::json, 'fp', 0)`.execute(db)
  }

  const oldBefore = await rowsOf(db, old)
  const youngBefore = await rowsOf(db, young)
  t.ok(oldBefore.suppressions > 0 && oldBefore.screeningHits > 0, 'the cleared expired screening has suppressions and hits')
  t.ok(youngBefore.suppressions > 0, 'so has the cleared kept one')

  // Before any purge, reads already treat expired screenings as gone.
  const list = await salfordOfficer({ method: 'GET', url: '/v1/screenings?limit=100' })
  t.equal(list.statusCode, 200)
  const listed = list.json<{ items: { id: string }[] }>().items.map((s) => s.id)
  t.same(listed.sort(), [...young].sort(), 'the list shows kept screenings only')
  for (const id of old) {
    t.equal((await salfordOfficer({ method: 'GET', url: `/v1/screenings/${id}` })).statusCode, 404, 'an expired screening is not found')
  }
  t.equal((await salfordOfficer({ method: 'GET', url: `/v1/screenings/${youngReferred}` })).statusCode, 200, 'one a day within its period is')

  // A batch of one row, so that every kind is purged over several batches.
  const removed = await purgeExpiredRecords(db, { periods: periodsOf(ctx), now: new Date(), batchSize: 1 })
  const expected: PurgeCounts = {
    screenings: 2,
    decisions: 1,
    screeningHits: oldBefore.screeningHits,
    suppressions: oldBefore.suppressions,
    alerts: 2,
    idempotencyKeys: 2,
    webhookDeliveries: 2,
    monitoringProgress: 1,
    abandonedUploads: 1,
  }
  t.same(removed, expected, 'the counts of what was removed')
  const runs = await db.selectFrom('monitoring_progress').select('change_id').where('change_id', 'in', ['finished-run@2', 'running-run@3']).execute()
  t.same(
    runs.map((r) => r.change_id),
    ['running-run@3'],
    "a finished run's progress goes, a running one's stays",
  )
  const staged = await db.selectFrom('register_entities').select('version').where('id', 'in', ['ent_staged_98', 'ent_staged_99']).execute()
  t.same(
    staged.map((r) => r.version),
    [99],
    'an abandoned upload goes with its rows; one under way stays',
  )
  t.same(await rowsOf(db, old), { screenings: 0, decisions: 0, screeningHits: 0, suppressions: 0, alerts: 0 }, 'expired screenings are gone whole')
  t.same(await rowsOf(db, young), { ...youngBefore, alerts: youngBefore.alerts - 1 }, 'kept screenings stay whole, less their expired alert')
  const alerts = await db.selectFrom('alerts').select('id').orderBy('id').execute()
  t.same(
    alerts.map((a) => a.id),
    ['alr_kept', 'alr_undelivered'],
  )
  t.same(
    (await db.selectFrom('webhook_deliveries').select('id').orderBy('id').execute()).map((d) => d.id),
    ['whd-alr_kept', 'whd-alr_of_old_screening'],
    'deliveries keep their own period, whatever became of their alert',
  )
  const keys = await db.selectFrom('idempotency_keys').select('key').orderBy('key').execute()
  t.same(
    keys.map((k) => k.key),
    ['decide-young-cleared', 'decide-young-referred', 'old-clean', 'young-clean', 'young-paving', 'young-skip'],
    'only expired keys are forgotten',
  )

  const decided = await db.selectFrom('audit_events').select('details').where('action', '=', 'screening.decide').where('target_id', '=', oldCleared).execute()
  t.match(
    decided.map((e) => e.details),
    [{ decisionId: oldDecision, outcome: 'cleared' }],
    "the purged decision's audit event remains",
  )
  const purges = await db.selectFrom('audit_events').selectAll().where('action', '=', 'retention.purge').execute()
  t.equal(purges.length, 1, 'one audit event for the run')
  t.match(purges[0], { actor: 'system:retention', org_id: 'platform', target_type: 'retention', details: { removed: expected } })
  const cutOff = new Date(String((purges[0]?.details.before as Record<string, unknown>).screenings)).getTime()
  t.ok(Math.abs(cutOff - daysAgo(retention).getTime()) < 60_000, 'with the cut-off date of screenings')
  t.notMatch(JSON.stringify(purges), /Paving|O'Connor|Bright Futures|Skip Hire|Priya/, 'and no personal data')

  // Nothing else has expired: a second run removes nothing and says so.
  t.same(Object.values(await purgeExpiredRecords(db, { periods: periodsOf(ctx), now: new Date() })), [0, 0, 0, 0, 0, 0, 0, 0, 0])
  const listAfter = await salfordOfficer({ method: 'GET', url: '/v1/screenings?limit=100' })
  t.equal(listAfter.json<{ items: unknown[] }>().items.length, young.length, 'the list is as before the purge')
})

onEachDatabase('the retention-purge job is scheduled daily at 03:00 UTC and purges when sent', async (t, ctx) => {
  const { salfordScreener } = await seedRegister(ctx)
  await ctx.app.ready()
  const db = ctx.database.db
  const { rows } = await sql<{ cron: string; timezone: string }>`select cron, timezone from pgboss.schedule where name = 'retention-purge'`.execute(db)
  t.same(rows, [{ cron: '0 3 * * *', timezone: 'UTC' }])

  const res = await salfordScreener({ method: 'POST', url: '/v1/screenings', payload: cleanSupplier })
  const expired = res.json<{ id: string }>().id
  await age(db, expired, ctx.config.screeningRetentionDays + 1)
  await ctx.app.jobs.send('retention-purge', {}, 'test-run')
  const event = await waitFor(() => db.selectFrom('audit_events').select('details').where('action', '=', 'retention.purge').executeTakeFirst())
  t.match(event?.details, { removed: { screenings: 1 } }, 'the job ran the purge')
  t.equal(await db.selectFrom('screenings').select('id').where('id', '=', expired).executeTakeFirst(), undefined)
  const logged = ctx.logs().find((line) => line.msg === 'expired records purged')
  t.match(logged, { retentionPurge: { screenings: 1 } }, 'and logged its counts')
  t.notMatch(JSON.stringify(logged), /Bright Futures|Priya/, 'naming nobody')
})
