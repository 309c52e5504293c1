import { sql, type Kysely } from 'kysely'

// Frozen once landed: later changes go in a new migration.
export async function up(db: Kysely<any>): Promise<void> {
  // Partner agencies (HMRC, the Environment Agency, the GLAA…) contribute watchlists and share
  // them as a police force does. PostgreSQL named the column's check `organisations_kind_check`.
  await sql`alter table organisations drop constraint organisations_kind_check`.execute(db)
  await sql`alter table organisations add constraint organisations_kind_check check (kind in ('police', 'authority', 'agency'))`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table organisations drop constraint organisations_kind_check`.execute(db)
  await sql`alter table organisations add constraint organisations_kind_check check (kind in ('police', 'authority'))`.execute(db)
}
