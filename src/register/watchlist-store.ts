import { type Kysely, type Transaction } from 'kysely'
import type { Database, Watchlist, WatchlistVersion } from '../db/database.js'
import { AppError, notFound } from '../errors.js'
import { newId } from '../ids.js'
import type { WatchlistContent, WatchlistEntity } from './watchlist-content.js'

// A register entity's JSON column holds the entity as uploaded, so that reads need no cast.
declare module '../db/database.js' {
  interface JsonDocuments {
    registerEntity: WatchlistEntity
  }
}

/** The channel on which every accepted upload announces the new register version. */
export const REGISTER_CHANNEL = 'bidscreen_register'

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
    .where('h.group_ref', 'in', (eb) =>
      eb
        .selectFrom('register_groups as g')
        .innerJoin('watchlist_versions as v', (join) => join.onRef('v.watchlist_id', '=', 'g.watchlist_id').onRef('v.version', '=', 'g.version'))
        .select('g.ref')
        .distinct()
        .where('g.watchlist_id', '=', watchlist.id)
        .where('v.staged', '=', false),
    )
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
