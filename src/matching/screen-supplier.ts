/**
 * Screens one supplier against a compiled register (docs/design.md §4): check and normalise the
 * supplier, screen every field on its own (so a reason always says which submitted field matched
 * which register value; the screeners live in ./screen/), then weigh and aggregate. Names are
 * screened as companies and groups, and as people too (a sole trader trades under their own
 * name); "A t/a B" is screened as both A and B.
 */
import { aggregateRisk, evidenceKindOf } from './aggregate-risk.js'
import type { CompiledRegister } from './compiled-register.js'
import { MatchingInputError } from './errors.js'
import { optionalList, optionalString, requiredString } from './input.js'
import { parseAddress } from './normalise/address.js'
import { parseCompanyName, splitTradingAs, type CompanyName } from './normalise/company-name.js'
import { canonicalCompanyNumber } from './normalise/company-number.js'
import { screenCompanyName } from './screen/screen-company-name.js'
import { screenAddress, screenIdentifiers } from './screen/screen-identifiers.js'
import { screenPerson } from './screen/screen-person.js'
import { MatchCollector, type ScreeningContext, type SupplierAddress } from './screen/screening-context.js'
import { resolveOptions, type MatchingOptions } from './tuning.js'
import type { Address, Match, ScreeningResult, ScreeningScope, Supplier } from './types.js'

function allowedOwnerMask(register: CompiledRegister, scope: ScreeningScope): Uint8Array {
  const mask = new Uint8Array(register.ownerIds.size)
  // Checked as unknown (JavaScript callers may pass anything), so that the owners stay typed as strings.
  if (scope === null || typeof scope !== 'object' || !((scope.allowedOwners as unknown) instanceof Set)) {
    throw new MatchingInputError('not_a_list', 'scope.allowedOwners', 'must be a set of organisation ids')
  }
  for (const owner of scope.allowedOwners) {
    const id = register.ownerIds.get(owner)
    if (id !== undefined) mask[id] = 1
  }
  return mask
}

/** A name part that could be a sole trader's own name: no legal form, given name and surname, and a few words at most. */
function mayBePersonName(company: CompanyName, options: MatchingOptions): boolean {
  const words = company.tokens.length
  return company.legalForms.length === 0 && words >= 2 && words <= options.soleTraderMaxWords && !company.tokens.some((t) => t.generic || t.numeric)
}

/** Screens a registered or trading name: each part of "A t/a B" as a company or group name, and as a person's. */
function screenSupplierName(field: string, raw: string, context: ScreeningContext): void {
  // The whole name too: a firm may really be called "… Trading As …".
  const split = splitTradingAs(raw)
  const parts = split.length > 1 ? [raw, ...split] : split
  for (const part of parts) {
    const company = parseCompanyName(part, context.options.maxNameTokens)
    screenCompanyName(field, company, context)
    if (mayBePersonName(company, context.options)) screenPerson(field, { name: part }, context)
  }
}

/**
 * A weak match (a common name, a shared value) says so in its reason; when no other kind of
 * field links the supplier to the same group, the reason adds that nothing else confirms it.
 */
function noteUnconfirmed(matches: readonly Match[]): void {
  for (const match of matches) {
    if (!match.weak) continue
    const kind = evidenceKindOf(match)
    const confirmed = matches.some((other) => other !== match && other.groupId === match.groupId && !other.weak && evidenceKindOf(other) !== kind)
    if (confirmed) continue
    const reason = match.reasons.find((r) => r.feature === 'name_frequency' || r.feature === 'shared_value')
    if (reason !== undefined) reason.detail += '; nothing else confirms it'
  }
}

/** Screens a supplier and weighs its matches into one risk score and band. */
export function screenSupplier(register: CompiledRegister, supplier: Supplier, scope: ScreeningScope, options?: Partial<MatchingOptions>): ScreeningResult {
  const matches = findMatches(register, supplier, scope, options)
  // Without overrides the register's own options stand, and aggregation need not merge them again.
  const { riskScore, band } = aggregateRisk(register, matches, options === undefined ? undefined : resolveOptions({ ...register.options, ...options }))
  return { riskScore, band, matches }
}

/**
 * The supplier's matches, unweighed: for a caller that sets some aside first (an authority's
 * cleared pairs) and then weighs the rest once with aggregateRisk.
 */
export function findMatches(register: CompiledRegister, supplier: Supplier, scope: ScreeningScope, options?: Partial<MatchingOptions>): Match[] {
  const opts = options === undefined ? register.options : resolveOptions({ ...register.options, ...options })
  if (typeof supplier !== 'object' || supplier === null) throw new MatchingInputError('not_a_string', 'supplier', 'must be an object')
  const allowed = allowedOwnerMask(register, scope)
  if (!allowed.includes(1)) return []

  const name = requiredString(supplier.name, 'supplier.name', opts)
  const tradingNames = optionalList(supplier.tradingNames, 'supplier.tradingNames', opts).map((n, i) => requiredString(n, `supplier.tradingNames[${i}]`, opts))
  const companyNumberRaw = optionalString(supplier.companyNumber, 'supplier.companyNumber', opts)
  const addresses: SupplierAddress[] = optionalList(supplier.addresses, 'supplier.addresses', opts).map((raw, i) => {
    const field = `supplier.addresses[${i}]`
    if (typeof raw !== 'object' || raw === null) throw new MatchingInputError('not_a_string', field, 'must be an address object')
    const lines = optionalList(raw.lines, `${field}.lines`, opts).map((l, k) => requiredString(l, `${field}.lines[${k}]`, opts))
    const checked: Address = { lines }
    for (const key of ['town', 'postcode', 'country', 'uprn'] as const) {
      const value = optionalString(raw[key], `${field}.${key}`, opts)
      if (value !== undefined) checked[key] = value
    }
    return { field, raw: checked, parsed: parseAddress(checked) }
  })
  const people = optionalList(supplier.people, 'supplier.people', opts).map((p, i) => {
    const field = `supplier.people[${i}]`
    if (typeof p !== 'object' || p === null) throw new MatchingInputError('not_a_string', field, 'must be a person object')
    return { field, name: requiredString(p.name, `${field}.name`, opts), dateOfBirth: optionalString(p.dateOfBirth, `${field}.dateOfBirth`, opts) }
  })
  const phones = optionalList(supplier.phones, 'supplier.phones', opts).map((p, i) => requiredString(p, `supplier.phones[${i}]`, opts))
  const emails = optionalList(supplier.emails, 'supplier.emails', opts).map((e, i) => requiredString(e, `supplier.emails[${i}]`, opts))
  const website = optionalString(supplier.website, 'supplier.website', opts)

  const companyNumber = companyNumberRaw === undefined ? null : canonicalCompanyNumber(companyNumberRaw)
  const collector = new MatchCollector(register, opts.minMatchScore)
  const context: ScreeningContext = { register, options: opts, allowed, collector, addresses, companyNumber, companyNumberRaw }

  screenSupplierName('supplier.name', name, context)
  tradingNames.forEach((tradingName, i) => screenSupplierName(`supplier.tradingNames[${i}]`, tradingName, context))
  for (const person of people) screenPerson(person.field, person, context)
  for (const address of addresses) screenAddress(address, context)
  screenIdentifiers({ companyNumberRaw, phones, emails, website }, context)

  const matches = collector.matches()
  noteUnconfirmed(matches)
  return matches
}
