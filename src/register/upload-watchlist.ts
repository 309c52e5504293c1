import { Readable } from 'node:stream'
import { setImmediate as nextTurn } from 'node:timers/promises'
import type { Kysely } from 'kysely'
import { auditingDenial, recordAuditEvent } from '../audit/audit-log.js'
import type { Actor } from '../audit/audit-log.js'
import type { Database } from '../db/database.js'
import { AppError } from '../errors.js'
import { parseCsvWatchlist } from './parse-csv-watchlist.js'
import { parseJsonWatchlist } from './parse-json-watchlist.js'
import type { RegisterCache } from './register-cache.js'
import { registerParts } from './register-loader.js'
import { MAX_REPORTED_ERRORS, type RowError } from './watchlist-content.js'
import { contentSha256, discardStaged, goLive, stageVersion, writeStagedRows } from './staged-upload-store.js'
import { visibleWatchlist } from './watchlist-store.js'
import { versionView, type WatchlistVersionView } from './watchlist-views.js'

export interface UploadInput {
  actor: Actor
  watchlistId: string
  format: 'json' | 'csv'
  body: Buffer
}

export interface UploadResult {
  /** False when the content was byte-identical to the current version: nothing new was stored. */
  created: boolean
  version: WatchlistVersionView
}

/**
 * A force replaces the whole content of one of its watchlists. The upload is parsed and checked
 * in full first: a bad one is refused with every bad row (up to a limit), audited, and changes
 * nothing. A good one is written to a staged version in short transactions (screenings run
 * between them, even on PGlite's one connection), then becomes the list's current version and a
 * new register version in one short transaction: readers see all of it or none. It is live in
 * this process (compiled off the event loop) before the force is told it is; other processes
 * hear the NOTIFY.
 */
export async function uploadWatchlist(deps: { db: Kysely<Database>; register: RegisterCache }, input: UploadInput): Promise<UploadResult> {
  const { db, register } = deps
  const { actor, format, body } = input
  // Another force's list (or none) is a 404, as if absent; the attempt is audited.
  const watchlist = await auditingDenial(db, actor, { action: 'watchlist.upload_denied', targetType: 'watchlist', targetId: input.watchlistId }, () =>
    visibleWatchlist(db, input.watchlistId, { org: actor.orgId, isAdmin: false }),
  )
  const parsed = format === 'csv' ? await parseCsvWatchlist(Readable.from(inTurns(body))) : await parseJsonWatchlist(body)
  const audit = { ...actor, targetType: 'watchlist', targetId: watchlist.id }
  if (!parsed.ok) {
    await db
      .transaction()
      .execute((trx) =>
        recordAuditEvent(trx, { ...audit, action: 'watchlist.upload_rejected', details: { format, bytes: body.length, errors: parsed.totalErrors } }),
      )
    throw new AppError('UNPROCESSABLE_CONTENT', `The upload has ${parsed.totalErrors} error${parsed.totalErrors === 1 ? '' : 's'}; nothing was changed`, {
      errors: parsed.errors.map(rowErrorView),
      extensions: { totalErrors: parsed.totalErrors, reportedErrors: parsed.errors.length, maxReportedErrors: MAX_REPORTED_ERRORS },
    })
  }
  const sha256 = contentSha256(body)
  const details = { format, bytes: body.length }
  const stage = await db.transaction().execute(async (trx) => {
    const staged = await stageVersion(trx, { watchlist, counts: parsed.counts, format, sha256, uploadedBy: actor.actor })
    if (!staged.created) {
      const { version, register_version: registerVersion } = staged.version
      await recordAuditEvent(trx, { ...audit, action: 'watchlist.upload_unchanged', details: { ...details, version, registerVersion, ...parsed.counts } })
    }
    return staged
  })
  if (!stage.created) return { created: false, version: versionView(stage.version) }
  let inserted: Awaited<ReturnType<typeof writeStagedRows>>
  try {
    inserted = await writeStagedRows(db, stage.staged, parsed.content.groups)
  } catch (error) {
    await discardStaged(db, stage.staged).catch(() => undefined)
    throw error
  }
  const goneLive = register.uploadGoingLive()
  try {
    let live: Awaited<ReturnType<typeof goLive>>
    try {
      live = await db.transaction().execute(async (trx) => {
        const result = await goLive(trx, stage.staged)
        const { version, register_version: registerVersion } = result.version
        await recordAuditEvent(trx, { ...audit, action: 'watchlist.upload', details: { ...details, version, registerVersion, ...parsed.counts } })
        return result
      })
    } catch (error) {
      // Not live: its staged rows (intelligence nobody can see or delete) go with it.
      await discardStaged(db, stage.staged).catch(() => undefined)
      throw error
    }
    // Live and audited from here: the answer is 201 whatever happens to this process's copy. A
    // failure to take it in is reported to the cache, whose next reload (NOTIFY or poll) takes it.
    try {
      if (live.current) {
        const part = (await registerParts(inserted.groups, inserted.entities)).get(watchlist.id)
        await register.applyUpload(watchlist.id, watchlist.org_id, live.version.register_version, part ?? { groups: [], entities: [], fingerprints: new Map() })
      } else {
        await register.refresh()
      }
    } catch (error) {
      register.reportError(error)
    }
    return { created: true, version: versionView(live.version) }
  } finally {
    goneLive()
  }
}

// Bytes of a CSV upload parsed per turn of the event loop.
const PARSE_PIECE_BYTES = 64 * 1024

/**
 * The body in pieces with a turn of the event loop between them. Given the whole buffer, the
 * CSV parser and validator run through it without one (their stream steps resolve as
 * microtasks): 1.9 s for 100,000 rows during which no screening could be answered.
 */
async function* inTurns(body: Buffer): AsyncGenerator<Buffer> {
  for (let k = 0; k < body.length; k += PARSE_PIECE_BYTES) {
    yield body.subarray(k, k + PARSE_PIECE_BYTES)
    await nextTurn()
  }
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
