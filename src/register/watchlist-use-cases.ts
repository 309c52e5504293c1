import { auditingDenial, withAudit } from '../audit/audit-log.js'
import type { Actor } from '../audit/audit-log.js'
import { AppError } from '../errors.js'
import { cursorKeys, decodeCursor, toPage, type Page } from '../pagination.js'
import { uploadWatchlist, type UploadDeps, type UploadInput } from './upload-watchlist.js'
import type { WatchlistContent } from './watchlist-content.js'
import { createWatchlist, currentVersionOf, getVersion, listHits, listVersions, listWatchlists, readContent, visibleWatchlist } from './watchlist-store.js'
import { versionView, watchlistView, type WatchlistVersionView, type WatchlistView } from './watchlist-views.js'

/** Who reads a watchlist: its own force always, administrators its metadata. */
export interface Viewer {
  org: string
  isAdmin: boolean
  /** Who asks, for the audit of a denied attempt. */
  actor: Actor
}

export interface PageQuery {
  limit: number
  cursor?: string | undefined
}

/** A screening that matched one of the force's groups: which authority, which group, how strongly. */
export interface HitView {
  screeningId: string
  authority: { id: string; name: string }
  groupRef: string
  bestScore: number
  band: string
  screenedAt: string
}

/** The owning force's own view of a version's content, intelligence notes included. */
export interface WatchlistContentView extends WatchlistContent {
  watchlistId: string
  version: number
}

/** The watchlist use cases of the register: a force keeps its lists; administrators see their metadata. */
export function watchlistUseCases(deps: UploadDeps) {
  const { db } = deps

  // Another force's list (or none) is a 404, as if absent; the attempt is audited.
  const visible = (id: string, viewer: Viewer, operation: string) =>
    auditingDenial(db, viewer.actor, { action: 'watchlist.read_denied', targetType: 'watchlist', targetId: id, details: { operation } }, () =>
      visibleWatchlist(db, id, viewer),
    )

  async function create(actor: Actor, input: { name: string; description?: string | undefined }): Promise<WatchlistView> {
    const row = await withAudit(
      db,
      (trx) => createWatchlist(trx, { orgId: actor.orgId, name: input.name, description: input.description, createdBy: actor.actor }),
      (w) => ({ ...actor, action: 'watchlist.create', targetType: 'watchlist', targetId: w.id }),
    )
    return watchlistView(row, undefined)
  }

  /** A force's own lists; an administrator's, every force's or one force's. */
  async function list(viewer: Viewer, query: PageQuery & { orgId?: string | undefined }): Promise<Page<WatchlistView>> {
    const after = query.cursor ? decodeCursor(query.cursor, cursorKeys.byId)[0] : undefined
    const rows = await listWatchlists(db, { orgId: viewer.isAdmin ? query.orgId : viewer.org, after, limit: query.limit + 1 })
    const page = toPage(
      rows,
      query.limit,
      (r) => [r.id],
      (r) => r,
    )
    const items = await Promise.all(page.items.map(async (w) => watchlistView(w, await currentVersionOf(db, w))))
    return { items, nextCursor: page.nextCursor }
  }

  async function get(viewer: Viewer, id: string): Promise<WatchlistView> {
    const watchlist = await visible(id, viewer, 'get')
    return watchlistView(watchlist, await currentVersionOf(db, watchlist))
  }

  async function versions(viewer: Viewer, id: string, query: PageQuery): Promise<Page<WatchlistVersionView>> {
    const watchlist = await visible(id, viewer, 'versions')
    const before = query.cursor ? decodeCursor(query.cursor, cursorKeys.byVersion)[0] : undefined
    const rows = await listVersions(db, watchlist.id, { before, limit: query.limit + 1 })
    return toPage(rows, query.limit, (r) => [r.version], versionView)
  }

  /** The full content of a version (the current one by default), to the owning force only; audited. */
  async function content(actor: Actor, id: string, requested: number | undefined): Promise<WatchlistContentView> {
    const watchlist = await visible(id, { org: actor.orgId, isAdmin: false, actor }, 'content')
    const version = requested ?? watchlist.current_version
    if (version === null) throw new AppError('NOT_FOUND', 'Nothing has been uploaded to this watchlist yet')
    if (!(await getVersion(db, watchlist.id, version))) throw new AppError('NOT_FOUND', 'No such version of this watchlist')
    const stored = await withAudit(
      db,
      (trx) => readContent(trx, watchlist.id, version),
      () => ({ ...actor, action: 'watchlist.read_content', targetType: 'watchlist', targetId: watchlist.id, details: { version } }),
    )
    return { watchlistId: watchlist.id, version, ...stored }
  }

  /** Screenings that hit the force's list, newest first; nothing of the supplier. */
  async function hits(actor: Actor, id: string, query: PageQuery): Promise<Page<HitView>> {
    const watchlist = await visible(id, { org: actor.orgId, isAdmin: false, actor }, 'hits')
    const key = query.cursor ? decodeCursor(query.cursor, cursorKeys.byTimeAndId) : undefined
    const rows = await listHits(db, watchlist, {
      before: key ? { screenedAt: new Date(key[0]), screeningId: key[1] } : undefined,
      limit: query.limit + 1,
    })
    return toPage(
      rows,
      query.limit,
      (r) => [r.screened_at.toISOString(), r.screening_id],
      (r) => ({
        screeningId: r.screening_id,
        authority: { id: r.authority_org_id, name: r.authority_name },
        groupRef: r.group_ref,
        bestScore: r.best_score,
        band: r.band,
        screenedAt: r.screened_at.toISOString(),
      }),
    )
  }

  const upload = (input: UploadInput) => uploadWatchlist(deps, input)

  return { create, list, get, versions, content, hits, upload }
}

export type WatchlistUseCases = ReturnType<typeof watchlistUseCases>
