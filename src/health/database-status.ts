import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { pendingMigrations } from '../db/migrator.js'

/** Whether the database answers, and how many migrations it still lacks; throws when it does not answer. */
export async function databaseStatus(db: Kysely<Database>): Promise<{ pendingMigrations: number }> {
  await sql`select 1`.execute(db)
  return { pendingMigrations: (await pendingMigrations(db)).length }
}
