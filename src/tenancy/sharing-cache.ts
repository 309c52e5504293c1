import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { listUnrevokedAgreements } from './sharing-agreements.js'

// A lost notice still takes effect within this long.
const MAX_AGE_MS = 5_000

interface Window {
  policeOrgId: string
  validFrom: Date
  validTo: Date | null
}

/**
 * Unrevoked agreements by authority, held in memory because every screening needs them. Whether
 * one is in force is worked out at each call from its validity window, so time passing needs no
 * reload; a revocation or a new agreement is announced on SHARING_CHANNEL and drops the copy.
 */
export class SharingCache {
  #byAuthority: Promise<Map<string, Window[]>> | undefined
  #loadedAt = 0
  readonly #db: Kysely<Database>

  constructor(db: Kysely<Database>) {
    this.#db = db
  }

  invalidate(): void {
    this.#byAuthority = undefined
  }

  /** Police organisations whose groups the authority may be screened against at `now`. */
  async forcesFor(authorityOrgId: string, now = new Date()): Promise<Set<string>> {
    if (!this.#byAuthority || Date.now() - this.#loadedAt > MAX_AGE_MS) {
      this.#loadedAt = Date.now()
      this.#byAuthority = this.#load()
      this.#byAuthority.catch(() => this.invalidate())
    }
    const windows = (await this.#byAuthority).get(authorityOrgId) ?? []
    return new Set(windows.filter((w) => w.validFrom <= now && (w.validTo === null || w.validTo > now)).map((w) => w.policeOrgId))
  }

  async #load(): Promise<Map<string, Window[]>> {
    const rows = await listUnrevokedAgreements(this.#db)
    const byAuthority = new Map<string, Window[]>()
    for (const row of rows) {
      const list = byAuthority.get(row.authority_org_id) ?? []
      list.push({ policeOrgId: row.police_org_id, validFrom: row.valid_from, validTo: row.valid_to })
      byAuthority.set(row.authority_org_id, list)
    }
    return byAuthority
  }
}
