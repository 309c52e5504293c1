/**
 * What every field screener of one supplier shares: the options, which owners the caller may
 * see, the supplier's parsed addresses and company number, and the collector of matches; with
 * the qualifiers several screeners apply (an address of the entity's own, candidate lookup).
 */
import type { CompiledEntity, CompiledRegister } from '../compiled-register.js'
import { describeSharing, premisesKey } from '../evidence/shared-values.js'
import type { CandidateQuery, NameIndex } from '../index/name-index.js'
import type { ParsedAddress } from '../normalise/address.js'
import { compareAddresses } from '../score/address-score.js'
import type { MatchingOptions } from '../tuning.js'
import type { Address, Match, Reason } from '../types.js'

export interface SupplierAddress {
  readonly field: string
  readonly raw: Address
  readonly parsed: ParsedAddress
}

export interface ScreeningContext {
  readonly register: CompiledRegister
  readonly options: MatchingOptions
  /** 1 for each owner id the caller may be screened against. */
  readonly allowed: Uint8Array
  readonly collector: MatchCollector
  readonly addresses: readonly SupplierAddress[]
  readonly companyNumber: string | null
  readonly companyNumberRaw: string | undefined
}

export function round(score: number): number {
  return Math.round(Math.max(0, Math.min(1, score)) * 1000) / 1000
}

/**
 * Collects the reasons of each (field, entity) pair; the pair's score is its best evidence, and
 * it is weak only while every piece of evidence for it is.
 */
export class MatchCollector {
  private readonly byKey = new Map<string, Match>()

  constructor(
    private readonly register: CompiledRegister,
    private readonly minScore: number,
  ) {}

  add(field: string, query: string, entityIndex: number, score: number, reasons: Reason[], weak = false): void {
    if (score < this.minScore) return
    const key = `${field}\u0000${entityIndex}`
    const existing = this.byKey.get(key)
    const rounded = Math.round(Math.min(1, score) * 1000) / 1000
    if (existing === undefined) {
      const compiled = this.register.compiled[entityIndex] as CompiledEntity
      this.byKey.set(key, {
        groupId: compiled.group.id,
        entity: { id: compiled.id, kind: compiled.kind, name: compiled.display },
        field,
        query,
        score: rounded,
        weak,
        reasons,
      })
      return
    }
    existing.score = Math.max(existing.score, rounded)
    existing.weak = existing.weak && weak
    for (const reason of reasons) {
      if (!existing.reasons.some((r) => r.feature === reason.feature && r.candidate === reason.candidate)) existing.reasons.push(reason)
    }
  }

  matches(): Match[] {
    return [...this.byKey.values()].sort((a, b) => b.score - a.score || a.field.localeCompare(b.field))
  }
}

export interface AddressQualifier {
  readonly adjust: number
  readonly reason: Reason | null
  /** The supplier gives the entity's own premises (not just its postcode). */
  readonly premises: boolean
  /** The agreeing premises is one many register groups use: it qualifies a name but confirms nothing. */
  readonly shared: boolean
}

const NO_QUALIFIER: AddressQualifier = { adjust: 0, reason: null, premises: false, shared: false }

/**
 * Whether a supplier address agrees with one of the entity's own addresses: the same premises
 * (a strong qualifier), or only the same postcode (a weak one). Returned as a reason.
 */
export function addressQualifier(entity: CompiledEntity, context: ScreeningContext): AddressQualifier {
  const { addresses, options } = context
  if (entity.addresses.length === 0 || addresses.length === 0) return NO_QUALIFIER
  let best: { score: number; detail: string; query: SupplierAddress; candidate: ParsedAddress } | null = null
  for (const address of addresses) {
    for (const candidate of entity.addresses) {
      const agreement = compareAddresses(address.parsed, candidate, options)
      if (best === null || agreement.score > best.score) best = { score: agreement.score, detail: agreement.detail, query: address, candidate }
    }
  }
  if (best === null) return NO_QUALIFIER
  const premises = best.score >= options.addressNoPostcodeScore
  const sharedPostcode = best.query.parsed.postcode !== null && best.query.parsed.postcode === best.candidate.postcode
  if (!premises && !sharedPostcode) return NO_QUALIFIER
  const key = premises ? premisesKey(best.candidate) : null
  const sharing = key === null ? undefined : context.register.sharing.get(key)
  const shared = sharing !== undefined && sharing.groups >= options.sharedValueMinGroups
  const detail = premises ? best.detail : `shares postcode ${best.candidate.postcode} with the register entry`
  return {
    adjust: premises ? options.samePremisesBonus : options.samePostcodeBonus,
    reason: {
      feature: premises ? 'address' : 'postcode',
      score: round(premises ? best.score : 1),
      query: best.query.parsed.display,
      candidate: best.candidate.display,
      detail: `${best.query.field}: ${detail}${shared ? `; ${describeSharing('address', sharing)}` : ''}`,
    },
    premises,
    shared,
  }
}

/** The most an address qualifier can add to a score (nothing when no address agrees). */
export function maxAddressAdjust(options: MatchingOptions): number {
  return Math.max(0, options.samePremisesBonus, options.samePostcodeBonus)
}

/** Register names that may match the query, among the owners the caller may see only; `limit` at most (by default `maxCandidatesPerName`). */
export function candidatesOf(
  index: NameIndex,
  query: Pick<CandidateQuery, 'tokens' | 'compact'>,
  minCoverage: number,
  context: ScreeningContext,
  limit = context.options.maxCandidatesPerName,
): number[] {
  const { options, register } = context
  return index.candidates({
    tokens: query.tokens,
    compact: query.compact,
    entityOwner: register.entityOwner,
    allowedOwners: context.allowed,
    limit,
    minCoverage,
    maxPostings: Math.max(options.minPostingLimit, Math.floor(index.records.length * options.maxPostingShare)),
    particleWeight: options.candidateParticleWeight,
    initialFactor: options.candidateInitialFactor,
    shareOfBest: options.candidateShareOfBest,
  })
}
