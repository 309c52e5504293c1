import type { ColumnType, Generated, Insertable, Selectable } from 'kysely'

/** The tables, as kysely sees them. Timestamps are written as Date and read back as Date. */
export interface Database {
  organisations: OrganisationTable
  sharing_agreements: SharingAgreementTable
  audit_events: AuditEventTable
}

export type OrganisationKind = 'police' | 'authority'

export interface OrganisationTable {
  id: string
  name: string
  kind: OrganisationKind
  created_at: ColumnType<Date, Date | undefined, never>
}
export type Organisation = Selectable<OrganisationTable>

export interface SharingAgreementTable {
  id: string
  police_org_id: string
  authority_org_id: string
  valid_from: Date
  valid_to: Date | null
  revoked_at: Date | null
  revoked_by: string | null
  created_by: string
  created_at: ColumnType<Date, Date | undefined, never>
}
export type SharingAgreement = Selectable<SharingAgreementTable>

export interface AuditEventTable {
  seq: Generated<number>
  at: Date
  actor: string
  org_id: string
  action: string
  target_type: string
  target_id: string | null
  request_id: string | null
  purpose: string | null
  details: ColumnType<Record<string, unknown>, string, never>
  prev_hash: string
  hash: string
}
export type AuditEvent = Selectable<AuditEventTable>
export type NewAuditEvent = Insertable<AuditEventTable>
