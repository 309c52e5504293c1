import { sql, type Kysely } from 'kysely'

// Frozen once landed: later changes go in a new migration.
export async function up(db: Kysely<any>): Promise<void> {
  // The tender a screening was made for, as the caller gave it (id, title, CPV codes, value,
  // region, closing time). Its id is generated from the document, so that the rule lives here
  // once and every writer gets it; bidders of one tender are found by (org_id, tender_id).
  await sql`alter table screenings add column tender jsonb`.execute(db)
  await sql`alter table screenings add column tender_id text generated always as (tender->>'id') stored`.execute(db)
  await db.schema.createIndex('screenings_org_tender').on('screenings').columns(['org_id', 'tender_id', 'screened_at']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('screenings_org_tender').execute()
  await db.schema.alterTable('screenings').dropColumn('tender_id').execute()
  await db.schema.alterTable('screenings').dropColumn('tender').execute()
}
