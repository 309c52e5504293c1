import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { databaseStatus } from './database-status.js'

/** A dependency's own check: returns facts to show, or throws when it is not ready. */
export type ReadinessCheck = () => Promise<Record<string, unknown>>

export type Readiness = { ready: true; checks: Record<string, unknown> } | { ready: false; checks: Record<string, unknown>; error: unknown }

/**
 * Whether this process can serve: the database answers and is fully migrated, then each other
 * dependency's check passes, in order. The checks that passed are reported either way.
 */
export async function checkReadiness(deps: { db: Kysely<Database>; databaseKind: string; checks: ReadonlyMap<string, ReadinessCheck> }): Promise<Readiness> {
  const checks: Record<string, unknown> = {}
  try {
    const { pendingMigrations } = await databaseStatus(deps.db)
    if (pendingMigrations > 0) throw new Error(`${pendingMigrations} migrations pending`)
    checks.database = { status: 'ok', kind: deps.databaseKind }
    for (const [name, check] of deps.checks) checks[name] = { status: 'ok', ...(await check()) }
  } catch (error) {
    return { ready: false, checks, error }
  }
  return { ready: true, checks }
}
