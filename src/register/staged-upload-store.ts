// An upload's rows reach the database as a staged version (invisible to readers), written in
// short statements, and go live in one short transaction: screenings interleave with it even on
// PGlite's single connection.
import { createHash } from 'node:crypto'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database, Watchlist, WatchlistVersion } from '../db/database.js'
import { newId } from '../ids.js'
import type { StoredEntityRow, StoredGroupRow } from './register-loader.js'
import type { WatchlistCounts, WatchlistEntity, WatchlistGroup } from './watchlist-content.js'

import { REGISTER_CHANNEL } from './watchlist-store.js'

// Rows per INSERT, each its own short transaction: on PGlite's one connection, screenings run
// between them, so a batch must stay a few tens of milliseconds. PGlite runs a query on this
// thread and resolves it without a turn of the event loop, so between batches the writer also
// yields (`nextTurn`): otherwise a chain of batches would starve every other request.
const INSERT_BATCH_ROWS = 250

export function contentSha256(body: Uint8Array | string): string {
  return createHash('sha256').update(body).digest('hex')
}

export interface StagedVersion {
  watchlist: Watchlist
  version: number
}

export type StageResult = { created: false; version: WatchlistVersion } | { created: true; staged: StagedVersion }

export interface LiveResult {
  version: WatchlistVersion
  /** False when a later upload to the list went live first: this one is kept as a version only. */
  current: boolean
}

/**
 * First of an upload's three steps (stage, write rows, go live), each in short transactions so
 * that screenings interleave with a large upload even on PGlite's single connection. Takes the
 * next version number of the list under its row lock and records it as staged: invisible to
 * readers until `goLive`. A byte-identical retry of the current version stores nothing.
 */
export async function stageVersion(
  trx: Transaction<Database>,
  input: { watchlist: Watchlist; counts: WatchlistCounts; format: 'json' | 'csv'; sha256: string; uploadedBy: string },
): Promise<StageResult> {
  const locked = await trx.selectFrom('watchlists').selectAll().where('id', '=', input.watchlist.id).forUpdate().executeTakeFirstOrThrow()
  if (locked.current_version !== null) {
    const current = await trx
      .selectFrom('watchlist_versions')
      .selectAll()
      .where('watchlist_id', '=', locked.id)
      .where('version', '=', locked.current_version)
      .executeTakeFirstOrThrow()
    if (current.content_sha256 === input.sha256) return { created: false, version: current }
  }
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
      // Given at go-live, when the register moves on.
      register_version: 0,
      format: input.format,
      content_sha256: input.sha256,
      group_count: input.counts.groups,
      entity_count: input.counts.entities,
      counts_by_type: JSON.stringify(input.counts.byType),
      uploaded_by: input.uploadedBy,
      staged: true,
    })
    .execute()
  return { created: true, staged: { watchlist: locked, version } }
}

/**
 * Writes a staged version's rows, in batches that are each one statement (and so one short
 * transaction of their own). Nothing reads a staged version's rows until it goes live.
 */
export async function writeStagedRows(
  db: Kysely<Database>,
  staged: StagedVersion,
  groups: WatchlistGroup[],
): Promise<{ groups: StoredGroupRow[]; entities: StoredEntityRow[] }> {
  return insertRows(db, staged.watchlist, staged.version, groups)
}

/**
 * Makes a staged version live in one short transaction: a new register version, the list's
 * current version, and the NOTIFY. If a later-numbered upload of the same list went live first
 * (two uploads racing), the later one stays current and this one is kept as a past version.
 */
export async function goLive(trx: Transaction<Database>, staged: StagedVersion): Promise<LiveResult> {
  const locked = await trx.selectFrom('watchlists').selectAll().where('id', '=', staged.watchlist.id).forUpdate().executeTakeFirstOrThrow()
  const { version: registerVersion } = await trx
    .updateTable('register_state')
    .set((eb) => ({ version: eb('version', '+', 1), changed_at: new Date() }))
    .where('id', '=', 1)
    .returning('version')
    .executeTakeFirstOrThrow()
  const version = await trx
    .updateTable('watchlist_versions')
    .set({ staged: false, register_version: registerVersion })
    .where('watchlist_id', '=', locked.id)
    .where('version', '=', staged.version)
    .returningAll()
    .executeTakeFirstOrThrow()
  const current = locked.current_version === null || locked.current_version < staged.version
  if (current) await trx.updateTable('watchlists').set({ current_version: staged.version, updated_at: new Date() }).where('id', '=', locked.id).execute()
  // Delivered on commit only, so no process reloads before the new rows are visible.
  await sql`select pg_notify(${REGISTER_CHANNEL}, ${String(registerVersion)})`.execute(trx)
  return { version, current }
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
        .limit(INSERT_BATCH_ROWS)
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

async function insertRows(
  db: Kysely<Database>,
  watchlist: Watchlist,
  version: number,
  groups: WatchlistGroup[],
): Promise<{ groups: StoredGroupRow[]; entities: StoredEntityRow[] }> {
  const groupRows = groups.map((g, position) => ({
    id: newId('grp'),
    watchlist_id: watchlist.id,
    version,
    org_id: watchlist.org_id,
    ref: g.ref,
    name: g.name,
    aliases: g.aliases,
    risk_level: g.riskLevel,
    handling: g.handling,
    notes: g.notes,
    position,
  }))
  for (let i = 0; i < groupRows.length; i += INSERT_BATCH_ROWS) {
    const batch = JSON.stringify(groupRows.slice(i, i + INSERT_BATCH_ROWS))
    await sql`insert into register_groups (id, watchlist_id, version, org_id, ref, name, aliases, risk_level, handling, notes, position)
      select id, watchlist_id, version, org_id, ref, name, aliases, risk_level, handling, notes, position
      from jsonb_to_recordset(${batch}::jsonb) as r(id text, watchlist_id text, version int, org_id text, ref text, name text, aliases jsonb, risk_level text, handling text, notes text, position int)`.execute(
      db,
    )
    await nextTurn()
  }
  // Built a batch at a time (fingerprints hash every entity), so the event loop turns between.
  const entityRows: StoredEntityRow[] = []
  let written = 0
  const flush = async () => {
    const batch = JSON.stringify(entityRows.slice(written))
    written = entityRows.length
    await sql`insert into register_entities (id, group_id, watchlist_id, version, type, label, data, fingerprint, position)
      select id, group_id, watchlist_id, version, type, label, data, fingerprint, position
      from json_to_recordset(${batch}::json) as r(id text, group_id text, watchlist_id text, version int, type text, label text, data json, fingerprint text, position int)`.execute(
      db,
    )
    await nextTurn()
  }
  for (const [gi, g] of groups.entries()) {
    for (const [position, entity] of g.entities.entries()) {
      entityRows.push({
        id: newId('ent'),
        group_id: groupRows[gi]!.id,
        watchlist_id: watchlist.id,
        version,
        type: entity.type,
        label: entityLabel(entity),
        data: entity,
        fingerprint: entityFingerprint(watchlist.org_id, g.ref, entity),
        position,
      } as StoredEntityRow)
      if (entityRows.length - written >= INSERT_BATCH_ROWS) await flush()
    }
  }
  if (entityRows.length > written) await flush()
  return { groups: groupRows, entities: entityRows }
}

/** What an officer sees as the entity's name: the name, the address on one line, or the value. */
function entityLabel(entity: WatchlistEntity): string {
  switch (entity.type) {
    case 'company':
    case 'person':
      return entity.name
    case 'address':
      return [...entity.address.lines, entity.address.town, entity.address.postcodeKey ?? entity.address.postcode].filter(Boolean).join(', ')
    default:
      return entity.value
  }
}

function entityFingerprint(orgId: string, groupRef: string, entity: WatchlistEntity): string {
  return createHash('sha256')
    .update(`${orgId}\n${groupRef}\n${JSON.stringify(entity)}`)
    .digest('hex')
    .slice(0, 32)
}
