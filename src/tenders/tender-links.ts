/**
 * A tender's bidders compared with each other (issue 16 point 2): which pairs are linked, by which
 * shared values, how surely, and the tender's own band. Pure apart from the one question it asks
 * of its caller: how many of the authority's suppliers gave each shared value.
 */
import type { Band, EvidenceKind, Reason, Supplier } from '../matching/index.js'
import { compileBidders, distinctMatches, findBidderPairs, kindOf, weighPair, type BidderMatch, type BidderPair } from './bidder-links.js'
import { matchedValueKey, weakenIfShared } from './shared-value-history.js'

/** One bidder: its latest screening for the tender. */
export interface TenderBidder {
  screeningId: string
  reference: string | null
  supplierName: string
  /** Its own screening's band against the register. */
  band: Band
  supplier: Supplier
}

export interface TenderBidderView {
  screeningId: string
  reference: string | null
  supplierName: string
  /** The bidder's own screening's band against the register. */
  band: Band
}

/** One value two bidders share, with the matcher's reasons. */
export interface SharedValueView {
  kind: EvidenceKind
  a: { field: string; value: string }
  b: { field: string; value: string }
  score: number
  /** A value many unrelated firms share (an agent's office, a mailbox provider): weak evidence. */
  weak: boolean
  reasons: Reason[]
}

export interface TenderLinkView {
  a: TenderBidderView
  b: TenderBidderView
  band: Band
  riskScore: number
  shared: SharedValueView[]
}

export interface TenderComparison {
  band: Band
  items: TenderLinkView[]
}

/** How many distinct suppliers of the authority gave each of these value keys. */
export type SupplierCounter = (keys: ReadonlySet<string>) => Promise<ReadonlyMap<string, number>>

const BANDS: readonly Band[] = ['none', 'low', 'medium', 'high']
const rank = (band: Band) => BANDS.indexOf(band)
const atLeast = (band: Band, floor: Band): Band => (rank(band) >= rank(floor) ? band : floor)
const oneUp = (band: Band): Band => BANDS[Math.min(BANDS.length - 1, rank(band) + 1)] ?? 'high'
const hitsRegister = (bidder: TenderBidder) => rank(bidder.band) >= rank('medium')

/**
 * The tender's band: the strongest link's, where a link (band low or above) with a bidder whose
 * own screening is medium or high against the register counts one band higher, and at least
 * medium: a bidder tied to an organised crime group is linked to another bidder of the same
 * tender, which an officer should see before award.
 */
function tenderBand(links: readonly { band: Band; a: TenderBidder; b: TenderBidder }[]): Band {
  let band: Band = 'none'
  for (const link of links) {
    const raised = link.band !== 'none' && (hitsRegister(link.a) || hitsRegister(link.b)) ? atLeast(oneUp(link.band), 'medium') : link.band
    band = atLeast(band, raised)
  }
  return band
}

/**
 * Compares every bidder with every other, weakens the matches on values the authority's
 * suppliers share widely, and weighs each linked pair.
 */
export async function compareTenderBidders(bidders: readonly TenderBidder[], countSuppliers: SupplierCounter): Promise<TenderComparison> {
  const suppliers = bidders.map((b) => b.supplier)
  const register = compileBidders(suppliers)
  const pairs = findBidderPairs(register, suppliers)
  const keys = new Set<string>()
  for (const pair of pairs) {
    for (const m of pair.matches) {
      const key = matchedValueKey(suppliers[m.from]!, m.match)
      if (key !== null) keys.add(key)
    }
  }
  const holding = keys.size === 0 ? new Map<string, number>() : await countSuppliers(keys)
  for (const pair of pairs) for (const m of pair.matches) weakenIfShared(suppliers[m.from]!, m.match, holding)

  const links = pairs.map((pair) => ({ pair, ...weighPair(register, pair), a: bidders[pair.a]!, b: bidders[pair.b]! }))
  const items = links
    .map(({ pair, band, riskScore, a, b }): TenderLinkView => ({
      a: bidderView(a),
      b: bidderView(b),
      band,
      riskScore,
      shared: distinctMatches(pair, (m) => comparedField(m, suppliers[m.to]!)).map((m) => sharedView(pair, m, suppliers[m.to]!)),
    }))
    .sort((x, y) => rank(y.band) - rank(x.band) || y.riskScore - x.riskScore)
  return { band: tenderBand(links), items }
}

function bidderView({ supplier: _supplier, ...view }: TenderBidder): TenderBidderView {
  return view
}

/** The other bidder's value the matcher compared, as its first reason quotes it (a trading name, say, rather than the company's name). */
const comparedValue = (m: BidderMatch) => m.match.reasons[0]?.candidate ?? m.match.entity.name

/** The other bidder's field the match compared: its company entity holds its trading names too. */
function comparedField(m: BidderMatch, other: Supplier): string {
  const tradingName = m.toField === 'supplier.name' ? (other.tradingNames ?? []).indexOf(comparedValue(m)) : -1
  return tradingName >= 0 ? `supplier.tradingNames[${tradingName}]` : m.toField
}

/** The value as each bidder gave it. */
function sharedView(pair: BidderPair, m: BidderMatch, other: Supplier): SharedValueView {
  const screened = { field: m.match.field, value: m.match.query }
  const compared = { field: comparedField(m, other), value: comparedValue(m) }
  const [a, b] = m.from === pair.a ? [screened, compared] : [compared, screened]
  return { kind: kindOf(m.match), a, b, score: m.match.score, weak: m.match.weak, reasons: m.match.reasons.map(inTenderTerms) }
}

// The matcher counts a shared value's holders as register entries and groups; here each group is a bidder.
const REGISTER_SHARING = /shared by \d+ register entries in (\d+) groups/

function inTenderTerms(reason: Reason): Reason {
  if (reason.feature !== 'shared_value') return reason
  return { ...reason, detail: reason.detail.replace(REGISTER_SHARING, (_, groups: string) => `given by ${groups} bidders of this tender`) }
}
