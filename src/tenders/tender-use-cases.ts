import type { Kysely } from 'kysely'
import { auditingDenial, recordAuditEvent, type Actor } from '../audit/audit-log.js'
import type { Database } from '../db/database.js'
import { notFound } from '../errors.js'
import { retentionCutoff } from '../retention/retention-cutoff.js'
import { compareTenderBidders, type TenderLinkView } from './tender-links.js'
import { countSuppliersGiving, tenderBidders } from './tender-repository.js'
import type { Tender } from './tender-schema.js'

export interface TenderDeps {
  db: Kysely<Database>
  /** SCREENING_RETENTION_DAYS: older screenings are neither compared nor shown. */
  screeningRetentionDays: number
}

/** A tender's bidders compared with each other. */
export interface TenderLinksView {
  /** The tender as its latest screening gave it. */
  tender: Tender
  band: 'none' | 'low' | 'medium' | 'high'
  /** Bidders compared: the latest screening of each supplier that named the tender. */
  bidders: number
  items: TenderLinkView[]
}

/** An authority's officers' view of its tenders. */
export function tenderUseCases(deps: TenderDeps) {
  const { db } = deps

  /**
   * The links between the bidders of one of the authority's tenders; "not found" when none of its
   * screenings (within retention) names the tender, another authority's included. Audited, read
   * or denied: it shows suppliers' names and who is behind them.
   */
  async function links(actor: Actor, tenderId: string): Promise<TenderLinksView> {
    const keptSince = retentionCutoff(new Date(), deps.screeningRetentionDays)
    const denied = { action: 'tender.links.read_denied', targetType: 'tender', targetId: tenderId }
    const rows = await auditingDenial(db, actor, denied, async () => {
      const found = await tenderBidders(db, actor.orgId, tenderId, keptSince)
      if (found.length === 0) throw notFound('Tender')
      return found
    })
    const bidders = rows.map((r) => ({ screeningId: r.id, reference: r.reference, supplierName: r.supplier_name, band: r.band, supplier: r.supplier }))
    const { band, items } = await compareTenderBidders(bidders, (keys) => countSuppliersGiving(db, actor.orgId, keys))
    const latest = rows.reduce((a, b) => (b.screened_at > a.screened_at ? b : a))
    await recordAuditEvent(db, {
      ...actor,
      action: 'tender.links.read',
      targetType: 'tender',
      targetId: tenderId,
      details: { bidders: rows.length, links: items.length, band },
    })
    return { tender: latest.tender ?? { id: tenderId }, band, bidders: rows.length, items }
  }

  return { links }
}

export type TenderUseCases = ReturnType<typeof tenderUseCases>
