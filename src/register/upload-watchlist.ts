import { Readable } from 'node:stream'
import { setImmediate as nextTurn } from 'node:timers/promises'
import type { Kysely, Transaction } from 'kysely'
import { auditingDenial, recordAuditEvent } from '../audit/audit-log.js'
import type { Actor } from '../audit/audit-log.js'
import type { Database } from '../db/database.js'
import { AppError } from '../errors.js'
import { parseCsvWatchlist } from './parse-csv-watchlist.js'
import { parseJsonWatchlist } from './parse-json-watchlist.js'
import type { RegisterCache } from './register-cache.js'
import type { RegisterPart } from './register-loader.js'
import { INSERT_BATCH_ROWS, StagedRowWriter } from './staged-row-writer.js'
import { discardStaged, goLive, stageVersion } from './staged-upload-store.js'
import { UploadBody } from './upload-body.js'
import { MAX_REPORTED_ERRORS, type RowError, type WatchlistParseResult } from './watchlist-content.js'
import { visibleWatchlist } from './watchlist-store.js'
import { versionView, type WatchlistVersionView } from './watchlist-views.js'

export interface UploadInput {
  actor: Actor
  watchlistId: string
  format: 'json' | 'csv'
  /** A CSV upload may be the request's stream, read as it arrives; JSON comes whole. */
  body: Buffer | Readable
  /** Most bytes accepted from a stream (a whole body was limited by the HTTP layer). */
  limitBytes: number
}

export interface UploadResult {
  /** False when the content was byte-identical to the current version: nothing new was stored. */
  created: boolean
  version: WatchlistVersionView
}

/**
 * A force replaces the whole content of one of its watchlists. The upload streams through: each
 * piece is parsed and checked and its valid rows written to a staged version (invisible to
 * readers) in short statements, with screenings between them even on PGlite's one connection,
 * so a large upload's rows are never held whole (its raw bytes may queue, up to the upload
 * limit, when they arrive faster than they are stored: ./upload-body.ts). A bad one (a bad row
 * anywhere, an unreadable CSV, too large) is refused with every bad row (up to a limit), audited,
 * and its staged rows discarded: it changes nothing. A good one becomes the list's current
 * version and a new register version in one short transaction: readers see all of it or none.
 * It is live in this process (compiled off the event loop) before the force is told it is;
 * other processes hear the NOTIFY.
 */
export interface UploadDeps {
  db: Kysely<Database>
  register: RegisterCache
  /** Told, within the transaction that takes it live, of a version that becomes its list's current one (monitoring). */
  onGoingLive?: ((trx: Transaction<Database>, change: GoingLive) => Promise<void>) | undefined
  /** Called once that transaction has committed. */
  onGoneLive?: (() => void) | undefined
}

/** A version becoming its watchlist's current one. */
export interface GoingLive {
  watchlistId: string
  version: number
  forceOrgId: string
  registerVersion: number
}

export async function uploadWatchlist(deps: UploadDeps, input: UploadInput): Promise<UploadResult> {
  const { db, register } = deps
  const { actor, format } = input
  // Another force's list (or none) is a 404, as if absent; the attempt is audited.
  const watchlist = await auditingDenial(db, actor, { action: 'watchlist.upload_denied', targetType: 'watchlist', targetId: input.watchlistId }, () =>
    visibleWatchlist(db, input.watchlistId, { org: actor.orgId, isAdmin: false }),
  )
  const audit = { ...actor, targetType: 'watchlist', targetId: watchlist.id }
  const staged = await db.transaction().execute((trx) => stageVersion(trx, { watchlist, format, uploadedBy: actor.actor }))
  const body = new UploadBody(input.limitBytes)
  let parsed: WatchlistParseResult
  let part: RegisterPart | undefined
  const writer = new StagedRowWriter(db, staged)
  try {
    parsed = await parseInto(writer, body, input)
    if (parsed.ok) part = await writer.finish(parsed.content.groups)
  } catch (error) {
    // Not live: its staged rows (intelligence nobody can see or delete) go with it, once the
    // last batch has landed.
    await writer.settle()
    await discardStaged(db, staged).catch(() => undefined)
    throw error
  }
  if (!parsed.ok || part === undefined) {
    await writer.settle()
    await discardStaged(db, staged).catch(() => undefined)
    const totalErrors = parsed.ok ? 0 : parsed.totalErrors
    await db
      .transaction()
      .execute((trx) => recordAuditEvent(trx, { ...audit, action: 'watchlist.upload_rejected', details: { format, bytes: body.bytes, errors: totalErrors } }))
    const errors = parsed.ok ? [] : parsed.errors
    throw new AppError('UNPROCESSABLE_CONTENT', `The upload has ${totalErrors} error${totalErrors === 1 ? '' : 's'}; nothing was changed`, {
      errors: errors.map(rowErrorView),
      extensions: { totalErrors, reportedErrors: errors.length, maxReportedErrors: MAX_REPORTED_ERRORS },
    })
  }
  const { counts } = parsed
  const details = { format, bytes: body.bytes }
  const goneLive = register.uploadGoingLive()
  try {
    let live: Awaited<ReturnType<typeof goLive>>
    try {
      live = await db.transaction().execute(async (trx) => {
        const result = await goLive(trx, staged, { sha256: body.sha256(), counts })
        const { version, register_version: registerVersion } = result.version
        if (result.created && result.current)
          await deps.onGoingLive?.(trx, { watchlistId: watchlist.id, version, forceOrgId: watchlist.org_id, registerVersion })
        const action = result.created ? 'watchlist.upload' : 'watchlist.upload_unchanged'
        await recordAuditEvent(trx, { ...audit, action, details: { ...details, version, registerVersion, ...counts } })
        return result
      })
    } catch (error) {
      await discardStaged(db, staged).catch(() => undefined)
      throw error
    }
    if (live.created && live.current) deps.onGoneLive?.()
    if (!live.created) {
      // A byte-identical retry of the current version: its staged copy goes (a failure to
      // remove it is reported; the answer stands, as nothing was changed).
      await discardStaged(db, staged).catch((error: unknown) => register.reportError(error))
      return { created: false, version: versionView(live.version) }
    }
    // Live and audited from here: the answer is 201 whatever happens to this process's copy. A
    // failure to take it in is reported to the cache, whose next reload (NOTIFY or poll) takes it.
    try {
      if (live.current) await register.applyUpload(watchlist.id, watchlist.org_id, live.version.register_version, part)
      else await register.refresh()
    } catch (error) {
      register.reportError(error)
    }
    return { created: true, version: versionView(live.version) }
  } finally {
    goneLive()
  }
}

/**
 * Parses the upload, handing each valid entity to the writer as it is read. A CSV streams
 * through in pieces, its rows written between them; a JSON upload is parsed whole (its body is
 * already in memory) and then written in the same batches.
 */
async function parseInto(writer: StagedRowWriter, body: UploadBody, input: UploadInput): Promise<WatchlistParseResult> {
  const between = async () => {
    await writer.drain()
    await nextTurn()
  }
  if (input.format === 'csv') {
    // One piece read ahead at most: the writer's pause between pieces holds the parser back.
    const pieces = Readable.from(body.pieces(input.body, between), { highWaterMark: 1 })
    return parseCsvWatchlist(pieces, {}, (ref, entity) => writer.add(ref, entity))
  }
  const parsed = await parseJsonWatchlist(await body.whole(input.body))
  if (!parsed.ok) return parsed
  let n = 0
  for (const group of parsed.content.groups) {
    for (const entity of group.entities) {
      writer.add(group.ref, entity)
      if (++n % INSERT_BATCH_ROWS === 0) await between()
    }
  }
  return parsed
}

function rowErrorView(error: RowError) {
  return {
    ...(error.row !== undefined ? { row: error.row } : {}),
    ...(error.path !== undefined ? { field: error.path } : {}),
    ...(error.column !== undefined ? { column: error.column } : {}),
    code: error.code,
    message: error.message,
  }
}
