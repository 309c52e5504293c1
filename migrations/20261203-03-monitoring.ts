import { sql, type Kysely } from 'kysely'

// Frozen once landed: later changes go in a new migration.
export async function up(db: Kysely<any>): Promise<void> {
  // Which supplier a screening is of, so that monitoring re-screens the latest screening of each
  // supplier once: its company number when it gave one (spacing and case folded), otherwise its
  // name. Generated, so that this migration is the rule's one home and old rows have it too.
  await sql`alter table screenings add column supplier_key text generated always as (
      case
        when nullif(regexp_replace(supplier->>'companyNumber', '[^0-9A-Za-z]', '', 'g'), '') is not null
          then 'co:' || upper(regexp_replace(supplier->>'companyNumber', '[^0-9A-Za-z]', '', 'g'))
        else 'name:' || lower(regexp_replace(btrim(supplier_name), '\\s+', ' ', 'g'))
      end) stored`.execute(db)
  await db.schema.createIndex('screenings_org_supplier').on('screenings').columns(['org_id', 'supplier_key', 'screened_at']).execute()

  // What changed between two versions of a watchlist is found by fingerprint.
  await db.schema.createIndex('register_entities_version_fingerprint').on('register_entities').columns(['watchlist_id', 'version', 'fingerprint']).execute()

  // An alert: a register change made an earlier screening's supplier match anew or more strongly.
  await db.schema
    .createTable('alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('screening_id', 'text', (c) => c.notNull().references('screenings.id'))
    // The change that raised it: one watchlist's version. One alert per screening per change.
    .addColumn('change_id', 'text', (c) => c.notNull())
    .addColumn('register_version', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'acknowledged', 'decided', 'closed')`))
    .addColumn('band', 'text', (c) => c.notNull().check(sql`band in ('none', 'low', 'medium', 'high')`))
    .addColumn('risk_score', 'integer', (c) => c.notNull())
    // The re-screen's matches, those the change brought marked as new; as a screening's are stored.
    .addColumn('matches', 'jsonb', (c) => c.notNull())
    .addColumn('new_match_count', 'integer', (c) => c.notNull())
    // The groups of the new matches, for the list's filter: [{ force, ref }] as force org id and ref.
    .addColumn('groups', 'jsonb', (c) => c.notNull())
    .addColumn('raised_at', 'timestamptz', (c) => c.notNull())
    .addColumn('acknowledged_by', 'text')
    .addColumn('acknowledged_at', 'timestamptz')
    .addColumn('decision_id', 'text')
    .addColumn('decided_at', 'timestamptz')
    .addColumn('closed_at', 'timestamptz')
    .addColumn('closed_reason', 'text')
    .addUniqueConstraint('alerts_screening_change', ['screening_id', 'change_id'])
    .execute()
  await db.schema.createIndex('alerts_org_time').on('alerts').columns(['org_id', 'raised_at', 'id']).execute()
  await db.schema.createIndex('alerts_open').on('alerts').columns(['status', 'org_id']).execute()

  // A decision taken on an alert joins its screening's history, naming the alert.
  await db.schema.alterTable('decisions').addColumn('alert_id', 'text').execute()

  // How far one authority's re-screening for one change has got, so that a retried job resumes.
  await db.schema
    .createTable('monitoring_progress')
    .addColumn('change_id', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('after_key', 'text', (c) => c.notNull())
    .addColumn('rescreened', 'integer', (c) => c.notNull())
    .addColumn('alerts', 'integer', (c) => c.notNull())
    .addColumn('done', 'boolean', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('monitoring_progress_pk', ['change_id', 'org_id'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('monitoring_progress').execute()
  await db.schema.alterTable('decisions').dropColumn('alert_id').execute()
  await db.schema.dropTable('alerts').execute()
  await db.schema.dropIndex('register_entities_version_fingerprint').execute()
  await db.schema.dropIndex('screenings_org_supplier').execute()
  await db.schema.alterTable('screenings').dropColumn('supplier_key').execute()
}
