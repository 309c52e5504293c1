import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import type { Address, RegisterEntity, RegisterGroup } from '../matching/index.js'
import type { WatchlistAddress, WatchlistEntity } from './watchlist-content.js'

/** One watchlist's share of the register, in the matcher's terms. */
export interface RegisterPart {
  groups: RegisterGroup[]
  entities: RegisterEntity[]
  /** Entity id → fingerprint, which outlives the id across versions (for suppressions). */
  fingerprints: Map<string, string>
}

export interface LoadedRegister {
  version: number
  /** Watchlist id → its current version's part. */
  parts: Map<string, RegisterPart>
  /** Police organisation id → name, as shown to authorities on a hit. */
  forceNames: Map<string, string>
}

/** Stored rows of groups and entities, as read back or as just written by an upload. */
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

/**
 * Reads the current version of every watchlist as one consistent snapshot: a repeatable-read
 * transaction, so an upload committing meanwhile is either wholly in or wholly out.
 */
export async function loadRegister(db: Kysely<Database>): Promise<LoadedRegister> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => {
      const version = await currentRegisterVersion(trx)
      const groups = await trx
        .selectFrom('register_groups as g')
        .innerJoin('watchlists as w', (j) => j.onRef('w.id', '=', 'g.watchlist_id').onRef('w.current_version', '=', 'g.version'))
        .select(['g.id', 'g.watchlist_id', 'g.ref', 'g.name', 'g.aliases', 'g.risk_level', 'g.handling', 'g.org_id'])
        .execute()
      const entities = await trx
        .selectFrom('register_entities as e')
        .innerJoin('watchlists as w', (j) => j.onRef('w.id', '=', 'e.watchlist_id').onRef('w.current_version', '=', 'e.version'))
        .select(['e.id', 'e.group_id', 'e.watchlist_id', 'e.data', 'e.fingerprint'])
        .execute()
      const forces = await trx.selectFrom('organisations').select(['id', 'name']).where('kind', '=', 'police').execute()
      return { version, parts: registerParts(groups, entities), forceNames: new Map(forces.map((f) => [f.id, f.name])) }
    })
}

/** Groups and entities by watchlist, turned into the matcher's input. */
export function registerParts(groups: readonly StoredGroupRow[], entities: readonly StoredEntityRow[]): Map<string, RegisterPart> {
  const parts = new Map<string, RegisterPart>()
  const partOf = (watchlistId: string) => {
    let part = parts.get(watchlistId)
    if (!part) parts.set(watchlistId, (part = { groups: [], entities: [], fingerprints: new Map() }))
    return part
  }
  for (const g of groups) {
    partOf(g.watchlist_id).groups.push({
      id: g.id,
      ref: g.ref,
      name: g.name,
      aliases: g.aliases,
      riskLevel: g.risk_level,
      handling: g.handling ?? '',
      ownerOrgId: g.org_id,
    })
  }
  for (const e of entities) {
    const part = partOf(e.watchlist_id)
    part.fingerprints.set(e.id, e.fingerprint)
    part.entities.push(toRegisterEntity(e.id, e.group_id, e.data))
  }
  return parts
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
