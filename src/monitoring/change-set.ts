import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { addEntityToPart, addGroupsToPart, type RegisterPart } from '../register/register-loader.js'
import type { RegisterChange } from './register-change.js'

/** What one upload changed in its watchlist: what monitoring re-screens suppliers against. */
export interface ChangeSet {
  /** Entities added or changed (by fingerprint, which is stable while an entity does not change). */
  fingerprints: ReadonlySet<string>
  /** Groups added or changed (name, aliases, risk level or handling), by reference. */
  groupRefs: ReadonlySet<string>
  /**
   * The changed groups with all their entities, and the changed entities with their groups: a
   * register of its own that suppliers are first screened against (a prefilter), so that only
   * those it finds are screened again against the whole register.
   */
  part: RegisterPart
}

/**
 * Compares the version that went live with the one it replaced (none for a list's first upload:
 * everything is new). Both versions' rows are kept (past versions stay readable for audit), so
 * the comparison is the same whenever it runs.
 */
export async function loadChangeSet(db: Kysely<Database>, change: RegisterChange): Promise<ChangeSet> {
  const previous = await db
    .selectFrom('watchlist_versions')
    .select((eb) => eb.fn.max('version').as('version'))
    .where('watchlist_id', '=', change.watchlistId)
    .where('version', '<', change.version)
    .where('staged', '=', false)
    .executeTakeFirst()
  const before = previous?.version ?? -1
  const groups = await db
    .selectFrom('register_groups as g')
    .select(['g.id', 'g.ref', 'g.name', 'g.aliases', 'g.risk_level', 'g.handling', 'g.org_id'])
    .where('g.watchlist_id', '=', change.watchlistId)
    .where('g.version', '=', change.version)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('register_groups as p')
            .select('p.id')
            .where('p.watchlist_id', '=', change.watchlistId)
            .where('p.version', '=', before)
            .whereRef('p.ref', '=', 'g.ref')
            .whereRef('p.name', '=', 'g.name')
            .where(sql<boolean>`p.aliases::text = g.aliases::text`)
            .whereRef('p.risk_level', '=', 'g.risk_level')
            .where(sql<boolean>`p.handling is not distinct from g.handling`),
        ),
      ),
    )
    .execute()
  const changedGroupIds = groups.map((g) => g.id)
  const entities = await db
    .selectFrom('register_entities as e')
    .select(['e.id', 'e.group_id', 'e.data', 'e.fingerprint'])
    .where('e.watchlist_id', '=', change.watchlistId)
    .where('e.version', '=', change.version)
    .where((eb) =>
      eb.or([
        eb.not(
          eb.exists(
            eb
              .selectFrom('register_entities as p')
              .select('p.id')
              .where('p.watchlist_id', '=', change.watchlistId)
              .where('p.version', '=', before)
              .whereRef('p.fingerprint', '=', 'e.fingerprint'),
          ),
        ),
        ...(changedGroupIds.length > 0 ? [eb('e.group_id', 'in', changedGroupIds)] : []),
      ]),
    )
    .orderBy('e.id')
    .execute()
  // The groups of changed entities whose group itself did not change, so that they can be matched.
  const known = new Set(changedGroupIds)
  const missing = [...new Set(entities.map((e) => e.group_id))].filter((id) => !known.has(id))
  const parents =
    missing.length === 0
      ? []
      : await db.selectFrom('register_groups').select(['id', 'ref', 'name', 'aliases', 'risk_level', 'handling', 'org_id']).where('id', 'in', missing).execute()
  const part: RegisterPart = { groups: [], entities: [], fingerprints: new Map() }
  addGroupsToPart(part, [...groups, ...parents])
  for (const e of entities) addEntityToPart(part, e.id, e.group_id, e.fingerprint, e.data)
  return { fingerprints: new Set(entities.map((e) => e.fingerprint)), groupRefs: new Set(groups.map((g) => g.ref)), part }
}
