/**
 * Links between the bidders of one tender (issue 16), found by the screening matcher itself: the
 * bidders are compiled as a small register, one group per bidder, and each bidder is screened
 * against the others. Pure: no database, no HTTP.
 */
import {
  aggregateRisk,
  compileRegister,
  findMatches,
  type Band,
  type CompiledRegister,
  type EvidenceKind,
  type Match,
  type RegisterEntity,
  type RegisterGroup,
  type Supplier,
} from '../matching/index.js'

// An entity's id is its bidder's index and the submitted field it stands for, so that a link
// says which field of each bidder agreed.
const ID_SEPARATOR = '|'

/** One match of a bidder's field against another bidder's value. */
export interface BidderMatch {
  /** Index of the bidder whose field was screened. */
  readonly from: number
  /** Index of the bidder whose value it agreed with. */
  readonly to: number
  /** That bidder's field. */
  readonly toField: string
  readonly match: Match
}

/** The matches between two bidders, `a` < `b`, in both directions. */
export interface BidderPair {
  readonly a: number
  readonly b: number
  readonly matches: BidderMatch[]
}

/**
 * The bidders as a register. Each group is its own owner, so that a bidder screened against
 * "every owner but its own" never meets itself; every group is of risk level high, whose factor
 * is 1, so that a link's band says how sure the evidence is and nothing else. Groups carry no
 * name: the matcher would screen it as one more company name.
 */
export function compileBidders(suppliers: readonly Supplier[]): CompiledRegister {
  const groups: RegisterGroup[] = []
  const entities: RegisterEntity[] = []
  suppliers.forEach((supplier, i) => {
    const groupId = String(i)
    const id = (field: string) => `${i}${ID_SEPARATOR}${field}`
    groups.push({ id: groupId, ref: groupId, name: '', aliases: [], riskLevel: 'high', handling: '', ownerOrgId: groupId })
    entities.push({
      id: id('supplier.name'),
      groupId,
      type: 'company',
      name: supplier.name,
      aliases: supplier.tradingNames ?? [],
      ...(supplier.companyNumber === undefined ? {} : { companyNumber: supplier.companyNumber }),
    })
    supplier.people?.forEach((person, k) =>
      entities.push({
        id: id(`supplier.people[${k}]`),
        groupId,
        type: 'person',
        name: person.name,
        ...(person.dateOfBirth === undefined ? {} : { dateOfBirth: person.dateOfBirth }),
      }),
    )
    supplier.addresses?.forEach((address, k) => entities.push({ id: id(`supplier.addresses[${k}]`), groupId, type: 'address', address }))
    supplier.phones?.forEach((value, k) => entities.push({ id: id(`supplier.phones[${k}]`), groupId, type: 'phone', value }))
    supplier.emails?.forEach((value, k) => entities.push({ id: id(`supplier.emails[${k}]`), groupId, type: 'email', value }))
    if (supplier.website !== undefined) entities.push({ id: id('supplier.website'), groupId, type: 'website', value: supplier.website })
  })
  return compileRegister({ version: 0, groups, entities })
}

/** Every bidder screened against every other: the pairs with at least one match, in bidder order. */
export function findBidderPairs(register: CompiledRegister, suppliers: readonly Supplier[]): BidderPair[] {
  const pairs = new Map<number, BidderPair>()
  const others = new Set(suppliers.map((_, i) => String(i)))
  suppliers.forEach((supplier, from) => {
    others.delete(String(from))
    const found = findMatches(register, supplier, { allowedOwners: others })
    others.add(String(from))
    for (const match of found) {
      const to = Number(match.groupId)
      const [a, b] = from < to ? [from, to] : [to, from]
      const key = a * suppliers.length + b
      let pair = pairs.get(key)
      if (pair === undefined) pairs.set(key, (pair = { a, b, matches: [] }))
      pair.matches.push({ from, to, toField: match.entity.id.slice(match.entity.id.indexOf(ID_SEPARATOR) + 1), match })
    }
  })
  return [...pairs.values()].sort((x, y) => x.a - y.a || x.b - y.b)
}

/**
 * How sure the link is: the matcher's own aggregation over both directions (each direction's
 * evidence is weighed for the other bidder's group; the stronger direction stands).
 */
export function weighPair(register: CompiledRegister, pair: BidderPair): { riskScore: number; band: Band } {
  return aggregateRisk(
    register,
    pair.matches.map((m) => m.match),
  )
}

/**
 * The pair's matches once each: the same two values agreeing seen from either bidder count once
 * (the stronger when they differ). `comparedField` says which field of the other bidder a match
 * compared (a trading name, where the entity is the company).
 */
export function distinctMatches(pair: BidderPair, comparedField: (m: BidderMatch) => string): BidderMatch[] {
  const byValues = new Map<string, BidderMatch>()
  for (const m of pair.matches) {
    const [aField, bField] = m.from === pair.a ? [m.match.field, comparedField(m)] : [comparedField(m), m.match.field]
    const key = `${aField}\n${bField}`
    const seen = byValues.get(key)
    if (seen === undefined || m.match.score > seen.match.score) byValues.set(key, m)
  }
  return [...byValues.values()].sort((x, y) => y.match.score - x.match.score)
}

/** The kind of evidence a match is, by the field screened and the entity it agreed with. */
export function kindOf(match: Match): EvidenceKind {
  if (match.entity.kind === 'person' || match.field.startsWith('supplier.people')) return 'person'
  if (match.field.startsWith('supplier.addresses')) return 'address'
  if (match.field === 'supplier.companyNumber') return 'companyNumber'
  if (match.field.startsWith('supplier.phones')) return 'phone'
  if (match.field.startsWith('supplier.emails')) return 'email'
  if (match.field === 'supplier.website') return 'website'
  return 'companyName'
}
