/**
 * The public shapes of the matching library: what the register and screening layers hand in and
 * get back (docs/design.md §3 and §4). Everything here is plain data, safe to serialise.
 */

export type RiskLevel = 'low' | 'medium' | 'high'
export type Band = 'none' | 'low' | 'medium' | 'high'

export interface Address {
  lines?: string[]
  town?: string
  postcode?: string
  /** ISO 3166 alpha-2; GB when absent. */
  country?: string
  uprn?: string
}

export interface RegisterGroup {
  id: string
  ref: string
  name: string
  aliases: string[]
  riskLevel: RiskLevel
  handling: string
  ownerOrgId: string
}

export type RegisterEntity = { id: string; groupId: string } & (
  | { type: 'company'; name: string; aliases?: string[]; companyNumber?: string; addresses?: Address[] }
  | {
      type: 'person'
      name: string
      aliases?: string[]
      dateOfBirth?: string
      role?: string
      nationality?: string
      addresses?: Address[]
    }
  | { type: 'address'; address: Address }
  | { type: 'phone' | 'email' | 'website'; value: string }
)

/** What a match can point at: a register entity, or a group itself (matched by its name or an alias). */
export type EntityKind = RegisterEntity['type'] | 'group'

export interface RegisterInput {
  version: number
  groups: RegisterGroup[]
  entities: RegisterEntity[]
}

/** What a compile reads: a RegisterInput, or entities in any iterable, which a service can unpack as the compile reaches them. */
export interface RegisterSource {
  version: number
  groups: RegisterGroup[]
  entities: Iterable<RegisterEntity>
}

export interface SupplierPerson {
  name: string
  dateOfBirth?: string
  role?: string
  nationality?: string
}

export interface Supplier {
  name: string
  tradingNames?: string[]
  companyNumber?: string
  addresses?: Address[]
  people?: SupplierPerson[]
  phones?: string[]
  emails?: string[]
  website?: string
}

/** One piece of evidence, in words an officer can act on. */
export interface Reason {
  feature: string
  score: number
  query: string
  candidate: string
  detail: string
}

export interface Match {
  groupId: string
  entity: { id: string; kind: EntityKind; name: string }
  /** The supplier field that matched, e.g. 'supplier.people[1]'. */
  field: string
  /** The submitted value as given. */
  query: string
  score: number
  /**
   * True when the agreeing value is one that many unrelated people or firms share (a common
   * name with nothing to confirm it, a formation agent's address, a mailbox provider's domain, a
   * switchboard): it counts only as weak evidence unless another field links the same group.
   */
  weak: boolean
  reasons: Reason[]
}

export interface ScreeningResult {
  riskScore: number
  band: Band
  matches: Match[]
}

export interface ScreeningScope {
  /** Police organisations whose groups the caller may be screened against. */
  allowedOwners: ReadonlySet<string>
}
