import type { Kysely } from 'kysely'
import { recordAuditEvent, withAudit } from '../audit/audit-log.js'
import type { Actor } from '../audit/audit-log.js'
import type { Database } from '../db/database.js'
import { cursorKeys, decodeCursor, toPage, type Page } from '../pagination.js'
import type { SharingCache } from './sharing-cache.js'
import {
  agreementView,
  createAgreement,
  getAgreement,
  listAgreements,
  revokeAgreement,
  type AgreementStatus,
  type SharingAgreementView,
} from './sharing-agreements.js'

export interface AgreementInput {
  /** The police force or partner agency whose watchlists are shared, and the request field that named it. */
  contributor: { orgId: string; field: 'contributorOrgId' | 'policeOrgId' }
  authorityOrgId: string
  /** ISO date-times; from now, and open-ended, when absent. */
  validFrom?: string | undefined
  validTo?: string | undefined
}

export interface AgreementListQuery {
  contributorOrgId?: string | undefined
  authorityOrgId?: string | undefined
  status?: AgreementStatus | undefined
  limit: number
  cursor?: string | undefined
}

/**
 * Sharing agreements, kept by administrators: which authority may be screened against which
 * force's lists, and when. A change is audited and takes effect in this process at once; other
 * processes hear of it by NOTIFY.
 */
export function sharingAgreementUseCases(deps: { db: Kysely<Database>; sharing: SharingCache }) {
  const { db, sharing } = deps

  async function create(actor: Actor, input: AgreementInput): Promise<SharingAgreementView> {
    const row = await withAudit(
      db,
      (trx) =>
        createAgreement(trx, {
          contributor: input.contributor,
          authorityOrgId: input.authorityOrgId,
          validFrom: input.validFrom ? new Date(input.validFrom) : new Date(),
          validTo: input.validTo ? new Date(input.validTo) : undefined,
          createdBy: actor.actor,
        }),
      (agreement) => ({
        ...actor,
        action: 'sharing_agreement.create',
        targetType: 'sharing_agreement',
        targetId: agreement.id,
        details: { contributorOrgId: agreement.police_org_id, authorityOrgId: agreement.authority_org_id },
      }),
    )
    sharing.invalidate()
    return agreementView(row)
  }

  async function list(query: AgreementListQuery): Promise<Page<SharingAgreementView>> {
    const { limit, cursor, ...filter } = query
    const after = cursor ? decodeCursor(cursor, cursorKeys.byId)[0] : undefined
    const rows = await listAgreements(db, { ...filter, after, limit: limit + 1 })
    return toPage(
      rows,
      limit,
      (r) => [r.id],
      (r) => agreementView(r),
    )
  }

  async function get(id: string): Promise<SharingAgreementView> {
    return agreementView(await getAgreement(db, id))
  }

  /** Revoking twice is harmless, and audited once. */
  async function revoke(actor: Actor, id: string): Promise<SharingAgreementView> {
    const row = await db.transaction().execute(async (trx) => {
      const result = await revokeAgreement(trx, id, actor.actor)
      if (result.changed) {
        await recordAuditEvent(trx, { ...actor, action: 'sharing_agreement.revoke', targetType: 'sharing_agreement', targetId: result.row.id })
      }
      return result.row
    })
    sharing.invalidate()
    return agreementView(row)
  }

  return { create, list, get, revoke }
}

export type SharingAgreementUseCases = ReturnType<typeof sharingAgreementUseCases>
