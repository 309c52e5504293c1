/**
 * Compiles one register version into the in-memory form screening needs (docs/design.md §4.1–4.2):
 * every value normalised once, name indexes for companies and people, exact-key maps for
 * company numbers, phones, e-mails, domains, postcodes and UPRNs. Immutable once built, so a
 * process can swap it atomically when the version changes.
 */
import { exactList } from './exact-list.js'
import { MatchingInputError } from './errors.js'
import {
  addressKeysOf,
  CompiledRegister,
  dateKey,
  type AddressRecord,
  type CompanyNameRecord,
  type CompiledEntity,
  type PersonNameRecord,
} from './compiled-register.js'
import { countPersonParts } from './evidence/name-rarity.js'
import { postcodeKey, premisesKey, sharingOf, type Sharing } from './evidence/shared-values.js'
import { KeyPostings } from './index/key-postings.js'
import { NameIndex } from './index/name-index.js'
import { registerString } from './input.js'
import { parseAddress, type ParsedAddress } from './normalise/address.js'
import { parseCompanyName, type CompanyName } from './normalise/company-name.js'
import { canonicalCompanyNumber } from './normalise/company-number.js'
import { parseDateOfBirth, type PartialDate } from './normalise/date-of-birth.js'
import { canonicalDomain, canonicalEmail } from './normalise/email.js'
import { latinPersonNames, parsePersonName, type PersonName } from './normalise/person-name.js'
import { phoneToE164 } from './normalise/phone.js'
import type { NameToken } from './normalise/name-token.js'
import { companyNameWeights } from './score/company-name-score.js'
import { personNameWeights } from './score/person-name-score.js'
import type { WordFrequencies } from './score/token-weights.js'
import { resolveOptions, type MatchingOptions } from './tuning.js'
import type { Address, RegisterGroup, RegisterSource } from './types.js'

/** The entity's name and aliases as register strings, blanks dropped. */
function namesOf(name: unknown, aliases: unknown, options: MatchingOptions): string[] {
  const out: string[] = []
  const first = registerString(name, options)
  if (first.trim() !== '') out.push(first)
  if (Array.isArray(aliases)) {
    for (const alias of aliases) {
      const text = registerString(alias, options)
      if (text.trim() !== '') out.push(text)
    }
  }
  return out
}

/** Counts each distinct word of a company or group name once, for the register's word IDF. */
function countWords(wordCounts: Map<string, number>, name: CompanyName): void {
  for (let k = 0; k < name.tokens.length; k++) {
    const word = (name.tokens[k] as NameToken).text
    let repeated = false
    for (let j = 0; j < k; j++) if ((name.tokens[j] as NameToken).text === word) repeated = true
    if (!repeated) wordCounts.set(word, (wordCounts.get(word) ?? 0) + 1)
  }
}

function isIterable(value: unknown): value is Iterable<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as Partial<Iterable<unknown>>)[Symbol.iterator] === 'function'
}

function addressDisplay(address: Address): string {
  return [...(address.lines ?? []), address.town, address.postcode].filter((p) => typeof p === 'string' && p !== '').join(', ')
}

function safeAddress(raw: unknown, options: MatchingOptions): Address | null {
  if (typeof raw !== 'object' || raw === null) return null
  const a = raw as Record<string, unknown>
  const lines = Array.isArray(a.lines) ? a.lines.slice(0, options.maxRegisterAddressLines).map((l) => registerString(l, options)) : undefined
  const out: Address = {}
  if (lines !== undefined) out.lines = lines
  for (const key of ['town', 'postcode', 'country', 'uprn'] as const) {
    if (typeof a[key] === 'string') out[key] = registerString(a[key], options)
  }
  return out
}

/**
 * Name weights remembered per name (a name repeats wherever its raw string does), and one list
 * per distinct content: most person names weigh [1, 1] or [1, 1, 1], and a shared list stays in
 * cache while candidates are scored.
 */
function sharedWeights<N extends { readonly raw: string }>(compute: (name: N) => number[]): (name: N) => readonly number[] {
  const byName = new Map<string, readonly number[]>()
  const byContent = new Map<string, readonly number[]>()
  return (name) => {
    let weights = byName.get(name.raw)
    if (weights === undefined) {
      const computed = compute(name)
      const key = computed.join(' ')
      weights = byContent.get(key)
      if (weights === undefined) byContent.set(key, (weights = computed))
      byName.set(name.raw, weights)
    }
    return weights
  }
}

// Entities (or groups) compiled between two yields of `compileRegisterSteps`: about a millisecond.
const STEP_ENTITIES = 64
// Shared-value keys counted between two yields: cheaper than an entity each.
const STEP_KEYS = 1024

export function compileRegister(input: RegisterSource, options?: Partial<MatchingOptions>): CompiledRegister {
  const steps = compileRegisterSteps(input, options)
  for (;;) {
    const step = steps.next()
    if (step.done) return step.value
  }
}

/**
 * The same compile as `compileRegister`, as steps: the generator yields every few dozen entities
 * and returns the compiled register. A million entities take tens of seconds to compile; a
 * service runs the steps a few milliseconds at a time between the requests it answers
 * (src/register/register-compiler.ts), so no request waits on a compile.
 */
export function* compileRegisterSteps(input: RegisterSource, options?: Partial<MatchingOptions>): Generator<void, CompiledRegister> {
  const opts = resolveOptions(options)
  if (typeof input !== 'object' || input === null || !Array.isArray(input.groups) || !isIterable(input.entities)) {
    throw new MatchingInputError('invalid_register', 'register', 'needs groups and entities lists')
  }
  const groups = new Map<string, RegisterGroup>()
  const ownerIds = new Map<string, number>()
  for (const group of input.groups) {
    groups.set(group.id, group)
    if (!ownerIds.has(group.ownerOrgId)) ownerIds.set(group.ownerOrgId, ownerIds.size)
  }
  const compiled: CompiledEntity[] = []
  // Company word weights need the whole register's word counts: records are finished after the loop.
  const companyNames: { entity: number; name: CompanyName }[] = []
  const personRecords: PersonNameRecord[] = []
  const addresses: AddressRecord[] = []
  const addressKeys = new KeyPostings()
  const identifierKeys = new KeyPostings()
  const wordCounts = new Map<string, number>()
  const personDates = new KeyPostings()
  const personPartCounts = new Map<string, number>()
  let persons = 0
  // Premises and postcode → entities at them, for counting how widely each is shared.
  const placeEntities = new KeyPostings()
  // Registers repeat names (aliases, relatives, one company at many addresses): parse each once.
  const companyParses = new Map<string, CompanyName>()
  const personParses = new Map<string, PersonName>()
  // One token object per distinct word of each kind: "smith" or "services" occurs thousands of
  // times, and scoring candidates stays in cache when they share one token instead of copies.
  const companyTokens = new Map<string, NameToken>()
  const personTokens = new Map<string, NameToken>()
  const personWeights = sharedWeights((name: PersonName) => personNameWeights(name, opts))
  const companyParse = (raw: string): CompanyName => {
    let parsed = companyParses.get(raw)
    if (parsed === undefined) companyParses.set(raw, (parsed = parseCompanyName(raw, opts.maxNameTokens, companyTokens)))
    return parsed
  }
  // Offices, shared premises and an address listed both alone and on its companies repeat too.
  const addressParses = new Map<string, ParsedAddress>()
  const addressWords = new Map<string, string>()
  const addressParse = (address: Address): ParsedAddress => {
    const key = [...(address.lines ?? []), address.town, address.postcode, address.country, address.uprn].join('\u0000')
    let parsed = addressParses.get(key)
    if (parsed === undefined) addressParses.set(key, (parsed = parseAddress(address, addressWords)))
    return parsed
  }
  const personParse = (raw: string): PersonName => {
    let parsed = personParses.get(raw)
    if (parsed === undefined) personParses.set(raw, (parsed = parsePersonName(raw, opts.maxNameTokens, personTokens)))
    return parsed
  }

  let steps = 0
  for (const entity of input.entities) {
    if (++steps % STEP_ENTITIES === 0) yield
    const group = groups.get(entity.groupId)
    // An entity of an unknown group cannot be scoped to an owner: never matchable.
    if (group === undefined || typeof entity !== 'object' || entity === null) continue
    const index = compiled.length
    let display: string
    let companyNumber: string | null = null
    let dateOfBirth: PartialDate | null = null
    const rawAddresses: Address[] = []
    switch (entity.type) {
      case 'company': {
        const names = namesOf(entity.name, entity.aliases, opts)
        display = names[0] ?? ''
        for (const raw of names) {
          const name = companyParse(raw)
          if (name.tokens.length === 0) continue
          companyNames.push({ entity: index, name })
          countWords(wordCounts, name)
        }
        companyNumber = typeof entity.companyNumber === 'string' ? canonicalCompanyNumber(entity.companyNumber) : null
        if (companyNumber !== null) identifierKeys.add(`cn:${companyNumber}`, index)
        if (Array.isArray(entity.addresses)) for (const a of entity.addresses) rawAddresses.push(a)
        break
      }
      case 'person': {
        const names = namesOf(entity.name, entity.aliases, opts)
        display = names[0] ?? ''
        const parsedNames: PersonName[] = []
        for (const raw of names) {
          const name = personParse(raw)
          if (name.tokens.length === 0) continue
          parsedNames.push(name)
          // A name in Han, Hangul or Kana is found by its romanisations too, as extra aliases.
          for (const form of [name, ...latinPersonNames(raw, opts.maxNameTokens, personTokens)]) {
            personRecords.push({ entity: index, tokens: form.tokens, compact: form.compact, name: form, weights: personWeights(form) })
          }
        }
        if (parsedNames.length > 0) {
          countPersonParts(
            personPartCounts,
            parsedNames.map((n) => n.tokens),
          )
          persons++
        }
        dateOfBirth = parseDateOfBirth(entity.dateOfBirth)
        if (dateOfBirth !== null && dateOfBirth.day !== null) {
          for (let r = personRecords.length - 1; r >= 0 && (personRecords[r] as PersonNameRecord).entity === index; r--) {
            personDates.add(dateKey(dateOfBirth), r)
          }
        }
        if (Array.isArray(entity.addresses)) for (const a of entity.addresses) rawAddresses.push(a)
        break
      }
      case 'address':
        rawAddresses.push(entity.address)
        display = addressDisplay(entity.address ?? {})
        break
      case 'phone': {
        display = registerString(entity.value, opts)
        const phone = phoneToE164(display)
        if (phone !== null) identifierKeys.add(`tel:${phone}`, index)
        break
      }
      case 'email': {
        display = registerString(entity.value, opts)
        const email = canonicalEmail(display)
        if (email !== null) {
          identifierKeys.add(`email:${email}`, index)
          const domain = email.slice(email.lastIndexOf('@') + 1)
          identifierKeys.add(`maildomain:${domain}`, index)
        }
        break
      }
      case 'website': {
        display = registerString(entity.value, opts)
        const domain = canonicalDomain(display)
        if (domain !== null) identifierKeys.add(`web:${domain}`, index)
        break
      }
      default:
        continue
    }
    const parsedAddresses: ParsedAddress[] = []
    const postcodes: string[] = []
    for (let k = 0; k < rawAddresses.length && k < opts.maxListItems; k++) {
      const address = safeAddress(rawAddresses[k], opts)
      if (address === null) continue
      const parsed = addressParse(address)
      parsedAddresses.push(parsed)
      const record = addresses.length
      addresses.push({ entity: index, address: parsed })
      for (const key of addressKeysOf(parsed)) addressKeys.add(key, record)
      for (const key of [premisesKey(parsed), postcodeKey(parsed)]) if (key !== null) placeEntities.add(key, index)
      if (parsed.postcode !== null && !postcodes.includes(parsed.postcode)) postcodes.push(parsed.postcode)
    }
    compiled.push({
      id: entity.id,
      kind: entity.type,
      group,
      owner: ownerIds.get(group.ownerOrgId) as number,
      display,
      addresses: exactList(parsedAddresses),
      postcodes: exactList(postcodes),
      companyNumber,
      dateOfBirth,
    })
  }
  // Entities first, then one entry per named group: `size` counts the register's entities only.
  const entityCount = compiled.length
  for (const group of groups.values()) {
    if (++steps % STEP_ENTITIES === 0) yield
    const names = namesOf(group.name, group.aliases, opts)
    if (names.length === 0) continue
    const index = compiled.length
    for (const raw of names) {
      const name = companyParse(raw)
      if (name.tokens.length === 0) continue
      companyNames.push({ entity: index, name })
      countWords(wordCounts, name)
    }
    compiled.push({
      id: group.id,
      kind: 'group',
      group,
      owner: ownerIds.get(group.ownerOrgId) as number,
      display: names[0] as string,
      addresses: [],
      postcodes: [],
      companyNumber: null,
      dateOfBirth: null,
    })
  }
  const sharing = new Map<string, Sharing>()
  const groupOf = (entity: number): string => (compiled[entity] as CompiledEntity).group.id
  // Keys held by several entities → how many entities and groups: counted once per version.
  for (const keyed of [identifierKeys, placeEntities]) {
    for (const [key, holders] of keyed.entries()) {
      // A key held once is unshared.
      const shared = typeof holders === 'number' ? null : sharingOf(holders, groupOf)
      if (shared !== null) sharing.set(key, shared)
      if (++steps % STEP_KEYS === 0) yield
    }
  }
  const entityOwner = Int32Array.from(compiled.map((c) => c.owner))
  const companyWords: WordFrequencies = { total: companyNames.length, counts: wordCounts }
  const companyWeights = sharedWeights((name: CompanyName) => companyNameWeights(name, companyWords, opts))
  const companyRecords: CompanyNameRecord[] = []
  for (const { entity, name } of companyNames) {
    companyRecords.push({ entity, tokens: name.tokens, compact: name.compact, name, weights: companyWeights(name) })
    if (++steps % STEP_ENTITIES === 0) yield
  }
  const companyIndex = yield* NameIndex.build(companyRecords, { minFuzzyLength: opts.minFuzzyLength, personal: false })
  const personIndex = yield* NameIndex.build(personRecords, { minFuzzyLength: opts.minFuzzyLength, personal: true })
  return new CompiledRegister({
    version: input.version,
    groups,
    size: entityCount,
    compiled,
    ownerIds,
    entityOwner,
    companyNames: companyIndex,
    personNames: personIndex,
    companyWords,
    personDates,
    addresses,
    addressKeys,
    identifierKeys,
    personParts: { persons, counts: personPartCounts },
    sharing,
    options: opts,
  })
}
