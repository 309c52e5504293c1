import { setImmediate as nextTurn } from 'node:timers/promises'
import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import type { Address, RegisterEntity, RegisterGroup } from '../matching/index.js'
import { PackedEntities } from './packed-entities.js'
import type { WatchlistAddress, WatchlistEntity } from './watchlist-content.js'

/** One watchlist's share of the register, in the matcher's terms. */
export interface RegisterPart {
  groups: RegisterGroup[]
  entities: PackedEntities
  /** Entity id → fingerprint, which outlives the id across versions (for suppressions). */
  fingerprints: Map<string, string>
}

export interface LoadedRegister {
  version: number
  /** Watchlist id → its current version's part. */
  parts: Map<string, RegisterPart>
  /** Contributor (police force or partner agency) id → name, as shown to authorities on a hit. */
  forceNames: Map<string, string>
}

/** Stored rows of groups and entities, as read back. */
export interface StoredGroupRow {
  id: string
  watchlist_id: string
  ref: string
  name: string
  aliases: string[]
  risk_level: RegisterGroup['riskLevel']
  handling: string | null
  org_id: string
}
export interface StoredEntityRow {
  id: string
  group_id: string
  watchlist_id: string
  data: WatchlistEntity
  fingerprint: string
}

/** The register's version number, which every accepted upload moves on. */
export async function currentRegisterVersion(db: Kysely<Database>): Promise<number> {
  const { version } = await db.selectFrom('register_state').select('version').where('id', '=', 1).executeTakeFirstOrThrow()
  return version
}

// Rows per page when reading the register back: each page is one short query, so that on
// PGlite (which runs on this thread) no single query holds the event loop for long; between
// pages the reader yields a turn, as PGlite resolves queries without one.
const GROUP_PAGE_ROWS = 5_000
const ENTITY_PAGE_ROWS = 2_000

/**
 * Reads the current version of every watchlist. Which versions are current is read in one short
 * transaction; their rows are then read in pages, each its own query: a live version's rows
 * never change, so the result is one consistent register version without a long transaction
 * (which, on PGlite's single connection, would hold every screening up behind it).
 */
export async function loadRegister(db: Kysely<Database>): Promise<LoadedRegister> {
  const head = await db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => ({
      version: await currentRegisterVersion(trx),
      lists: await trx.selectFrom('watchlists').select(['id', 'current_version']).where('current_version', 'is not', null).orderBy('id').execute(),
      forces: await trx.selectFrom('organisations').select(['id', 'name']).where('kind', 'in', ['police', 'agency']).execute(),
    }))
  const parts = new Map<string, RegisterPart>()
  for (const list of head.lists) {
    const version = list.current_version as number
    let lastRef = ''
    for (;;) {
      const groups = await db
        .selectFrom('register_groups')
        .select(['id', 'watchlist_id', 'ref', 'name', 'aliases', 'risk_level', 'handling', 'org_id'])
        .where('watchlist_id', '=', list.id)
        .where('version', '=', version)
        .where('ref', '>', lastRef)
        .orderBy('ref')
        .limit(GROUP_PAGE_ROWS)
        .execute()
      addToParts(parts, groups, [])
      await nextTurn()
      if (groups.length < GROUP_PAGE_ROWS) break
      lastRef = groups[groups.length - 1]!.ref
    }
    let lastId = ''
    for (;;) {
      const entities = await db
        .selectFrom('register_entities')
        .select(['id', 'group_id', 'watchlist_id', 'data', 'fingerprint'])
        .where('watchlist_id', '=', list.id)
        .where('version', '=', version)
        .where('id', '>', lastId)
        .orderBy('id')
        .limit(ENTITY_PAGE_ROWS)
        .execute()
      addToParts(parts, [], entities)
      await nextTurn()
      if (entities.length < ENTITY_PAGE_ROWS) break
      lastId = entities[entities.length - 1]!.id
    }
  }
  return { version: head.version, parts, forceNames: new Map(head.forces.map((f) => [f.id, f.name])) }
}

/** One entity as an upload writes it, added to the upload's part (./staged-row-writer.ts). */
export function addEntityToPart(part: RegisterPart, id: string, groupId: string, fingerprint: string, entity: WatchlistEntity): void {
  part.fingerprints.set(id, fingerprint)
  part.entities.push(toRegisterEntity(id, groupId, entity))
}

/** Group rows as an upload writes them, added to the upload's part. */
export function addGroupsToPart(part: RegisterPart, groups: readonly Omit<StoredGroupRow, 'watchlist_id'>[]): void {
  for (const g of groups) part.groups.push(toRegisterGroup(g))
}

/** The parts' entities one after another, each unpacked as it is reached. */
export function* entitiesOfParts(parts: ReadonlyMap<string, RegisterPart>): Generator<RegisterEntity> {
  for (const part of parts.values()) yield* part.entities
}

export function emptyRegisterPart(): RegisterPart {
  return { groups: [], entities: new PackedEntities(), fingerprints: new Map() }
}

function addToParts(parts: Map<string, RegisterPart>, groups: readonly StoredGroupRow[], entities: readonly StoredEntityRow[]): void {
  const partOf = (watchlistId: string) => {
    let part = parts.get(watchlistId)
    if (!part) parts.set(watchlistId, (part = emptyRegisterPart()))
    return part
  }
  for (const g of groups) partOf(g.watchlist_id).groups.push(toRegisterGroup(g))
  for (const e of entities) addEntityToPart(partOf(e.watchlist_id), e.id, e.group_id, e.fingerprint, e.data)
}

function toRegisterGroup(g: Omit<StoredGroupRow, 'watchlist_id'>): RegisterGroup {
  return { id: g.id, ref: g.ref, name: g.name, aliases: g.aliases, riskLevel: g.risk_level, handling: g.handling ?? '', ownerOrgId: g.org_id }
}

function toRegisterEntity(id: string, groupId: string, entity: WatchlistEntity): RegisterEntity {
  switch (entity.type) {
    case 'company':
      return {
        id,
        groupId,
        type: 'company',
        name: entity.name,
        aliases: entity.aliases,
        ...optional('companyNumber', entity.companyNumberKey ?? entity.companyNumber),
        addresses: entity.addresses.map(toAddress),
      }
    case 'person':
      return {
        id,
        groupId,
        type: 'person',
        name: entity.name,
        aliases: entity.aliases,
        ...optional('dateOfBirth', entity.dateOfBirth),
        ...optional('role', entity.role),
        ...optional('nationality', entity.nationality),
        addresses: entity.addresses.map(toAddress),
      }
    case 'address':
      return { id, groupId, type: 'address', address: toAddress(entity.address) }
    default:
      return { id, groupId, type: entity.type, value: entity.value }
  }
}

function toAddress(address: WatchlistAddress): Address {
  return {
    lines: address.lines,
    country: address.country,
    ...optional('town', address.town),
    ...optional('postcode', address.postcodeKey ?? address.postcode),
    ...optional('uprn', address.uprn),
  }
}

// The matcher's types use absent fields where storage holds null.
function optional<K extends string>(key: K, value: string | null): { [P in K]?: string } {
  return (value === null ? {} : { [key]: value }) as { [P in K]?: string }
}
