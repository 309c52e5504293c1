import { sql } from 'kysely'
import t from 'tap'
import { createMigrator, migrateToLatest, pendingMigrations } from '../../src/db/migrator.js'
import { databaseKinds, openTestDatabase } from '../helpers/test-app.js'

for (const kind of databaseKinds) {
  t.test(`migrations go up, report nothing pending, are idempotent and go down [${kind}]`, async (t) => {
    const { handle, drop } = await openTestDatabase(kind, { migrated: false })
    t.teardown(drop)
    const before = await pendingMigrations(handle.db)
    t.ok(before.length > 0, 'a new database has pending migrations')
    const applied = await migrateToLatest(handle.db)
    t.same(applied, before, 'every pending migration is applied, in order')
    t.same(await pendingMigrations(handle.db), [], 'nothing pending afterwards')
    t.same(await migrateToLatest(handle.db), [], 'a second run applies nothing')
    const tables = await sql<{ tablename: string }>`select tablename from pg_tables where schemaname = 'public'`.execute(handle.db)
    const names = tables.rows.map((r) => r.tablename)
    for (const table of ['organisations', 'sharing_agreements', 'audit_events']) t.ok(names.includes(table), `${table} exists`)

    const migrator = createMigrator(handle.db)
    for (;;) {
      const { error, results } = await migrator.migrateDown()
      t.error(error)
      if (!results?.length) break
    }
    t.same(await pendingMigrations(handle.db), before, 'all the way down leaves every migration pending again')
  })
}
