import { setImmediate as nextTurn } from 'node:timers/promises'
import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { addEntityToPart, addGroupsToPart, emptyRegisterPart, type RegisterPart } from '../register/register-loader.js'
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
   * those it finds are screened again against the whole register. Null when the change is most
   * of the list (a first upload, a replacement): such a prefilter would be a second copy of the
   * list, compiled again (at a million entities, a gigabyte and twenty seconds), and screening
   * against it would cost as much as against the live register, which serves instead.
   */
  part: RegisterPart | null
}

// Rows per query: each is short, so that on PGlite (one connection) screenings interleave.
const PAGE_ROWS = 2_000

/**
 * Compares the version that went live with the one it replaced (none for a list's first upload:
 * everything is new). Both versions' rows are kept (past versions stay readable for audit), so
 * the comparison is the same whenever it runs. The comparison is made here, over the two
 * versions' keys read in pages, rather than by an anti-join in SQL: without planner statistics
 * (PGlite has no autovacuum) the database chose a nested loop whose time grew with the square of
 * the list's size (45 s at 20,000 entities, measured by `npm run bench -- monitoring`).
 */
export async function loadChangeSet(db: Kysely<Database>, change: RegisterChange): Promise<ChangeSet> {
  const previous = await db
    .selectFrom('watchlist_versions')
    .select((eb) => eb.fn.max('version').as('version'))
    .where('watchlist_id', '=', change.watchlistId)
    .where('version', '<', change.version)
    .where('staged', '=', false)
    .executeTakeFirst()
  const before = previous?.version ?? null

  const groupKey = (g: { ref: string; name: string; aliases: readonly string[]; risk_level: string; handling: string | null }) =>
    JSON.stringify([g.ref, g.name, g.aliases, g.risk_level, g.handling])
  const groupColumns = ['id', 'ref', 'name', 'aliases', 'risk_level', 'handling', 'org_id'] as const
  const groupsOf = (version: number) =>
    db.selectFrom('register_groups').select(groupColumns).where('watchlist_id', '=', change.watchlistId).where('version', '=', version).execute()
  const earlierGroups = before === null ? new Set<string>() : new Set((await groupsOf(before)).map(groupKey))
  const groups = await groupsOf(change.version)
  const changedGroups = groups.filter((g) => !earlierGroups.has(groupKey(g)))
  const changedGroupIds = new Set(changedGroups.map((g) => g.id))

  const earlierFingerprints = new Set<string>()
  if (before !== null) for await (const page of entityKeys(db, change.watchlistId, before)) for (const e of page) earlierFingerprints.add(e.fingerprint)
  const changedIds: string[] = []
  const fingerprints = new Set<string>()
  let listed = 0
  for await (const page of entityKeys(db, change.watchlistId, change.version)) {
    listed += page.length
    for (const e of page) {
      if (earlierFingerprints.has(e.fingerprint) && !changedGroupIds.has(e.group_id)) continue
      changedIds.push(e.id)
      fingerprints.add(e.fingerprint)
    }
  }
  const groupRefs = new Set(changedGroups.map((g) => g.ref))
  if (changedIds.length * 2 > listed) return { fingerprints, groupRefs, part: null }

  const part: RegisterPart = emptyRegisterPart()
  const groupIds = new Set(changedGroupIds)
  for (let i = 0; i < changedIds.length; i += PAGE_ROWS) {
    const entities = await db
      .selectFrom('register_entities')
      .select(['id', 'group_id', 'data', 'fingerprint'])
      .where('id', 'in', changedIds.slice(i, i + PAGE_ROWS))
      .execute()
    for (const e of entities) {
      addEntityToPart(part, e.id, e.group_id, e.fingerprint, e.data)
      groupIds.add(e.group_id)
    }
    await nextTurn()
  }
  // The changed groups, and the groups of changed entities whose group itself did not change.
  addGroupsToPart(
    part,
    groups.filter((g) => groupIds.has(g.id)),
  )
  return { fingerprints, groupRefs, part }
}

/** One version's entity keys, a page at a time in id order. */
async function* entityKeys(db: Kysely<Database>, watchlistId: string, version: number) {
  let after = ''
  for (;;) {
    const page = await db
      .selectFrom('register_entities')
      .select(['id', 'group_id', 'fingerprint'])
      .where('watchlist_id', '=', watchlistId)
      .where('version', '=', version)
      .where('id', '>', after)
      .orderBy('id')
      .limit(PAGE_ROWS)
      .execute()
    yield page
    if (page.length < PAGE_ROWS) return
    after = page[page.length - 1]!.id
    await nextTurn()
  }
}
