/**
 * The parsed content of a watchlist upload: what storage and the matcher receive.
 *
 * Parsed entities keep every value as the force wrote it (trimmed) and, beside each identifier
 * that has a canonical form, a `…Key` field holding it:
 *
 * | entity / field            | raw field       | canonical key field | canonical form            |
 * | ------------------------- | --------------- | ------------------- | ------------------------- |
 * | company                   | `companyNumber` | `companyNumberKey`  | 8 characters, `SC012345`  |
 * | address (GB, GG, JE, IM)  | `postcode`      | `postcodeKey`       | `M5 4XJ` (null elsewhere) |
 * | phone                     | `value`         | `key`               | E.164 `+441614960000`     |
 * | email                     | `value`         | `key`               | lower case, IDN punycode  |
 * | website                   | `value`         | `key`               | host, lower case, no www. |
 *
 * Storage keeps both: the raw value is what an officer is shown, the key is what indexes join on.
 * Absent optional values are `null` (never `undefined`), and absent lists are `[]`, so the same
 * data uploaded as JSON or as CSV parses to deep-equal content.
 */
import type { Readable } from 'node:stream'
import type { EntityType, RiskLevel } from './limits.js'
import type { ErrorCollector, RowError } from './upload-errors.js'

export interface WatchlistAddress {
  lines: string[]
  town: string | null
  /** As written (trimmed). */
  postcode: string | null
  /** Canonical UK postcode (`M5 4XJ`) for countries that use them (src/rules/uk-postcode.ts), else null. */
  postcodeKey: string | null
  /** ISO 3166-1 alpha-2, upper case; `UK` is read as `GB`. */
  country: string
  uprn: string | null
}

export interface WatchlistCompany {
  type: 'company'
  name: string
  aliases: string[]
  companyNumber: string | null
  /** Canonical 8-character company number. */
  companyNumberKey: string | null
  addresses: WatchlistAddress[]
}

export interface WatchlistPerson {
  type: 'person'
  name: string
  aliases: string[]
  /** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`: the precision is information, so it is kept as given. */
  dateOfBirth: string | null
  role: string | null
  /** ISO 3166-1 alpha-2, upper case. */
  nationality: string | null
  addresses: WatchlistAddress[]
}

export interface WatchlistAddressEntity {
  type: 'address'
  address: WatchlistAddress
}

export interface WatchlistIdentifierEntity<T extends 'phone' | 'email' | 'website'> {
  type: T
  /** As written (trimmed). */
  value: string
  /** E.164 for phones, lower-case address for e-mail, lower-case host for websites. */
  key: string
}

export type WatchlistEntity =
  | WatchlistCompany
  | WatchlistPerson
  | WatchlistAddressEntity
  | WatchlistIdentifierEntity<'phone'>
  | WatchlistIdentifierEntity<'email'>
  | WatchlistIdentifierEntity<'website'>

export interface WatchlistGroup {
  ref: string
  name: string
  aliases: string[]
  riskLevel: RiskLevel
  handling: string | null
  /** Intelligence: stored, never shown outside the owning force. */
  notes: string | null
  entities: WatchlistEntity[]
}

export interface WatchlistContent {
  groups: WatchlistGroup[]
}

// ---------------------------------------------------------------------------------------------
// Parsing in and out

/** An upload as the HTTP layer hands it over: text, bytes, or a stream of either. */
export type WatchlistUploadBody = string | Uint8Array | Readable

export interface WatchlistParseOptions {
  /** "Today" for the date-of-birth-in-the-future check; defaults to the current date (UTC). */
  today?: Date
}

export interface WatchlistCounts {
  groups: number
  entities: number
  byType: Record<EntityType, number>
}

export type WatchlistParseResult = { ok: true; content: WatchlistContent; counts: WatchlistCounts } | { ok: false; errors: RowError[]; totalErrors: number }

export function failedResult(errors: ErrorCollector): WatchlistParseResult {
  return { ok: false, errors: errors.errors, totalErrors: errors.total }
}

export function succeededResult(content: WatchlistContent): WatchlistParseResult {
  return { ok: true, content, counts: countContent(content) }
}

function countContent(content: WatchlistContent): WatchlistCounts {
  const byType: Record<EntityType, number> = {
    company: 0,
    person: 0,
    address: 0,
    phone: 0,
    email: 0,
    website: 0,
  }
  let entities = 0
  for (const group of content.groups) {
    for (const entity of group.entities) byType[entity.type] += 1
    entities += group.entities.length
  }
  return { groups: content.groups.length, entities, byType }
}
