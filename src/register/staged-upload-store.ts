// An upload's rows reach the database as a staged version (invisible to readers), written in
// short statements, and go live in one short transaction: screenings interleave with it even on
// PGlite's single connection.
import { setImmediate as nextTurn } from 'node:timers/promises'
import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database, Watchlist, WatchlistVersion } from '../db/database.js'
import type { WatchlistCounts } from './watchlist-content.js'
import { REGISTER_CHANNEL } from './watchlist-store.js'

// Rows per DELETE when a staged version is discarded: short statements, as when they were written.
const DELETE_BATCH_ROWS = 1_000

export interface StagedVersion {
  watchlist: Watchlist
  version: number
}

export interface LiveResult {
  created: true
  version: WatchlistVersion
  /** False when a later upload to the list went live first: this one is kept as a version only. */
  current: boolean
}

/**
 * First of an upload's three steps (stage, write rows, go live), each in short transactions so
 * that screenings interleave with a large upload even on PGlite's single connection. Takes the
 * next version number of the list under its row lock and records it as staged: invisible to
 * readers until `goLive`, which also fills in what is known only once the whole upload has
 * streamed through (its hash and counts).
 */
export async function stageVersion(
  trx: Transaction<Database>,
  input: { watchlist: Watchlist; format: 'json' | 'csv'; uploadedBy: string },
): Promise<StagedVersion> {
  const locked = await trx.selectFrom('watchlists').selectAll().where('id', '=', input.watchlist.id).forUpdate().executeTakeFirstOrThrow()
  // Staged versions count too: concurrent uploads to one list get distinct numbers.
  const { last } = await trx
    .selectFrom('watchlist_versions')
    .select(({ fn }) => fn.max('version').as('last'))
    .where('watchlist_id', '=', locked.id)
    .executeTakeFirstOrThrow()
  const version = (last ?? 0) + 1
  await trx
    .insertInto('watchlist_versions')
    .values({
      watchlist_id: locked.id,
      version,
      // Given at go-live, when the register moves on and the content is known.
      register_version: 0,
      format: input.format,
      content_sha256: '',
      group_count: 0,
      entity_count: 0,
      counts_by_type: JSON.stringify({}),
      uploaded_by: input.uploadedBy,
      staged: true,
    })
    .execute()
  return { watchlist: locked, version }
}

/**
 * Makes a staged version live in one short transaction: a new register version, the list's
 * current version, and the NOTIFY. If a later-numbered upload of the same list went live first
 * (two uploads racing), the later one stays current and this one is kept as a past version. A
 * byte-identical retry of the current version goes nowhere (`created: false`, the current
 * version): the caller discards its staged rows.
 */
export async function goLive(
  trx: Transaction<Database>,
  staged: StagedVersion,
  content: { sha256: string; counts: WatchlistCounts },
): Promise<LiveResult | { created: false; version: WatchlistVersion }> {
  const locked = await trx.selectFrom('watchlists').selectAll().where('id', '=', staged.watchlist.id).forUpdate().executeTakeFirstOrThrow()
  if (locked.current_version !== null) {
    const current = await trx
      .selectFrom('watchlist_versions')
      .selectAll()
      .where('watchlist_id', '=', locked.id)
      .where('version', '=', locked.current_version)
      .executeTakeFirstOrThrow()
    if (current.content_sha256 === content.sha256) return { created: false, version: current }
  }
  const { version: registerVersion } = await trx
    .updateTable('register_state')
    .set((eb) => ({ version: eb('version', '+', 1), changed_at: new Date() }))
    .where('id', '=', 1)
    .returning('version')
    .executeTakeFirstOrThrow()
  // Written as a statement of its own: the column's type allows it on insert only.
  await sql`update watchlist_versions set counts_by_type = ${JSON.stringify(content.counts.byType)}::jsonb
    where watchlist_id = ${locked.id} and version = ${staged.version}`.execute(trx)
  const version = await trx
    .updateTable('watchlist_versions')
    .set({
      staged: false,
      register_version: registerVersion,
      content_sha256: content.sha256,
      group_count: content.counts.groups,
      entity_count: content.counts.entities,
    })
    .where('watchlist_id', '=', locked.id)
    .where('version', '=', staged.version)
    .returningAll()
    .executeTakeFirstOrThrow()
  const current = locked.current_version === null || locked.current_version < staged.version
  if (current) await trx.updateTable('watchlists').set({ current_version: staged.version, updated_at: new Date() }).where('id', '=', locked.id).execute()
  // Delivered on commit only, so no process reloads before the new rows are visible.
  await sql`select pg_notify(${REGISTER_CHANNEL}, ${String(registerVersion)})`.execute(trx)
  return { created: true, version, current }
}

/** Removes a staged version that failed while its rows were written, in short statements. */
export async function discardStaged(db: Kysely<Database>, staged: StagedVersion): Promise<void> {
  const where = { watchlist_id: staged.watchlist.id, version: staged.version }
  for (const table of ['register_entities', 'register_groups'] as const) {
    for (;;) {
      const batch = db
        .selectFrom(table)
        .select('id')
        .where('watchlist_id', '=', where.watchlist_id)
        .where('version', '=', where.version)
        .limit(DELETE_BATCH_ROWS)
      const { numDeletedRows } = await db.deleteFrom(table).where('id', 'in', batch).executeTakeFirst()
      if (numDeletedRows === 0n) break
      await nextTurn()
    }
  }
  await db
    .deleteFrom('watchlist_versions')
    .where('watchlist_id', '=', where.watchlist_id)
    .where('version', '=', where.version)
    .where('staged', '=', true)
    .execute()
}
