/**
 * The shapes the synthetic register is made of, kept structured (not as strings) so that a
 * supplier can be derived from any of them in another spelling.
 */
import type { RegisterGroup } from '../../src/matching/index.js'
import type { CrossScriptName, LegalForm, Pool, Town } from './pools.js'

export interface SyntheticAddress {
  /** "Kemp House" for a shared office, else null. */
  building: string | null
  suite: number | null
  number: number
  /** "3", or a Scottish tenement position "1/2". */
  flat: string | null
  /** Register style of the flat: in the first line, or on a line of its own. */
  flatOwnLine: boolean
  street: string
  streetType: Pool['streetTypes'][number]
  town: Town
  outward: string
  inward: string
}

export interface SyntheticPerson {
  given: string
  middle: string | null
  surname: string
  /** What the register holds: full, year-month, year or nothing. */
  dateOfBirth: string | null
  /** The person's true full date of birth, from which supplier variants are derived. */
  trueDateOfBirth: string
  /** A cross-script person: the register name is `native` or `latin` (see `inScript`). */
  script: { name: CrossScriptName; inScript: boolean } | null
  aliases: string[]
  home: SyntheticAddress | null
  role: string
}

export interface SyntheticCompany {
  distinctive: string[]
  trade: string
  generic: string | null
  legal: LegalForm
  legalSpelling: string
  companyNumber: string
  office: SyntheticAddress | null
  aliases: string[]
}

/** Everything a group is made of, kept structured so that suppliers can be derived from it. */
export interface SyntheticGroup {
  group: RegisterGroup
  town: Town
  companies: SyntheticCompany[]
  people: SyntheticPerson[]
  premises: SyntheticAddress[]
  /** The group's own phone numbers (never a shared switchboard). */
  phones: string[]
  /** Shared switchboard numbers the register lists for this group. */
  switchboards: string[]
  emails: string[]
  websites: string[]
}

export interface GroupShape {
  companies: number
  people: number
  addresses: number
  contacts: boolean
}
