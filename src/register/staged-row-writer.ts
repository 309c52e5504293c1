// An upload's entities are written to its staged version as they are parsed, a batch at a time,
// so that a large upload is never held whole: the parser hands each valid entity to `add`, and
// waits for `drain` between pieces of the body (its back-pressure). The register part the
// upload will go live with is built on the way, in the matcher's terms (the raw rows are not kept).
import { createHash } from 'node:crypto'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { newId } from '../ids.js'
import { addEntityToPart, addGroupsToPart, emptyRegisterPart, type RegisterPart } from './register-loader.js'
import type { StagedVersion } from './staged-upload-store.js'
import type { WatchlistEntity, WatchlistGroup } from './watchlist-content.js'

// Rows per INSERT, each its own short transaction: on PGlite's one connection, screenings run
// between them, so a batch must stay a few tens of milliseconds. PGlite runs a query on this
// thread and resolves it without a turn of the event loop, so between batches the writer also
// yields (`nextTurn`): otherwise a chain of batches would starve every other request. The size
// adapts between the bounds to keep each statement near BATCH_TARGET_MS: on PostgreSQL a
// 250-row statement takes a few milliseconds and round trips dominated a million-row upload.
export const INSERT_BATCH_ROWS = 250
const MAX_BATCH_ROWS = 2_000
const BATCH_TARGET_MS = 25

interface EntityRow {
  id: string
  group_id: string
  watchlist_id: string
  version: number
  type: string
  label: string
  data: WatchlistEntity
  fingerprint: string
  position: number
}

export class StagedRowWriter {
  readonly #db: Kysely<Database>
  readonly #staged: StagedVersion
  /** Group ref → its row id and the next entity's position in it. */
  readonly #groups = new Map<string, { id: string; entities: number }>()
  #pending: EntityRow[] = []
  #inFlight: Promise<void> = Promise.resolve()
  #batchRows = INSERT_BATCH_ROWS
  readonly #part: RegisterPart = emptyRegisterPart()

  constructor(db: Kysely<Database>, staged: StagedVersion) {
    this.#db = db
    this.#staged = staged
  }

  /** Takes one valid entity of the group `groupRef`; written by the next `drain` or `finish`. */
  add(groupRef: string, entity: WatchlistEntity): void {
    const { watchlist, version } = this.#staged
    let group = this.#groups.get(groupRef)
    if (group === undefined) this.#groups.set(groupRef, (group = { id: newId('grp'), entities: 0 }))
    const row: EntityRow = {
      id: newId('ent'),
      group_id: group.id,
      watchlist_id: watchlist.id,
      version,
      type: entity.type,
      label: entityLabel(entity),
      data: entity,
      fingerprint: entityFingerprint(watchlist.org_id, groupRef, entity),
      position: group.entities++,
    }
    this.#pending.push(row)
    addEntityToPart(this.#part, row.id, row.group_id, row.fingerprint, entity)
  }

  /**
   * Writes the entities taken so far, in batches (each its own statement), while there is a full
   * batch. The last batch is left in flight: on PostgreSQL it is written while the parser reads
   * the next piece (the next drain, or `finish`, waits for it first, so one batch at most is in
   * flight and a failure surfaces there).
   */
  async drain(): Promise<void> {
    while (this.#pending.length >= this.#batchRows) {
      await this.#inFlight
      const writing = this.#write(this.#pending.splice(0, this.#batchRows))
      // Handled when awaited (next drain or finish); not an unhandled rejection meanwhile.
      writing.catch(() => undefined)
      this.#inFlight = writing
    }
  }

  /**
   * Writes the rest of the entities and the groups (in the order of their headers, which is the
   * order they first appeared in), and returns the upload's register part.
   */
  async finish(headers: readonly Omit<WatchlistGroup, 'entities'>[]): Promise<RegisterPart> {
    await this.drain()
    await this.#inFlight
    if (this.#pending.length > 0) await this.#write(this.#pending.splice(0))
    const { watchlist, version } = this.#staged
    const rows = headers.map((g, position) => ({
      id: this.#groups.get(g.ref)?.id ?? newId('grp'),
      watchlist_id: watchlist.id,
      version,
      org_id: watchlist.org_id,
      ref: g.ref,
      name: g.name,
      aliases: g.aliases,
      risk_level: g.riskLevel,
      handling: g.handling,
      notes: g.notes,
      position,
    }))
    for (let i = 0; i < rows.length; i += INSERT_BATCH_ROWS) {
      const batch = JSON.stringify(rows.slice(i, i + INSERT_BATCH_ROWS))
      await sql`insert into register_groups (id, watchlist_id, version, org_id, ref, name, aliases, risk_level, handling, notes, position)
        select id, watchlist_id, version, org_id, ref, name, aliases, risk_level, handling, notes, position
        from jsonb_to_recordset(${batch}::jsonb) as r(id text, watchlist_id text, version int, org_id text, ref text, name text, aliases jsonb, risk_level text, handling text, notes text, position int)`.execute(
        this.#db,
      )
      await nextTurn()
    }
    addGroupsToPart(this.#part, rows)
    return this.#part
  }

  /** Waits for the batch in flight, if any, whatever its outcome: before its rows are discarded. */
  async settle(): Promise<void> {
    await this.#inFlight.catch(() => undefined)
  }

  async #write(rows: EntityRow[]): Promise<void> {
    const started = performance.now()
    const batch = JSON.stringify(rows)
    await sql`insert into register_entities (id, group_id, watchlist_id, version, type, label, data, fingerprint, position)
      select id, group_id, watchlist_id, version, type, label, data, fingerprint, position
      from json_to_recordset(${batch}::json) as r(id text, group_id text, watchlist_id text, version int, type text, label text, data json, fingerprint text, position int)`.execute(
      this.#db,
    )
    const ms = performance.now() - started
    if (ms < BATCH_TARGET_MS / 2) this.#batchRows = Math.min(MAX_BATCH_ROWS, this.#batchRows * 2)
    else if (ms > BATCH_TARGET_MS * 2) this.#batchRows = Math.max(INSERT_BATCH_ROWS / 5, Math.floor(this.#batchRows / 2))
    await nextTurn()
  }
}

/** What an officer sees as the entity's name: the name, the address on one line, or the value. */
function entityLabel(entity: WatchlistEntity): string {
  switch (entity.type) {
    case 'company':
    case 'person':
      return entity.name
    case 'address':
      return [...entity.address.lines, entity.address.town, entity.address.postcodeKey ?? entity.address.postcode].filter(Boolean).join(', ')
    default:
      return entity.value
  }
}

function entityFingerprint(orgId: string, groupRef: string, entity: WatchlistEntity): string {
  return createHash('sha256')
    .update(`${orgId}\n${groupRef}\n${JSON.stringify(entity)}`)
    .digest('hex')
    .slice(0, 32)
}
