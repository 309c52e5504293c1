/** One accepted upload that became its watchlist's current version: what monitoring re-screens against. */
export interface RegisterChange {
  watchlistId: string
  /** The watchlist's version that went live. */
  version: number
  forceOrgId: string
  registerVersion: number
}

/** The change's stable name: alerts it raises carry it, so that it never raises the same alert twice. */
export function changeIdOf(change: Pick<RegisterChange, 'watchlistId' | 'version'>): string {
  return `${change.watchlistId}@${change.version}`
}
