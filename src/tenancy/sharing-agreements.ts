import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database, SharingAgreement } from '../db/database.js'
import { AppError, notFound } from '../errors.js'
import { newId } from '../ids.js'

/** The channel on which agreement changes are announced, so every process forgets its copy. */
export const SHARING_CHANNEL = 'bidscreen_sharing'

export type AgreementStatus = 'active' | 'pending' | 'expired' | 'revoked'

export interface SharingAgreementView {
  id: string
  contributorOrgId: string
  /** The contributor again, by its first name (an alias kept within /v1). */
  policeOrgId: string
  authorityOrgId: string
  validFrom: string
  validTo: string | null
  status: AgreementStatus
  revokedAt: string | null
  createdAt: string
}

function agreementStatus(row: SharingAgreement, now = new Date()): AgreementStatus {
  if (row.revoked_at) return 'revoked'
  if (row.valid_from > now) return 'pending'
  if (row.valid_to && row.valid_to <= now) return 'expired'
  return 'active'
}

export function agreementView(row: SharingAgreement, now = new Date()): SharingAgreementView {
  return {
    id: row.id,
    contributorOrgId: row.police_org_id,
    policeOrgId: row.police_org_id,
    authorityOrgId: row.authority_org_id,
    validFrom: row.valid_from.toISOString(),
    validTo: row.valid_to?.toISOString() ?? null,
    status: agreementStatus(row, now),
    revokedAt: row.revoked_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  }
}

export async function createAgreement(
  trx: Transaction<Database>,
  input: {
    contributor: { orgId: string; field: 'contributorOrgId' | 'policeOrgId' }
    authorityOrgId: string
    validFrom: Date
    validTo?: Date | undefined
    createdBy: string
  },
): Promise<SharingAgreement> {
  if (input.validTo && input.validTo <= input.validFrom) {
    throw new AppError('VALIDATION_FAILED', 'validTo must be after validFrom', {
      field: 'validTo',
      errors: [{ field: 'validTo', code: 'invalid_period', message: 'must be after validFrom' }],
    })
  }
  const orgs = await trx.selectFrom('organisations').select(['id', 'kind']).where('id', 'in', [input.contributor.orgId, input.authorityOrgId]).execute()
  const kindOf = (id: string) => orgs.find((o) => o.id === id)?.kind
  for (const [field, id, kinds, what] of [
    [input.contributor.field, input.contributor.orgId, ['police', 'agency'], 'a police force or a partner agency'],
    ['authorityOrgId', input.authorityOrgId, ['authority'], 'an authority'],
  ] as const) {
    const actual = kindOf(id)
    if (actual === undefined) throw new AppError('UNPROCESSABLE_CONTENT', `No organisation with this ${field}`, { field })
    if (!(kinds as readonly string[]).includes(actual)) throw new AppError('UNPROCESSABLE_CONTENT', `${field} must name ${what}`, { field })
  }
  await announceSharingChange(trx)
  return trx
    .insertInto('sharing_agreements')
    .values({
      id: newId('shr'),
      police_org_id: input.contributor.orgId,
      authority_org_id: input.authorityOrgId,
      valid_from: input.validFrom,
      valid_to: input.validTo ?? null,
      revoked_at: null,
      revoked_by: null,
      created_by: input.createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function listAgreements(
  db: Kysely<Database>,
  filter: {
    contributorOrgId?: string | undefined
    authorityOrgId?: string | undefined
    status?: AgreementStatus | undefined
    after?: string | undefined
    limit: number
  },
): Promise<SharingAgreement[]> {
  let query = db.selectFrom('sharing_agreements').selectAll().orderBy('id').limit(filter.limit)
  if (filter.contributorOrgId) query = query.where('police_org_id', '=', filter.contributorOrgId)
  if (filter.authorityOrgId) query = query.where('authority_org_id', '=', filter.authorityOrgId)
  if (filter.after) query = query.where('id', '>', filter.after)
  if (filter.status === 'revoked') query = query.where('revoked_at', 'is not', null)
  if (filter.status === 'pending') query = query.where('revoked_at', 'is', null).where('valid_from', '>', sql<Date>`now()`)
  if (filter.status === 'expired') query = query.where('revoked_at', 'is', null).where('valid_to', '<=', sql<Date>`now()`)
  if (filter.status === 'active') query = query.where(activeAgreement)
  return query.execute()
}

export async function getAgreement(db: Kysely<Database>, id: string): Promise<SharingAgreement> {
  const row = await db.selectFrom('sharing_agreements').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw notFound('Sharing agreement')
  return row
}

/** Every agreement not revoked, in force or not: who shares with whom, and when. */
export async function listUnrevokedAgreements(
  db: Kysely<Database>,
): Promise<Pick<SharingAgreement, 'authority_org_id' | 'police_org_id' | 'valid_from' | 'valid_to'>[]> {
  return db.selectFrom('sharing_agreements').select(['authority_org_id', 'police_org_id', 'valid_from', 'valid_to']).where('revoked_at', 'is', null).execute()
}

/** The condition under which an agreement lets its authority screen against the force's lists. */
const activeAgreement = sql<boolean>`revoked_at is null and valid_from <= now() and (valid_to is null or valid_to > now())`

/** Revoking twice is harmless: the first revocation's time and author stand. */
export async function revokeAgreement(trx: Transaction<Database>, id: string, revokedBy: string): Promise<{ row: SharingAgreement; changed: boolean }> {
  const existing = await trx.selectFrom('sharing_agreements').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
  if (!existing) throw notFound('Sharing agreement')
  if (existing.revoked_at) return { row: existing, changed: false }
  await announceSharingChange(trx)
  const row = await trx
    .updateTable('sharing_agreements')
    .set({ revoked_at: new Date(), revoked_by: revokedBy })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
  return { row, changed: true }
}

// Delivered on commit, so every process (this one included) drops its copy of the agreements.
async function announceSharingChange(trx: Transaction<Database>): Promise<void> {
  await sql`select pg_notify(${SHARING_CHANNEL}, '')`.execute(trx)
}
