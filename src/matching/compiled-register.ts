/**
 * The compiled form of one register version (docs/design.md §4.2): entities with their values
 * normalised, name indexes, exact-key maps and the counts that weigh evidence. Built by
 * ./compile-register.ts; immutable once built, so a process can swap it atomically.
 */
import type { PersonPartCounts } from './evidence/name-rarity.js'
import type { Sharing } from './evidence/shared-values.js'
import type { KeyPostings } from './index/key-postings.js'
import type { IndexedName, NameIndex } from './index/name-index.js'
import type { ParsedAddress } from './normalise/address.js'
import type { CompanyName } from './normalise/company-name.js'
import type { PartialDate } from './normalise/date-of-birth.js'
import type { PersonName } from './normalise/person-name.js'
import type { WordFrequencies } from './score/token-weights.js'
import type { MatchingOptions } from './tuning.js'
import type { EntityKind, RegisterGroup } from './types.js'

/**
 * A matchable entry: a register entity, or a group (its name and aliases are screened like
 * company names). It keeps what a match shows and what scoring reads, not the entity it came
 * from: a service keeps that elsewhere, packed (src/register/packed-entities.ts).
 */
export interface CompiledEntity {
  readonly id: string
  readonly kind: EntityKind
  readonly group: RegisterGroup
  readonly owner: number
  /** What a match shows as the entity's name. */
  readonly display: string
  readonly addresses: readonly ParsedAddress[]
  /** Postcodes of the entity's addresses, for the same-postcode qualifier. */
  readonly postcodes: readonly string[]
  readonly companyNumber: string | null
  readonly dateOfBirth: PartialDate | null
}

export interface CompanyNameRecord extends IndexedName {
  readonly name: CompanyName
  /** Word weights under the register's own options and word frequencies. */
  readonly weights: readonly number[]
}

export interface PersonNameRecord extends IndexedName {
  readonly name: PersonName
  /** Part weights under the register's own options. */
  readonly weights: readonly number[]
}

export interface AddressRecord {
  readonly entity: number
  readonly address: ParsedAddress
}

/** The compiled register. `version`, `groups` and `size` are the public surface. */
export class CompiledRegister {
  readonly version: number
  readonly groups: ReadonlyMap<string, RegisterGroup>
  readonly size: number
  /** @internal Everything below is for the matcher only. */
  readonly compiled: readonly CompiledEntity[]
  /** @internal */
  readonly ownerIds: ReadonlyMap<string, number>
  /** @internal */
  readonly entityOwner: Int32Array
  /** @internal */
  readonly companyNames: NameIndex
  /** @internal */
  readonly personNames: NameIndex
  /** @internal */
  readonly companyWords: WordFrequencies
  /** @internal Full date of birth → person name records: a second blocking key beside the names. */
  readonly personDates: KeyPostings
  /** @internal */
  readonly addresses: readonly AddressRecord[]
  /** @internal Postcode or UPRN or "number street" → address records. */
  readonly addressKeys: KeyPostings
  /** @internal Canonical identifier → entity indexes, prefixed by kind ("cn:", "tel:", "email:", "web:", "maildomain:"). */
  readonly identifierKeys: KeyPostings
  /** @internal How often each name part occurs among the register's people. */
  readonly personParts: PersonPartCounts
  /** @internal Identifier, premises and postcode keys held by several entities → how many entities and groups. */
  readonly sharing: ReadonlyMap<string, Sharing>
  /** @internal */
  readonly options: MatchingOptions

  constructor(fields: Omit<CompiledRegister, never>) {
    this.version = fields.version
    this.groups = fields.groups
    this.size = fields.size
    this.compiled = fields.compiled
    this.ownerIds = fields.ownerIds
    this.entityOwner = fields.entityOwner
    this.companyNames = fields.companyNames
    this.personNames = fields.personNames
    this.companyWords = fields.companyWords
    this.personDates = fields.personDates
    this.addresses = fields.addresses
    this.addressKeys = fields.addressKeys
    this.identifierKeys = fields.identifierKeys
    this.personParts = fields.personParts
    this.sharing = fields.sharing
    this.options = fields.options
  }
}

/** Blocking key of a full date of birth. */
export function dateKey(date: PartialDate): string {
  return `${date.year}-${date.month}-${date.day}`
}

/** Keys under which an address can be found: UPRN, postcode, or number and first street word. */
export function addressKeysOf(address: ParsedAddress): string[] {
  const keys: string[] = []
  if (address.uprn !== null) keys.push(`uprn:${address.uprn}`)
  if (address.postcode !== null) keys.push(`pc:${address.postcode}`)
  else if (address.number !== null && address.street.length > 0) keys.push(`st:${address.number} ${address.street[0]}`)
  return keys
}
