import { createHash } from 'node:crypto'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database, Watchlist, WatchlistVersion } from '../db/database.js'
import { AppError, notFound } from '../errors.js'
import { newId } from '../ids.js'
import type { StoredEntityRow, StoredGroupRow } from './register-loader.js'
import type { WatchlistContent, WatchlistCounts, WatchlistEntity, WatchlistGroup } from './watchlist-content.js'

// A register entity's JSON column holds the entity as uploaded, so that reads need no cast.
declare module '../db/database.js' {
  interface JsonDocuments {
    registerEntity: WatchlistEntity
  }
}

/** The channel on which every accepted upload announces the new register version. */
export const REGISTER_CHANNEL = 'bidscreen_register'

// Rows per INSERT, each its own short transaction: on PGlite's one connection, screenings run
// between them, so a batch must stay a few tens of milliseconds. PGlite runs a query on this
// thread and resolves it without a turn of the event loop, so between batches the writer also
// yields (`nextTurn`): otherwise a chain of batches would starve every other request.
const INSERT_BATCH_ROWS = 250

export async function createWatchlist(
  trx: Transaction<Database>,
  input: { orgId: string; name: string; description?: string | undefined; createdBy: string },
): Promise<Watchlist> {
  const clash = await trx.selectFrom('watchlists').select('id').where('org_id', '=', input.orgId).where('name', '=', input.name).executeTakeFirst()
  if (clash) throw new AppError('CONFLICT', 'Your force already has a watchlist with this name', { field: 'name', extensions: { existingId: clash.id } })
  return trx
    .insertInto('watchlists')
    .values({
      id: newId('wl'),
      org_id: input.orgId,
      name: input.name,
      description: input.description ?? null,
      current_version: null,
      created_by: input.createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

/**
 * The watchlist, if the caller may see it: its own force always, administrators for metadata.
 * Anyone else gets the same 404 as for a list that does not exist.
 */
export async function visibleWatchlist(db: Kysely<Database>, id: string, viewer: { org: string; isAdmin: boolean }): Promise<Watchlist> {
  const row = await db.selectFrom('watchlists').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row || (!viewer.isAdmin && row.org_id !== viewer.org)) throw notFound('Watchlist')
  return row
}

export async function listWatchlists(
  db: Kysely<Database>,
  filter: { orgId?: string | undefined; after?: string | undefined; limit: number },
): Promise<Watchlist[]> {
  let query = db.selectFrom('watchlists').selectAll().orderBy('id').limit(filter.limit)
  if (filter.orgId) query = query.where('org_id', '=', filter.orgId)
  if (filter.after) query = query.where('id', '>', filter.after)
  return query.execute()
}

export async function currentVersionOf(db: Kysely<Database>, watchlist: Watchlist): Promise<WatchlistVersion | undefined> {
  return watchlist.current_version === null ? undefined : getVersion(db, watchlist.id, watchlist.current_version)
}

/** One version of a watchlist, if it exists. */
export async function getVersion(db: Kysely<Database>, watchlistId: string, version: number): Promise<WatchlistVersion | undefined> {
  return db
    .selectFrom('watchlist_versions')
    .selectAll()
    .where('watchlist_id', '=', watchlistId)
    .where('version', '=', version)
    .where('staged', '=', false)
    .executeTakeFirst()
}

export async function listVersions(
  db: Kysely<Database>,
  watchlistId: string,
  filter: { before?: number | undefined; limit: number },
): Promise<WatchlistVersion[]> {
  let query = db
    .selectFrom('watchlist_versions')
    .selectAll()
    .where('watchlist_id', '=', watchlistId)
    .where('staged', '=', false)
    .orderBy('version', 'desc')
    .limit(filter.limit)
  if (filter.before !== undefined) query = query.where('version', '<', filter.before)
  return query.execute()
}

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

/** The content of one version, in upload order, as the owning force wrote it (notes included). */
export async function readContent(db: Kysely<Database>, watchlistId: string, version: number): Promise<WatchlistContent> {
  const groups = await db
    .selectFrom('register_groups')
    .selectAll()
    .where('watchlist_id', '=', watchlistId)
    .where('version', '=', version)
    .orderBy('position')
    .execute()
  const entities = await db
    .selectFrom('register_entities')
    .select(['group_id', 'data'])
    .where('watchlist_id', '=', watchlistId)
    .where('version', '=', version)
    .orderBy('group_id')
    .orderBy('position')
    .execute()
  const byGroup = new Map<string, WatchlistEntity[]>()
  for (const e of entities) {
    const list = byGroup.get(e.group_id) ?? []
    list.push(e.data)
    byGroup.set(e.group_id, list)
  }
  return {
    groups: groups.map((g) => ({
      ref: g.ref,
      name: g.name,
      aliases: g.aliases,
      riskLevel: g.risk_level,
      handling: g.handling,
      notes: g.notes,
      entities: byGroup.get(g.id) ?? [],
    })),
  }
}

/**
 * Screenings that matched this watchlist's groups, newest first: which authority, which group,
 * how strongly. Nothing of the supplier, whose details belong to the authority.
 */
export async function listHits(
  db: Kysely<Database>,
  watchlist: Watchlist,
  filter: { before?: { screenedAt: Date; screeningId: string } | undefined; limit: number },
) {
  let query = db
    .selectFrom('screening_hits as h')
    .innerJoin('organisations as o', 'o.id', 'h.authority_org_id')
    .select(['h.screening_id', 'h.authority_org_id', 'o.name as authority_name', 'h.group_ref', 'h.best_score', 'h.band', 'h.screened_at'])
    .where('h.police_org_id', '=', watchlist.org_id)
    .where('h.group_ref', 'in', (eb) => eb.selectFrom('register_groups').select('ref').distinct().where('watchlist_id', '=', watchlist.id))
    .orderBy('h.screened_at', 'desc')
    .orderBy('h.screening_id', 'desc')
    .limit(filter.limit)
  const before = filter.before
  if (before) {
    query = query.where((eb) =>
      eb.or([
        eb('h.screened_at', '<', before.screenedAt),
        eb.and([eb('h.screened_at', '=', before.screenedAt), eb('h.screening_id', '<', before.screeningId)]),
      ]),
    )
  }
  return query.execute()
}
