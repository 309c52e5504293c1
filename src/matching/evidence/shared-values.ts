/**
 * Values that many unrelated register entries share: a formation agent's or accountant's
 * registered office, a mailbox provider's domain, a switchboard number. Agreeing on such a value
 * says little about who a supplier is (Splink's term-frequency adjustment applied to exact
 * identifiers), so the matcher counts, per value, the entities and groups that hold it, and a
 * value held across `sharedValueMinGroups` groups is weak evidence with a reason saying so.
 * Counted once per register version, at compile time.
 */
import type { ParsedAddress } from '../normalise/address.js'

export interface Sharing {
  readonly entities: number
  readonly groups: number
}

/** Key of a building: UPRN, or postcode and building number (units within it are one premises). */
export function premisesKey(address: ParsedAddress): string | null {
  if (address.uprn !== null) return `premises:uprn:${address.uprn}`
  if (address.postcode !== null && address.number !== null) return `premises:${address.postcode}|${address.number}`
  return null
}

export function postcodeKey(address: ParsedAddress): string | null {
  return address.postcode === null ? null : `postcode:${address.postcode}`
}

/**
 * Distinct entities and groups holding one key, from its list of entity indexes; null when fewer
 * than two entities hold it, as a lone value is unshared by definition.
 */
export function sharingOf(entities: readonly number[], groupOf: (entity: number) => string): Sharing | null {
  if (entities.length < 2) return null
  const distinctEntities = new Set(entities)
  if (distinctEntities.size < 2) return null
  const groups = new Set<string>()
  for (const entity of distinctEntities) groups.add(groupOf(entity))
  return { entities: distinctEntities.size, groups: groups.size }
}

const WHAT: Readonly<Record<string, [string, string]>> = {
  address: ['address', 'likely a formation agent, accountant or serviced office'],
  postcode: ['postcode', 'a shared building or delivery office'],
  phone: ['phone number', 'likely a switchboard or answering service'],
  email_domain: ['e-mail domain', 'likely a mailbox provider'],
  email: ['e-mail address', 'likely a shared inbox or agent'],
  website: ['website', 'likely a host or directory'],
}

/** "this address is shared by 14 register entries in 9 groups: likely a formation agent…" */
export function describeSharing(feature: string, sharing: Sharing): string {
  const [what, likely] = WHAT[feature] ?? ['value', 'a value many use']
  return `this ${what} is shared by ${sharing.entities} register entries in ${sharing.groups} groups: ${likely}`
}
