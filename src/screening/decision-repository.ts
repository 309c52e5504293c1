import type { Kysely, Transaction } from 'kysely'
import type { Decision, Database } from '../db/database.js'
import { notFound } from '../errors.js'
import type { StoredMatch } from './screening-draft.js'

/** A screening's decisions, oldest first. */
export async function listDecisions(db: Kysely<Database> | Transaction<Database>, screeningId: string): Promise<Decision[]> {
  return db.selectFrom('decisions').selectAll().where('screening_id', '=', screeningId).orderBy('decided_at').orderBy('id').execute()
}

/**
 * Records an officer's decision; the latest stands. "Cleared" puts each counted match of the
 * screening on the authority's good-guy list; any later outcome takes this screening's entries off
 * it again, so a reversed clearance stops hiding matches. A decision on an alert clears the
 * alert's matches (`clearing`: the re-screen's) rather than the screening's own. A screening
 * older than `keptSince` (the retention cut-off) is not found.
 */
export async function recordDecision(
  trx: Transaction<Database>,
  decision: Decision,
  options: { clearing?: readonly StoredMatch[] | undefined; keptSince?: Date | undefined } = {},
): Promise<void> {
  const { clearing, keptSince } = options
  let query = trx.selectFrom('screenings').select(['id', 'matches']).where('id', '=', decision.screening_id).where('org_id', '=', decision.org_id)
  // One past its retention period is gone for the authority, purged or not yet.
  if (keptSince) query = query.where('screened_at', '>=', keptSince)
  const screening = await query.forUpdate().executeTakeFirst()
  if (!screening) throw notFound('Screening')
  // A decision is timed before it waits for the screening's lock, so one may commit after a
  // decision timed later: it joins the history but does not replace the one that stands.
  const superseded = await trx
    .selectFrom('decisions')
    .select('id')
    .where('screening_id', '=', screening.id)
    .where((eb) => eb.or([eb('decided_at', '>', decision.decided_at), eb.and([eb('decided_at', '=', decision.decided_at), eb('id', '>', decision.id)])]))
    .executeTakeFirst()
  await trx.insertInto('decisions').values(decision).execute()
  if (superseded) return
  await trx
    .updateTable('screenings')
    .set({ decision: decision.outcome, decision_id: decision.id, decided_at: decision.decided_at })
    .where('id', '=', screening.id)
    .execute()
  await trx.deleteFrom('suppressions').where('screening_id', '=', screening.id).execute()
  if (decision.outcome === 'cleared') {
    // Several matches can rest on one (value, entity) pair (a name and a trading name against one
    // company, say): one row each, as one INSERT may not touch a conflicting row twice.
    const pairs = [
      ...new Map(
        (clearing ?? screening.matches)
          .filter((m) => !m.suppressed && m.internal.fingerprint)
          .map((m) => [
            `${m.internal.valueKey}\n${m.internal.fingerprint}`,
            {
              org_id: decision.org_id,
              value_key: m.internal.valueKey,
              entity_fingerprint: m.internal.fingerprint,
              decision_id: decision.id,
              screening_id: screening.id,
            },
          ]),
      ).values(),
    ]
    if (pairs.length > 0) {
      await trx
        .insertInto('suppressions')
        .values(pairs)
        .onConflict((oc) =>
          oc
            .columns(['org_id', 'value_key', 'entity_fingerprint'])
            .doUpdateSet((eb) => ({ decision_id: eb.ref('excluded.decision_id'), screening_id: eb.ref('excluded.screening_id') })),
        )
        .execute()
    }
  }
}
