import { type Kysely } from 'kysely'

// Frozen once landed: later changes go in a new migration.
export async function up(db: Kysely<any>): Promise<void> {
  // Every row of an upload is written to each index of register_entities, and a million-row
  // upload spends most of its time there. Two had no reader left: (watchlist_id, version) is the
  // leading part of register_entities_version_id, which serves the same lookups; and the
  // fingerprint index, made for monitoring's comparison of two versions, which now reads both
  // versions in id order and compares fingerprints in memory (src/monitoring/change-set.ts).
  // Fingerprints are random, so that index took each row at a random place.
  await db.schema.dropIndex('register_entities_version').execute()
  await db.schema.dropIndex('register_entities_version_fingerprint').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('register_entities_version_fingerprint').on('register_entities').columns(['watchlist_id', 'version', 'fingerprint']).execute()
  await db.schema.createIndex('register_entities_version').on('register_entities').columns(['watchlist_id', 'version']).execute()
}
