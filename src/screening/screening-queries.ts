import type { Kysely } from 'kysely'
import type { Band, Database, DecisionOutcome, Screening } from '../db/database.js'
import { notFound } from '../errors.js'

export interface ScreeningFilter {
  orgId: string
  band?: Band | undefined
  /** `none`: no decision yet. */
  decision?: DecisionOutcome | 'none' | undefined
  from?: Date | undefined
  to?: Date | undefined
  /** Part of the supplier's name, any case. */
  q?: string | undefined
  /** Sort key of the last item of the previous page: newest first, id breaking ties. */
  before?: { screenedAt: Date; id: string } | undefined
  limit: number
}

export async function listScreenings(db: Kysely<Database>, filter: ScreeningFilter): Promise<Screening[]> {
  let query = db
    .selectFrom('screenings')
    .selectAll()
    .where('org_id', '=', filter.orgId)
    .orderBy('screened_at', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit)
  if (filter.band) query = query.where('band', '=', filter.band)
  if (filter.decision === 'none') query = query.where('decision', 'is', null)
  else if (filter.decision) query = query.where('decision', '=', filter.decision)
  if (filter.from) query = query.where('screened_at', '>=', filter.from)
  if (filter.to) query = query.where('screened_at', '<', filter.to)
  if (filter.q) query = query.where('supplier_name', 'ilike', `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
  const before = filter.before
  if (before) {
    query = query.where((eb) =>
      eb.or([eb('screened_at', '<', before.screenedAt), eb.and([eb('screened_at', '=', before.screenedAt), eb('id', '<', before.id)])]),
    )
  }
  return query.execute()
}

/** One screening of the caller's authority; another authority's is "not found", as if absent. */
export async function getScreening(db: Kysely<Database>, id: string, orgId: string): Promise<Screening> {
  const row = await db.selectFrom('screenings').selectAll().where('id', '=', id).where('org_id', '=', orgId).executeTakeFirst()
  if (!row) throw notFound('Screening')
  return row
}
