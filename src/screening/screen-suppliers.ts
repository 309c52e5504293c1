import { setImmediate } from 'node:timers/promises'
import type { Kysely } from 'kysely'
import type { Actor } from '../audit/audit-log.js'
import { ConcurrentBatcher } from '../db/concurrent-batcher.js'
import type { Database } from '../db/database.js'
import { fieldPath, problemFor, type FieldError, type ProblemDetails } from '../errors.js'
import type { RegisterCache } from '../register/register-cache.js'
import type { SharingCache } from '../tenancy/sharing-cache.js'
import type { IdempotentOutcome, IdempotentWriter } from './idempotent-write.js'
import { draftScreening, matchSupplier, type ScreeningDraft } from './screening-draft.js'
import { findSuppressions, type SuppressionQuery } from './screening-repository.js'
import { draftView, type ScreeningView } from './screening-views.js'
import { screeningRequestSchema, type ScreeningRequest } from './supplier-schema.js'

// Suppliers of a batch matched between turns of the event loop (about 10 ms of matching).
const SUPPLIERS_PER_TURN = 25

export interface ScreenSuppliersDeps {
  db: Kysely<Database>
  register: RegisterCache
  sharing: SharingCache
  writer: IdempotentWriter
}

/** One item of a batch: its screening, or why it is not valid. */
export type BatchItemResult = { index: number; status: 201; screening: ScreeningView } | { index: number; status: 400; problem: ProblemDetails }

export interface BatchView {
  summary: { screened: number; failed: number }
  results: BatchItemResult[]
}

/**
 * The screening use cases: one supplier, or a batch. Each supplier is matched against the
 * groups of the forces that share with the authority, its authority's suppressions are set
 * aside, the rest weighed once, and the screenings stored with their audit events, once per
 * Idempotency-Key.
 */
export class ScreenSuppliers {
  readonly #deps: ScreenSuppliersDeps
  // Concurrent screenings share their suppression look-ups (see ConcurrentBatcher).
  readonly #suppressions: ConcurrentBatcher<SuppressionQuery, Map<string, string>>

  constructor(deps: ScreenSuppliersDeps) {
    this.#deps = deps
    this.#suppressions = new ConcurrentBatcher((queries) => findSuppressions(deps.db, queries), { maxBatch: 100, maxInFlight: 2 })
  }

  /** Screens one supplier: 201 with the screening. */
  async one(input: { actor: Actor; request: ScreeningRequest; idempotencyKey: string | string[] | undefined }): Promise<IdempotentOutcome> {
    const [draft] = await this.#screenAll(input.actor.orgId, [input.request])
    const response = { status: 201, body: draftView(draft!), location: `/v1/screenings/${draft!.id}` }
    return this.#deps.writer.storeScreenings(
      { orgId: input.actor.orgId, idempotencyKey: input.idempotencyKey, route: 'screen', body: input.request, response },
      { drafts: [draft!], actor: input.actor },
    )
  }

  /**
   * Screens a batch: 200 with a result per item. Each item is checked here, against the same
   * schema as a single screening, because an invalid item fails alone, as a result of the batch.
   */
  async batch(input: { actor: Actor; items: readonly unknown[]; idempotencyKey: string | string[] | undefined }): Promise<IdempotentOutcome> {
    const parsed = input.items.map((item) => screeningRequestSchema.safeParse(item))
    const valid = parsed.flatMap((p, index) => (p.success ? [{ index, item: p.data }] : []))
    const drafts = await this.#screenAll(
      input.actor.orgId,
      valid.map((v) => v.item),
    )
    const draftAt = new Map(valid.map((v, i) => [v.index, drafts[i]!]))
    const results = parsed.map((p, index): BatchItemResult => {
      if (p.success) return { index, status: 201, screening: draftView(draftAt.get(index)!) }
      const errors: FieldError[] = p.error.issues.map((issue) => ({
        field: fieldPath(['items', index, ...issue.path]),
        code: issue.code,
        message: issue.message,
      }))
      return { index, status: 400, problem: problemFor('VALIDATION_FAILED', `Item ${index} is not valid`, { field: errors[0]?.field, errors }) }
    })
    const body: BatchView = { summary: { screened: drafts.length, failed: parsed.length - drafts.length }, results }
    return this.#deps.writer.storeScreenings(
      {
        orgId: input.actor.orgId,
        idempotencyKey: input.idempotencyKey,
        route: 'batch',
        body: { items: input.items },
        response: { status: 200, body, location: null },
      },
      { drafts, actor: input.actor },
    )
  }

  async #screenAll(orgId: string, items: readonly ScreeningRequest[]): Promise<ScreeningDraft[]> {
    const snapshot = this.#deps.register.snapshot ?? (await this.#deps.register.refresh())
    const forces = await this.#deps.sharing.forcesFor(orgId)
    const drafts: Promise<ScreeningDraft>[] = []
    for (const [i, request] of items.entries()) {
      // A large batch lets other requests in now and then rather than matching a thousand suppliers in one go.
      if (i > 0 && i % SUPPLIERS_PER_TURN === 0) await setImmediate()
      const keyed = matchSupplier(snapshot, request, forces)
      const draft =
        keyed.length === 0
          ? Promise.resolve(draftScreening(snapshot, { orgId, request }, keyed, new Map()))
          : this.#suppressions
              .submit({ orgId, valueKeys: [...new Set(keyed.map((k) => k.valueKey))] })
              .then((suppressions) => draftScreening(snapshot, { orgId, request }, keyed, suppressions))
      // Handled here so that a failure while this loop waits is not an unhandled rejection; Promise.all reports it.
      draft.catch(() => undefined)
      drafts.push(draft)
    }
    return Promise.all(drafts)
  }
}
