import { sql, type Kysely } from 'kysely'

// Frozen once landed: later changes go in a new migration.
export async function up(db: Kysely<any>): Promise<void> {
  // One row: the version of the whole register, raised by every accepted upload. Screenings
  // record the version they ran against; processes reload when it moves.
  await db.schema
    .createTable('register_state')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('changed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.insertInto('register_state').values({ id: 1, version: 0 }).execute()

  await db.schema
    .createTable('watchlists')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('current_version', 'integer')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('watchlists_org_name_unique').on('watchlists').columns(['org_id', 'name']).unique().execute()

  await db.schema
    .createTable('watchlist_versions')
    .addColumn('watchlist_id', 'text', (c) => c.notNull().references('watchlists.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('register_version', 'integer', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull().check(sql`format in ('json', 'csv')`))
    .addColumn('content_sha256', 'text', (c) => c.notNull())
    .addColumn('group_count', 'integer', (c) => c.notNull())
    .addColumn('entity_count', 'integer', (c) => c.notNull())
    .addColumn('counts_by_type', 'jsonb', (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.notNull())
    .addColumn('uploaded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('watchlist_versions_pk', ['watchlist_id', 'version'])
    .execute()

  await db.schema
    .createTable('register_groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('watchlist_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('ref', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('aliases', 'jsonb', (c) => c.notNull())
    .addColumn('risk_level', 'text', (c) => c.notNull().check(sql`risk_level in ('low', 'medium', 'high')`))
    .addColumn('handling', 'text')
    .addColumn('notes', 'text')
    .addColumn('position', 'integer', (c) => c.notNull())
    .addForeignKeyConstraint('register_groups_version_fk', ['watchlist_id', 'version'], 'watchlist_versions', ['watchlist_id', 'version'])
    .execute()
  await db.schema.createIndex('register_groups_version').on('register_groups').columns(['watchlist_id', 'version', 'ref']).unique().execute()

  await db.schema
    .createTable('register_entities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // No foreign key: entities are only ever written with their groups, in one statement batch of
    // one transaction, and a per-row check would double the cost of a 100,000-row upload.
    .addColumn('group_id', 'text', (c) => c.notNull())
    .addColumn('watchlist_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull().check(sql`type in ('company', 'person', 'address', 'phone', 'email', 'website')`))
    // The display name or value, for listings and search.
    .addColumn('label', 'text', (c) => c.notNull())
    // The whole parsed entity, raw values beside their canonical keys. json, not jsonb: it is only
    // ever read back whole, and json is several times cheaper to write in 100,000-row uploads.
    .addColumn('data', 'json', (c) => c.notNull())
    // Same force, group ref and content give the same fingerprint in every version, so that an
    // officer's "cleared" decision stands until the entity really changes.
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('register_entities_version').on('register_entities').columns(['watchlist_id', 'version']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('register_entities').execute()
  await db.schema.dropTable('register_groups').execute()
  await db.schema.dropTable('watchlist_versions').execute()
  await db.schema.dropTable('watchlists').execute()
  await db.schema.dropTable('register_state').execute()
}
