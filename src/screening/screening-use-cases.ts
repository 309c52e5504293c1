import type { Kysely } from 'kysely'
import type { Actor } from '../audit/audit-log.js'
import type { Database } from '../db/database.js'
import type { RegisterCache } from '../register/register-cache.js'
import { retentionCutoff } from '../retention/retention-cutoff.js'
import type { SharingCache } from '../tenancy/sharing-cache.js'
import { decideScreening, type DecisionInput } from './decide-screening.js'
import { IdempotentWriter } from './idempotent-write.js'
import { listScreeningsOf, readScreening, type ScreeningListQuery } from './read-screenings.js'
import { ScreenSuppliers } from './screen-suppliers.js'

/** What the screening use cases need from the process: the database and its two caches. */
export interface ScreeningDeps {
  db: Kysely<Database>
  register: RegisterCache
  sharing: SharingCache
  idempotencyTtlHours: number
  /** SCREENING_RETENTION_DAYS: older screenings are never shown, even before the purge removes them. */
  screeningRetentionDays: number
}

/** The screening use cases, sharing one writer (and its batches) per process. */
export function screeningUseCases(deps: ScreeningDeps) {
  const writer = new IdempotentWriter(deps.db, deps.idempotencyTtlHours)
  const screener = new ScreenSuppliers({ ...deps, writer })
  const keptSince = () => retentionCutoff(new Date(), deps.screeningRetentionDays)
  return {
    screen: screener.one.bind(screener),
    screenBatch: screener.batch.bind(screener),
    list: (actor: Actor, query: ScreeningListQuery) => listScreeningsOf(deps.db, actor, query, keptSince()),
    read: (actor: Actor, id: string) => readScreening(deps.db, actor, id, keptSince()),
    decide: (input: DecisionInput) => decideScreening(deps.db, writer, input, keptSince()),
  }
}

export type ScreeningUseCases = ReturnType<typeof screeningUseCases>
