const DAY_MS = 24 * 60 * 60 * 1000

/**
 * The one rule of every retention period: a record timed before this instant has outlived it.
 * The purge deletes what is older, and reads hide it (`>=` the cut-off is kept), so that nothing
 * is shown between its expiry and the next daily purge. Days are of 24 hours, counted from `now`.
 */
export function retentionCutoff(now: Date, retentionDays: number): Date {
  return new Date(now.getTime() - retentionDays * DAY_MS)
}
