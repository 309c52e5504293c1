import type { Kysely } from 'kysely'
import { auditingDenial, recordAuditEvent, withAudit } from '../audit/audit-log.js'
import type { Actor } from '../audit/audit-log.js'
import type { Database, DecisionOutcome } from '../db/database.js'
import type { Band } from '../matching/index.js'
import { cursorKeys, decodeCursor, toPage, type Page } from '../pagination.js'
import { listDecisions } from './decision-repository.js'
import { getScreening, listScreenings } from './screening-repository.js'
import { screeningDetailView, screeningSummaryView, type ScreeningDetailView, type ScreeningSummaryView } from './screening-views.js'

export interface ScreeningListQuery {
  band?: Band | undefined
  /** `none`: no decision yet. */
  decision?: DecisionOutcome | 'none' | undefined
  /** ISO date-times. */
  from?: string | undefined
  to?: string | undefined
  /** Part of the supplier's name, any case. */
  q?: string | undefined
  /** A tender's id: only its bidders. */
  tender?: string | undefined
  limit: number
  cursor?: string | undefined
}

/**
 * The authority's screenings, newest first, a page at a time, none older than `keptSince` (the
 * retention cut-off); the listing is audited (it shows suppliers' names).
 */
export async function listScreeningsOf(db: Kysely<Database>, actor: Actor, query: ScreeningListQuery, keptSince: Date): Promise<Page<ScreeningSummaryView>> {
  const { limit, cursor, from, to, q, band, decision, tender } = query
  const key = cursor ? decodeCursor(cursor, cursorKeys.byTimeAndId) : undefined
  const rows = await listScreenings(db, {
    orgId: actor.orgId,
    keptSince,
    band,
    decision,
    q,
    tender,
    from: from ? new Date(from) : undefined,
    to: to ? new Date(to) : undefined,
    before: key ? { screenedAt: new Date(key[0]), id: key[1] } : undefined,
    limit: limit + 1,
  })
  const page = toPage(rows, limit, (r) => [r.screened_at.toISOString(), r.id], screeningSummaryView)
  await db.transaction().execute((trx) =>
    recordAuditEvent(trx, {
      ...actor,
      action: 'screening.list',
      targetType: 'screening',
      details: { count: page.items.length, band, decision, from, to, byName: q !== undefined, tender },
    }),
  )
  return page
}

/**
 * One screening of the authority, with its decisions; the read is audited, and so is a denied one
 * (another authority's, none, or one older than `keptSince`, the retention cut-off).
 */
export async function readScreening(db: Kysely<Database>, actor: Actor, id: string, keptSince: Date): Promise<ScreeningDetailView> {
  const denied = { action: 'screening.read_denied', targetType: 'screening', targetId: id }
  const { screening, decisions } = await auditingDenial(db, actor, denied, () =>
    withAudit(
      db,
      async (trx) => {
        const row = await getScreening(trx, id, actor.orgId, keptSince)
        return { screening: row, decisions: await listDecisions(trx, row.id) }
      },
      ({ screening }) => ({ ...actor, action: 'screening.read', targetType: 'screening', targetId: screening.id }),
    ),
  )
  return screeningDetailView(screening, decisions)
}
