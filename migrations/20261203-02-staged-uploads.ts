import { type Kysely } from 'kysely'

// Frozen once landed: later changes go in a new migration.
export async function up(db: Kysely<any>): Promise<void> {
  // An upload is written, in short transactions, to a version that is not live yet (staged),
  // then made live in one short transaction; a staged version is invisible to readers, and one
  // left by a crash never goes live.
  await db.schema
    .alterTable('watchlist_versions')
    .addColumn('staged', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute()
  // The register is read back in pages by id within a version, so that no single query (and,
  // on PGlite, no single stretch of the event loop) holds the whole of a large list.
  await db.schema.createIndex('register_entities_version_id').on('register_entities').columns(['watchlist_id', 'version', 'id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('register_entities_version_id').execute()
  await db.schema.alterTable('watchlist_versions').dropColumn('staged').execute()
}
