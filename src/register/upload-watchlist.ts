import type { Kysely } from 'kysely'
import { recordAuditEvent } from '../audit/audit-log.js'
import type { Actor } from '../audit/audit-log.js'
import type { Database } from '../db/database.js'
import { AppError } from '../errors.js'
import { parseCsvWatchlist } from './parse-csv-watchlist.js'
import { parseJsonWatchlist } from './parse-json-watchlist.js'
import type { RegisterCache } from './register-cache.js'
import { registerParts } from './register-loader.js'
import { MAX_REPORTED_ERRORS, type RowError } from './watchlist-content.js'
import { contentSha256, replaceContent, visibleWatchlist } from './watchlist-store.js'
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
 * nothing. A good one becomes a new watchlist version and register version in one transaction,
 * and is live in this process before the force is told it is; other processes hear the NOTIFY.
 */
export async function uploadWatchlist(deps: { db: Kysely<Database>; register: RegisterCache }, input: UploadInput): Promise<UploadResult> {
  const { db, register } = deps
  const { actor, format, body } = input
  const watchlist = await visibleWatchlist(db, input.watchlistId, { org: actor.orgId, isAdmin: false })
  const parsed = format === 'csv' ? await parseCsvWatchlist(body) : await parseJsonWatchlist(body)
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
  const result = await db.transaction().execute(async (trx) => {
    const replaced = await replaceContent(trx, { watchlist, content: parsed.content, counts: parsed.counts, format, sha256, uploadedBy: actor.actor })
    await recordAuditEvent(trx, {
      ...audit,
      action: replaced.created ? 'watchlist.upload' : 'watchlist.upload_unchanged',
      details: { format, bytes: body.length, version: replaced.version.version, registerVersion: replaced.version.register_version, ...parsed.counts },
    })
    return replaced
  })
  if (result.created) {
    const part = registerParts(result.inserted.groups, result.inserted.entities).get(watchlist.id)
    await register.applyUpload(watchlist.id, watchlist.org_id, result.version.register_version, part ?? { groups: [], entities: [], fingerprints: new Map() })
  }
  return { created: result.created, version: versionView(result.version) }
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
