/**
 * Screens one supplier against a compiled register (DESIGN.md §4): normalise the supplier, find
 * candidates through the indexes (only of groups the caller may see), score each (field, entity)
 * pair with its qualifiers, explain it, and aggregate. Every field is screened on its own so a
 * reason always says which submitted field matched which register value.
 */
import { aggregateRisk } from './aggregate-risk.js'
import { addressKeysOf, dateKey, type CompiledEntity, type CompiledRegister, type CompanyNameRecord, type PersonNameRecord } from './compile-register.js'
import { MatchingInputError } from './errors.js'
import type { CandidateQuery, NameIndex } from './index/name-index.js'
import { optionalList, optionalString, requiredString } from './input.js'
import { parseAddress, type ParsedAddress } from './normalise/address.js'
import { parseCompanyName } from './normalise/company-name.js'
import { canonicalCompanyNumber } from './normalise/company-number.js'
import { parseDateOfBirth } from './normalise/date-of-birth.js'
import { canonicalDomain, canonicalEmail } from './normalise/email.js'
import { parsePersonName } from './normalise/person-name.js'
import { phoneToE164 } from './normalise/phone.js'
import { WEBMAIL_DOMAINS } from './reference-data.js'
import { compareAddresses } from './score/address-score.js'
import { companyNameWeights, scoreWeightedCompanyNames, type CompanyNameScore } from './score/company-name-score.js'
import { compareDatesOfBirth } from './score/date-of-birth-score.js'
import { personNameWeights, scoreWeightedPersonNames, type PersonNameScore } from './score/person-name-score.js'
import { resolveOptions, type MatchingOptions } from './tuning.js'
import type { Address, Match, Reason, ScreeningResult, ScreeningScope, Supplier } from './types.js'

interface SupplierAddress {
  readonly field: string
  readonly raw: Address
  readonly parsed: ParsedAddress
}

/** Collects the reasons of each (field, entity) pair; the pair's score is its best evidence. */
class MatchCollector {
  private readonly byKey = new Map<string, Match>()

  constructor(
    private readonly register: CompiledRegister,
    private readonly minScore: number,
  ) {}

  add(field: string, query: string, entityIndex: number, score: number, reasons: Reason[]): void {
    if (score < this.minScore) return
    const key = `${field}\u0000${entityIndex}`
    const existing = this.byKey.get(key)
    const rounded = Math.round(Math.min(1, score) * 1000) / 1000
    if (existing === undefined) {
      const compiled = this.register.compiled[entityIndex] as CompiledEntity
      this.byKey.set(key, {
        groupId: compiled.group.id,
        entity: { id: compiled.entity.id, kind: compiled.entity.type, name: compiled.display },
        field,
        query,
        score: rounded,
        reasons,
      })
      return
    }
    existing.score = Math.max(existing.score, rounded)
    for (const reason of reasons) {
      if (!existing.reasons.some((r) => r.feature === reason.feature && r.candidate === reason.candidate)) existing.reasons.push(reason)
    }
  }

  matches(): Match[] {
    return [...this.byKey.values()].sort((a, b) => b.score - a.score || a.field.localeCompare(b.field))
  }
}

function round(score: number): number {
  return Math.round(Math.max(0, Math.min(1, score)) * 1000) / 1000
}

function allowedOwnerMask(register: CompiledRegister, scope: ScreeningScope): Uint8Array {
  const mask = new Uint8Array(register.ownerIds.size)
  if (scope === null || typeof scope !== 'object' || !(scope.allowedOwners instanceof Set)) {
    throw new MatchingInputError('not_a_list', 'scope.allowedOwners', 'must be a set of organisation ids')
  }
  for (const owner of scope.allowedOwners) {
    const id = register.ownerIds.get(owner)
    if (id !== undefined) mask[id] = 1
  }
  return mask
}

/**
 * Whether a supplier address agrees with one of the entity's own addresses: the same premises
 * (a strong qualifier), or only the same postcode (a weak one). Returned as a reason.
 */
function addressQualifier(
  entity: CompiledEntity,
  addresses: readonly SupplierAddress[],
  options: MatchingOptions,
): { adjust: number; reason: Reason | null; premises: boolean } {
  if (entity.addresses.length === 0 || addresses.length === 0) return { adjust: 0, reason: null, premises: false }
  let best: { score: number; detail: string; query: SupplierAddress; candidate: ParsedAddress } | null = null
  for (const address of addresses) {
    for (const candidate of entity.addresses) {
      const agreement = compareAddresses(address.parsed, candidate, options)
      if (best === null || agreement.score > best.score) best = { score: agreement.score, detail: agreement.detail, query: address, candidate }
    }
  }
  if (best === null) return { adjust: 0, reason: null, premises: false }
  const premises = best.score >= options.addressNoPostcodeScore
  const sharedPostcode = best.query.parsed.postcode !== null && best.query.parsed.postcode === best.candidate.postcode
  if (!premises && !sharedPostcode) return { adjust: 0, reason: null, premises: false }
  return {
    adjust: premises ? options.samePremisesBonus : options.samePostcodeBonus,
    reason: {
      feature: premises ? 'address' : 'postcode',
      score: round(premises ? best.score : 1),
      query: best.query.parsed.display,
      candidate: best.candidate.display,
      detail: `${best.query.field}: ${premises ? best.detail : `shares postcode ${best.candidate.postcode} with the register entry`}`,
    },
    premises,
  }
}

/** The most an address qualifier can add to a score (nothing when no address agrees). */
function maxAddressAdjust(options: MatchingOptions): number {
  return Math.max(0, options.samePremisesBonus, options.samePostcodeBonus)
}

/** Register names that may match the query, among the owners the caller may see only. */
function candidatesOf(
  register: CompiledRegister,
  index: NameIndex,
  query: Pick<CandidateQuery, 'tokens' | 'compact'>,
  minCoverage: number,
  context: ScreeningContext,
) {
  const { options } = context
  return index.candidates({
    tokens: query.tokens,
    compact: query.compact,
    entityOwner: register.entityOwner,
    allowedOwners: context.allowed,
    limit: options.maxCandidatesPerName,
    minCoverage,
    maxPostings: Math.max(50, Math.floor(index.records.length * options.maxPostingShare)),
  })
}

function screenCompanyName(register: CompiledRegister, field: string, raw: string, context: ScreeningContext): void {
  const { options } = context
  const query = parseCompanyName(raw, options.maxNameTokens)
  if (query.tokens.length === 0) return
  const index = register.companyNames
  const candidates = candidatesOf(register, index, query, options.companyCandidateCoverage, context)
  // The register's precomputed weights hold only under the options it was compiled with.
  const ownWeights = options === register.options
  const queryWeights = companyNameWeights(query, register.companyWords, options)
  const best = new Map<number, { score: number; scored: CompanyNameScore; candidate: string }>()
  for (const r of candidates) {
    const record = index.records[r] as CompanyNameRecord
    const recordWeights = ownWeights ? record.weights : companyNameWeights(record.name, register.companyWords, options)
    const result = scoreWeightedCompanyNames(query, queryWeights, record.name, recordWeights, options)
    const previous = best.get(record.entity)
    if (previous === undefined || result.score > previous.score) best.set(record.entity, { score: result.score, scored: result, candidate: record.name.raw })
  }
  for (const [entityIndex, hit] of best) {
    // Even the best qualifier cannot lift a name this far below the threshold.
    if (hit.score + options.samePremisesBonus < options.minMatchScore) continue
    const entity = register.compiled[entityIndex] as CompiledEntity
    let score = hit.score
    const reasons: Reason[] = [{ feature: 'company_name', score: round(hit.score), query: raw, candidate: hit.candidate, detail: '' }]
    const address = addressQualifier(entity, context.addresses, options)
    if (address.reason !== null) {
      score += address.adjust
      reasons.push(address.reason)
    }
    if (context.companyNumber !== null && entity.companyNumber !== null && context.companyNumber !== entity.companyNumber) {
      score -= options.companyNumberConflictPenalty
      reasons.push({
        feature: 'company_number',
        score: 0,
        query: context.companyNumberRaw ?? context.companyNumber,
        candidate: entity.companyNumber,
        detail: 'company numbers differ: a namesake, or a successor company',
      })
    }
    if (score < options.minMatchScore) continue
    ;(reasons[0] as Reason).detail = hit.scored.describe()
    context.collector.add(field, raw, entityIndex, score, reasons)
  }
}

function screenPerson(register: CompiledRegister, field: string, person: { name: string; dateOfBirth?: string | undefined }, context: ScreeningContext): void {
  const { options } = context
  const query = parsePersonName(person.name, options.maxNameTokens)
  if (query.tokens.length === 0) return
  const dob = parseDateOfBirth(person.dateOfBirth)
  const index = register.personNames
  const candidates = candidatesOf(register, index, query, options.personCandidateCoverage, context)
  // People sharing the full date of birth are candidates too, however common their names are:
  // a replaced given name or a married surname leaves the date as the strongest key.
  if (dob !== null && dob.day !== null) {
    const seen = new Set(candidates)
    for (const r of register.personDates.get(dateKey(dob)) ?? []) {
      const entity = (index.records[r] as PersonNameRecord).entity
      if (!seen.has(r) && context.allowed[register.entityOwner[entity] as number] === 1) candidates.push(r)
    }
  }
  const ownWeights = options === register.options
  const queryWeights = personNameWeights(query, options)
  const best = new Map<number, { score: number; agreeingParts: number; scored: PersonNameScore; candidate: string }>()
  for (const r of candidates) {
    const record = index.records[r] as PersonNameRecord
    const recordWeights = ownWeights ? record.weights : personNameWeights(record.name, options)
    const result = scoreWeightedPersonNames(query, queryWeights, record.name, recordWeights, options)
    const previous = best.get(record.entity)
    if (previous === undefined || result.score > previous.score) {
      best.set(record.entity, { score: result.score, agreeingParts: result.agreeingParts, scored: result, candidate: record.name.raw })
    }
  }
  for (const [entityIndex, hit] of best) {
    if (hit.agreeingParts === 0) continue
    // Even the best qualifiers, or corroboration, cannot lift this name to the threshold.
    if (Math.max(hit.score, options.corroboratedNameFloor) + options.dobExactBonus + options.samePremisesBonus < options.minMatchScore) continue
    const entity = register.compiled[entityIndex] as CompiledEntity
    const dobAgreement = dob !== null && entity.dateOfBirth !== null ? compareDatesOfBirth(dob, entity.dateOfBirth, options) : null
    // Without the full date agreeing there is no corroboration, and if even the best address
    // bonus leaves the score short, the addresses need not be compared.
    if (
      dobAgreement?.score !== 1 &&
      (dobAgreement === null ? hit.score : hit.score + dobAgreement.adjust) + maxAddressAdjust(options) < options.minMatchScore
    ) {
      continue
    }
    const address = addressQualifier(entity, context.addresses, options)
    // Same full date of birth at the same premises or postcode: a changed surname (marriage, alias) or a
    // mistyped given name is still the same person, so the name conflict is capped.
    const corroborated = dobAgreement !== null && dobAgreement.score === 1 && address.reason !== null
    const lifted = corroborated && hit.score < options.corroboratedNameFloor
    let score = lifted ? options.corroboratedNameFloor : hit.score
    const reasons: Reason[] = [{ feature: 'person_name', score: round(hit.score), query: person.name, candidate: hit.candidate, detail: '' }]
    if (dobAgreement !== null && dob !== null && entity.dateOfBirth !== null) {
      score += dobAgreement.adjust
      reasons.push({ feature: 'date_of_birth', score: dobAgreement.score, query: dob.text, candidate: entity.dateOfBirth.text, detail: dobAgreement.detail })
    }
    if (address.reason !== null) {
      score += address.adjust
      reasons.push(address.reason)
    }
    if (score < options.minMatchScore) continue
    ;(reasons[0] as Reason).detail = hit.scored.describe() + (lifted ? '; names differ in part, but date of birth and address both agree' : '')
    context.collector.add(field, person.name, entityIndex, score, reasons)
  }
}

function screenAddress(register: CompiledRegister, address: SupplierAddress, context: ScreeningContext): void {
  const seen = new Set<number>()
  for (const key of addressKeysOf(address.parsed)) {
    for (const record of register.addressKeys.get(key) ?? []) {
      if (seen.has(record)) continue
      seen.add(record)
      const candidate = register.addresses[record]
      if (candidate === undefined || context.allowed[register.entityOwner[candidate.entity] as number] !== 1) continue
      const agreement = compareAddresses(address.parsed, candidate.address, context.options)
      if (agreement.score <= 0) continue
      context.collector.add(address.field, address.parsed.display, candidate.entity, agreement.score, [
        { feature: 'address', score: round(agreement.score), query: address.parsed.display, candidate: candidate.address.display, detail: agreement.detail },
      ])
    }
  }
}

function screenIdentifier(
  register: CompiledRegister,
  field: string,
  raw: string,
  key: string,
  feature: string,
  score: number,
  detail: string,
  context: ScreeningContext,
): void {
  for (const entityIndex of register.identifierKeys.get(key) ?? []) {
    if (context.allowed[register.entityOwner[entityIndex] as number] !== 1) continue
    const entity = register.compiled[entityIndex] as CompiledEntity
    context.collector.add(field, raw, entityIndex, score, [{ feature, score, query: raw, candidate: entity.companyNumber ?? entity.display, detail }])
  }
}

interface ScreeningContext {
  readonly options: MatchingOptions
  readonly allowed: Uint8Array
  readonly collector: MatchCollector
  readonly addresses: readonly SupplierAddress[]
  readonly companyNumber: string | null
  readonly companyNumberRaw: string | undefined
}

export function screenSupplier(register: CompiledRegister, supplier: Supplier, scope: ScreeningScope, options?: Partial<MatchingOptions>): ScreeningResult {
  const opts = options === undefined ? register.options : resolveOptions({ ...register.options, ...options })
  if (typeof supplier !== 'object' || supplier === null) throw new MatchingInputError('not_a_string', 'supplier', 'must be an object')
  const allowed = allowedOwnerMask(register, scope)
  if (!allowed.includes(1)) return { riskScore: 0, band: 'none', matches: [] }

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

  const collector = new MatchCollector(register, opts.minMatchScore)
  const companyNumber = companyNumberRaw === undefined ? null : canonicalCompanyNumber(companyNumberRaw)
  const context: ScreeningContext = { options: opts, allowed, collector, addresses, companyNumber, companyNumberRaw }

  screenCompanyName(register, 'supplier.name', name, context)
  tradingNames.forEach((tradingName, i) => screenCompanyName(register, `supplier.tradingNames[${i}]`, tradingName, context))
  for (const person of people) screenPerson(register, person.field, person, context)
  for (const address of addresses) screenAddress(register, address, context)
  if (companyNumber !== null && companyNumberRaw !== undefined) {
    screenIdentifier(
      register,
      'supplier.companyNumber',
      companyNumberRaw,
      `cn:${companyNumber}`,
      'company_number',
      opts.companyNumberScore,
      `Companies House number ${companyNumber} agrees`,
      context,
    )
  }
  phones.forEach((raw, i) => {
    const phone = phoneToE164(raw)
    if (phone !== null)
      screenIdentifier(register, `supplier.phones[${i}]`, raw, `tel:${phone}`, 'phone', opts.phoneScore, `phone number ${phone} agrees`, context)
  })
  emails.forEach((raw, i) => {
    const email = canonicalEmail(raw)
    if (email === null) return
    const field = `supplier.emails[${i}]`
    screenIdentifier(register, field, raw, `email:${email}`, 'email', opts.emailScore, `e-mail address ${email} agrees`, context)
    const domain = email.slice(email.lastIndexOf('@') + 1)
    if (WEBMAIL_DOMAINS.has(domain)) return
    screenIdentifier(
      register,
      field,
      raw,
      `web:${domain}`,
      'email_domain',
      opts.sharedDomainScore,
      `e-mail domain ${domain} is the register entry's website`,
      context,
    )
    screenIdentifier(
      register,
      field,
      raw,
      `maildomain:${domain}`,
      'email_domain',
      opts.sharedDomainScore,
      `e-mail domain ${domain} is the register entry's e-mail domain`,
      context,
    )
  })
  if (website !== undefined) {
    const domain = canonicalDomain(website)
    if (domain !== null) {
      screenIdentifier(register, 'supplier.website', website, `web:${domain}`, 'website', opts.websiteScore, `website domain ${domain} agrees`, context)
      if (!WEBMAIL_DOMAINS.has(domain)) {
        screenIdentifier(
          register,
          'supplier.website',
          website,
          `maildomain:${domain}`,
          'email_domain',
          opts.sharedDomainScore,
          `website domain ${domain} is the register entry's e-mail domain`,
          context,
        )
      }
    }
  }
  const matches = collector.matches()
  // Without overrides the register's own options stand, and aggregation need not merge them again.
  const { riskScore, band } = aggregateRisk(register, matches, options === undefined ? undefined : opts)
  return { riskScore, band, matches }
}
