import { setImmediate as nextTurn } from 'node:timers/promises'
import type { Kysely, Transaction } from 'kysely'
import { auditRow } from '../audit/audit-log.js'
import type { Database } from '../db/database.js'
import { newId } from '../ids.js'
import type { JobQueue, RetryPolicy } from '../jobs/job-queue.js'
import { RegisterCompiler } from '../register/register-compiler.js'
import type { RegisterCache, RegisterSnapshot } from '../register/register-cache.js'
import { findSuppressions } from '../screening/screening-repository.js'
import type { SharingCache } from '../tenancy/sharing-cache.js'
import type { AlertsRaisedListener, RaisedAlert } from './alert-documents.js'
import { alertForChange, identityOf, rescreen, touchedByChange, type AlertDraft, type ChangeContext } from './alert-for-change.js'
import { loadChangeSet } from './change-set.js'
import {
  authoritiesSharingWith,
  closeAlerts,
  pendingAlertsOfForce,
  readProgress,
  saveProgress,
  screeningsOfRecord,
  storeAlerts,
  type ScreeningOfRecord,
} from './monitoring-repository.js'
import { changeIdOf, type RegisterChange } from './register-change.js'

const CHANGE_QUEUE = 'monitoring-change'
const RESCREEN_QUEUE = 'monitoring-rescreen'
// Retried for about an hour and a half with back-off (5 s doubling); a job whose process died is
// taken up again after its expiry. A re-screen job does a bounded amount of work (PAGES_PER_JOB)
// and queues its continuation, so that it never runs near its expiry.
const POLICY: RetryPolicy = { retryLimit: 10, retryDelaySeconds: 5, expireInSeconds: 300 }
const PAGES_PER_JOB = 20
// Suppliers matched between turns of the event loop: jobs yield to requests.
const SUPPLIERS_PER_TURN = 25
const CONTEXTS_KEPT = 2
const ACTOR = 'system:monitoring'

export interface MonitoringDeps {
  db: Kysely<Database>
  jobs: JobQueue
  register: RegisterCache
  sharing: SharingCache
  /** Suppliers screened within this many days are monitored. */
  windowDays: number
  /** Screenings of record read and re-screened per transaction. */
  pageSize: number
  /** Told of alerts in the transaction that stores them. */
  onAlertsRaised?: AlertsRaisedListener | undefined
  /** Called once such a transaction has committed (what the listener queued can be taken up now). */
  afterAlertsRaised?: (() => void) | undefined
}

type RescreenJob = RegisterChange & { orgId: string }
interface Raised {
  screening: ScreeningOfRecord
  alert: AlertDraft
}

/**
 * Ongoing monitoring (docs/design.md §8): when a watchlist's new version goes live, the latest
 * screening of each supplier that an authority sharing with the force screened within the
 * window is screened again, and a new or stronger match that the change brought is an alert.
 * Runs as jobs: one per change (closes alerts the change took away, queues the authorities), then
 * per authority in pages, each page's alerts and progress stored in one transaction, so that a
 * job retried after a crash resumes where it stopped and raises nothing twice (an alert is unique
 * per screening and change).
 */
export function monitoringUseCases(deps: MonitoringDeps) {
  const { db, jobs } = deps
  const compiler = new RegisterCompiler()
  // The last two changes' prefilter registers: a change's pages and authorities share one. Each
  // is a compiled register of what its upload changed (up to a whole watchlist), so only two are
  // kept: the change being worked through and the one before, whose jobs may still be queued.
  const contexts = new Map<string, Promise<ChangeContext>>()

  function contextOf(change: RegisterChange): Promise<ChangeContext> {
    const id = changeIdOf(change)
    let context = contexts.get(id)
    if (!context) {
      context = loadChangeSet(db, change).then(async (set) => {
        const compiled = set.part === null ? null : (await compiler.compile(change.registerVersion, new Map([[change.watchlistId, set.part]]))).compiled
        return { forceOrgId: change.forceOrgId, compiled, fingerprints: set.fingerprints, groupRefs: set.groupRefs }
      })
      context.catch(() => contexts.delete(id))
      contexts.set(id, context)
      while (contexts.size > CONTEXTS_KEPT) contexts.delete(contexts.keys().next().value!)
    }
    return context
  }

  /** The register at the change's version or later. */
  async function snapshotFor(change: RegisterChange): Promise<RegisterSnapshot> {
    const current = deps.register.snapshot
    if (current && current.version >= change.registerVersion) return current
    return deps.register.refresh()
  }

  async function onChange(change: RegisterChange): Promise<void> {
    const snapshot = await snapshotFor(change)
    await closeAlertsTakenAway(change, snapshot)
    for (const orgId of await authoritiesSharingWith(db, change.forceOrgId, new Date())) {
      await jobs.send(RESCREEN_QUEUE, { ...change, orgId }, `${changeIdOf(change)}:${orgId}`)
    }
  }

  // An alert whose new matches all rest on entities (or groups) no longer in the register is closed.
  async function closeAlertsTakenAway(change: RegisterChange, snapshot: RegisterSnapshot): Promise<void> {
    const pending = await pendingAlertsOfForce(db, change.forceOrgId)
    if (pending.length === 0) return
    const live = new Set(snapshot.fingerprints.values())
    for (const group of snapshot.compiled.groups.values()) live.add(`group:${group.ownerOrgId}:${group.ref}`)
    const gone = pending.filter((alert) => !alert.matches.some((m) => m.new && live.has(identityOf(m))))
    if (gone.length === 0) return
    const at = new Date()
    await db.transaction().execute(async (trx) => {
      await closeAlerts(
        trx,
        gone.map((a) => a.id),
        'register_removed',
        at,
      )
      const events = gone.map((a) =>
        auditRow(
          {
            actor: ACTOR,
            orgId: a.org_id,
            action: 'alert.close',
            targetType: 'alert',
            targetId: a.id,
            details: { reason: 'register_removed', change: changeIdOf(change) },
          },
          at,
        ),
      )
      await trx.insertInto('audit_events').values(events).execute()
    })
  }

  async function onRescreen(job: RescreenJob): Promise<void> {
    const changeId = changeIdOf(job)
    const progress = (await readProgress(db, changeId, job.orgId)) ?? { afterKey: '', rescreened: 0, alerts: 0, done: false }
    if (progress.done) return
    const snapshot = await snapshotFor(job)
    const forces = await deps.sharing.forcesFor(job.orgId)
    // Loaded once there is a supplier to re-screen: an authority with none needs no change set.
    let context: ChangeContext | undefined
    const since = new Date(Date.now() - deps.windowDays * 24 * 60 * 60 * 1000)
    for (let page = 0; page < PAGES_PER_JOB; page++) {
      const screenings = forces.has(job.forceOrgId)
        ? await screeningsOfRecord(db, { orgId: job.orgId, since, afterKey: progress.afterKey, limit: deps.pageSize })
        : []
      const candidates: ScreeningOfRecord[] = []
      if (screenings.length > 0) {
        context ??= await contextOf(job)
        for (const [i, screening] of screenings.entries()) {
          if (i > 0 && i % SUPPLIERS_PER_TURN === 0) await nextTurn()
          if (touchedByChange(context, snapshot, screening)) candidates.push(screening)
        }
      }
      const raised = context === undefined ? [] : await alertsFor(job, snapshot, context, forces, candidates)
      progress.afterKey = screenings.at(-1)?.supplier_key ?? progress.afterKey
      progress.rescreened += screenings.length
      progress.done = screenings.length < deps.pageSize
      const stored = await db.transaction().execute(async (trx) => {
        const count = await storeRaised(trx, raised, changeId, snapshot.version)
        await saveProgress(trx, changeId, job.orgId, { ...progress, alerts: progress.alerts + count })
        return count
      })
      progress.alerts += stored
      if (stored > 0) deps.afterAlertsRaised?.()
      if (progress.done) return
    }
    await jobs.send(RESCREEN_QUEUE, job, `${changeId}:${job.orgId}:${progress.afterKey}`)
  }

  async function alertsFor(
    job: RescreenJob,
    snapshot: RegisterSnapshot,
    context: ChangeContext,
    forces: ReadonlySet<string>,
    candidates: readonly ScreeningOfRecord[],
  ): Promise<Raised[]> {
    if (candidates.length === 0) return []
    const keyed = candidates.map((screening) => rescreen(snapshot, screening, forces))
    // The authority's cleared pairs among every candidate's matches, in one query.
    const valueKeys = [...new Set(keyed.flatMap((k) => k.map((m) => m.valueKey)))]
    const [suppressions] = valueKeys.length === 0 ? [new Map<string, string>()] : await findSuppressions(db, [{ orgId: job.orgId, valueKeys }])
    const found: Raised[] = []
    for (const [i, screening] of candidates.entries()) {
      const alert = alertForChange(snapshot, context, screening, keyed[i]!, suppressions ?? new Map())
      if (alert) found.push({ screening, alert })
      if (i % SUPPLIERS_PER_TURN === SUPPLIERS_PER_TURN - 1) await nextTurn()
    }
    return found
  }

  async function storeRaised(trx: Transaction<Database>, raised: readonly Raised[], changeId: string, registerVersion: number): Promise<number> {
    if (raised.length === 0) return 0
    const at = new Date()
    const rows = raised.map(({ screening, alert }) => ({
      id: newId('alr'),
      org_id: screening.org_id,
      screening_id: screening.id,
      change_id: changeId,
      register_version: registerVersion,
      status: 'open' as const,
      band: alert.band,
      risk_score: alert.riskScore,
      matches: alert.matches,
      new_match_count: alert.newMatchCount,
      groups: alert.groups,
      raised_at: at,
    }))
    const stored = await storeAlerts(trx, rows)
    const fresh = rows.filter((r) => stored.has(r.id))
    if (fresh.length === 0) return 0
    const events = fresh.map((r) =>
      auditRow(
        {
          actor: ACTOR,
          orgId: r.org_id,
          action: 'alert.raise',
          targetType: 'alert',
          targetId: r.id,
          details: { screeningId: r.screening_id, band: r.band, newMatches: r.new_match_count, change: changeId },
        },
        at,
      ),
    )
    await trx.insertInto('audit_events').values(events).execute()
    const previous = new Map(raised.map(({ screening }) => [screening.id, screening]))
    const alerts: RaisedAlert[] = fresh.map((r) => ({
      id: r.id,
      orgId: r.org_id,
      screeningId: r.screening_id,
      reference: previous.get(r.screening_id)?.reference ?? null,
      band: r.band,
      riskScore: r.risk_score,
      previousBand: previous.get(r.screening_id)?.band ?? 'none',
      newMatchCount: r.new_match_count,
      groups: r.groups,
      raisedAt: at,
    }))
    await deps.onAlertsRaised?.(trx, alerts)
    return fresh.length
  }

  jobs.define<RegisterChange>(CHANGE_QUEUE, POLICY, onChange)
  jobs.define<RescreenJob>(RESCREEN_QUEUE, POLICY, onRescreen)

  return {
    /**
     * Queues monitoring of a change within the transaction that takes it live: a version that
     * goes live is always monitored, and one that does not never is.
     */
    announce: (trx: Transaction<Database>, change: RegisterChange) => jobs.send(CHANGE_QUEUE, change, changeIdOf(change), trx),
    /** Once the announcing transaction has committed: the change is taken up now rather than at the next poll. */
    announced: () => jobs.wake(CHANGE_QUEUE),
    close: () => compiler.close(),
  }
}
