import { sql, type Kysely } from 'kysely'

// Frozen once landed: later changes go in a new migration.
export async function up(db: Kysely<any>): Promise<void> {
  // The tender a screening was made for, as the caller gave it (id, title, CPV codes, value,
  // region, closing time). Its id is generated from the document, so that the rule lives here
  // once and every writer gets it; bidders of one tender are found by (org_id, tender_id).
  await sql`alter table screenings add column tender jsonb`.execute(db)
  await sql`alter table screenings add column tender_id text generated always as (tender->>'id') stored`.execute(db)
  await db.schema.createIndex('screenings_org_tender').on('screenings').columns(['org_id', 'tender_id', 'screened_at']).execute()

  // The values each screening's supplier gave (premises, phone numbers, e-mail addresses, business
  // domains), keyed as the matcher compares them, so that how many of an authority's suppliers
  // gave one is an index lookup rather than a scan of every screening's JSON: a value fifty
  // unrelated suppliers gave is a formation agent's, and weak evidence that two bidders are linked.
  // Written with the screening; goes with it when the retention purge removes it.
  await db.schema
    .createTable('supplier_values')
    .addColumn('screening_id', 'text', (c) => c.notNull().references('screenings.id').onDelete('cascade'))
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('supplier_key', 'text', (c) => c.notNull())
    .addColumn('value_key', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('supplier_values_pk', ['screening_id', 'value_key'])
    .execute()
  await db.schema.createIndex('supplier_values_org_value').on('supplier_values').columns(['org_id', 'value_key', 'supplier_key']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('supplier_values').execute()
  await db.schema.dropIndex('screenings_org_tender').execute()
  await db.schema.alterTable('screenings').dropColumn('tender_id').execute()
  await db.schema.alterTable('screenings').dropColumn('tender').execute()
}
