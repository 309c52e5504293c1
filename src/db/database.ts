import type { ColumnType, Generated, Insertable, JSONColumnType, Selectable } from 'kysely'

/**
 * The documents that JSON columns hold, declared by the modules that write them (as plugins
 * declare their decorations on Fastify), so that a read is typed without a cast while this file
 * imports nothing from the layers above it:
 * `declare module '../db/database.js' { interface JsonDocuments { screeningMatches: StoredMatch[] } }`.
 */
export interface JsonDocuments {
  /** What an audit event records beyond who did what to what; never personal data. */
  auditDetails: Record<string, unknown>
}

/** The document declared under `name`; any JSON object until a module declares it. */
type DocumentOf<K extends string> = JsonDocuments extends Record<K, infer T extends object> ? T : Record<string, unknown>

/** The tables, as kysely sees them. Timestamps are written as Date and read back as Date. */
export interface Database {
  organisations: OrganisationTable
  sharing_agreements: SharingAgreementTable
  audit_events: AuditEventTable
  register_state: RegisterStateTable
  watchlists: WatchlistTable
  watchlist_versions: WatchlistVersionTable
  register_groups: RegisterGroupTable
  register_entities: RegisterEntityTable
  screenings: ScreeningTable
  screening_hits: ScreeningHitTable
  supplier_values: SupplierValueTable
  decisions: DecisionTable
  suppressions: SuppressionTable
  idempotency_keys: IdempotencyKeyTable
  alerts: AlertTable
  monitoring_progress: MonitoringProgressTable
  webhook_endpoints: WebhookEndpointTable
  webhook_deliveries: WebhookDeliveryTable
}

/** A police force, a contracting authority, or a partner agency (HMRC, the Environment Agency…) that contributes watchlists as a force does. */
export type OrganisationKind = 'police' | 'authority' | 'agency'

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
  details: JSONColumnType<DocumentOf<'auditDetails'>, string, never>
  chain_seq: number | null
  prev_hash: string | null
  hash: string | null
}
export type AuditEvent = Selectable<AuditEventTable>
export type NewAuditEvent = Insertable<AuditEventTable>

export interface RegisterStateTable {
  id: number
  version: number
  changed_at: ColumnType<Date, Date | undefined, Date>
}

export interface WatchlistTable {
  id: string
  org_id: string
  name: string
  description: string | null
  current_version: number | null
  created_by: string
  created_at: ColumnType<Date, Date | undefined, never>
  updated_at: ColumnType<Date, Date | undefined, Date>
}
export type Watchlist = Selectable<WatchlistTable>

export interface WatchlistVersionTable {
  watchlist_id: string
  version: number
  register_version: number
  format: 'json' | 'csv'
  content_sha256: string
  group_count: number
  entity_count: number
  counts_by_type: JSONColumnType<Record<string, number>, string, never>
  uploaded_by: string
  uploaded_at: ColumnType<Date, Date | undefined, never>
  /** A version being written, not yet live (an upload goes live in one short transaction at its end). */
  staged: ColumnType<boolean, boolean | undefined, boolean>
}
export type WatchlistVersion = Selectable<WatchlistVersionTable>

export interface RegisterGroupTable {
  id: string
  watchlist_id: string
  version: number
  org_id: string
  ref: string
  name: string
  aliases: JSONColumnType<string[], string, never>
  risk_level: 'low' | 'medium' | 'high'
  handling: string | null
  notes: string | null
  position: number
}

export interface RegisterEntityTable {
  id: string
  group_id: string
  watchlist_id: string
  version: number
  type: 'company' | 'person' | 'address' | 'phone' | 'email' | 'website'
  label: string
  data: JSONColumnType<DocumentOf<'registerEntity'>, string, never>
  fingerprint: string
  position: number
}

export type Band = 'none' | 'low' | 'medium' | 'high'
export type DecisionOutcome = 'cleared' | 'referred' | 'confirmed'

export interface ScreeningTable {
  id: string
  org_id: string
  reference: string | null
  supplier_name: string
  supplier: JSONColumnType<DocumentOf<'screeningSupplier'>, string, never>
  register_version: number
  risk_score: number
  band: Band
  match_count: number
  matches: JSONColumnType<DocumentOf<'screeningMatches'>, string, never>
  screened_by: string
  screened_at: Date
  decision: DecisionOutcome | null
  decision_id: string | null
  decided_at: Date | null
  /** Which supplier it is of (company number, else name), computed by the database. */
  supplier_key: ColumnType<string, never, never>
  /** The tender it was made for, as the caller gave it. */
  tender: ColumnType<DocumentOf<'screeningTender'> | null, string | null | undefined, never>
  /** The tender's id, computed by the database from `tender`. */
  tender_id: ColumnType<string | null, never, never>
}
export type Screening = Selectable<ScreeningTable>

/** A value a screening's supplier gave, keyed as the matcher compares it (src/tenders/shared-value-history.ts). */
export interface SupplierValueTable {
  screening_id: string
  org_id: string
  supplier_key: string
  value_key: string
}

export interface ScreeningHitTable {
  screening_id: string
  authority_org_id: string
  police_org_id: string
  group_ref: string
  best_score: number
  band: Band
  screened_at: Date
}

export interface DecisionTable {
  id: string
  screening_id: string
  org_id: string
  outcome: DecisionOutcome
  note: string | null
  decided_by: string
  decided_at: Date
  /** The alert the decision was taken on, when it was. */
  alert_id: ColumnType<string | null, string | null | undefined, never>
}
export type Decision = Selectable<DecisionTable>

export interface SuppressionTable {
  org_id: string
  value_key: string
  entity_fingerprint: string
  decision_id: string
  screening_id: string
  created_at: ColumnType<Date, Date | undefined, never>
}

export interface IdempotencyKeyTable {
  org_id: string
  key: string
  route: string
  request_hash: string
  status: number
  response: ColumnType<unknown, string, string>
  location: string | null
  expires_at: Date
}

export type AlertStatus = 'open' | 'acknowledged' | 'decided' | 'closed'

export interface AlertTable {
  id: string
  org_id: string
  screening_id: string
  change_id: string
  register_version: number
  status: AlertStatus
  band: Band
  risk_score: number
  matches: JSONColumnType<DocumentOf<'alertMatches'>, string, never>
  new_match_count: number
  groups: JSONColumnType<DocumentOf<'alertGroups'>, string, never>
  raised_at: Date
  acknowledged_by: string | null
  acknowledged_at: Date | null
  decision_id: string | null
  decided_at: Date | null
  closed_at: Date | null
  closed_reason: string | null
}
export type Alert = Selectable<AlertTable>

export interface MonitoringProgressTable {
  change_id: string
  org_id: string
  after_key: string
  rescreened: number
  alerts: number
  done: boolean
  updated_at: Date
}

export interface WebhookEndpointTable {
  org_id: string
  url: string
  secret: string
  created_by: string
  created_at: ColumnType<Date, Date | undefined, never>
  updated_at: ColumnType<Date, Date | undefined, Date>
}
export type WebhookEndpoint = Selectable<WebhookEndpointTable>

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed'

export interface WebhookDeliveryTable {
  id: string
  org_id: string
  alert_id: string
  event: string
  /** The body as sent and signed. */
  payload: JSONColumnType<DocumentOf<'webhookPayload'>, string, never>
  status: WebhookDeliveryStatus
  attempts: ColumnType<number, number | undefined, number>
  last_attempt_at: Date | null
  last_status_code: number | null
  last_error: string | null
  delivered_at: Date | null
  created_at: ColumnType<Date, Date, never>
}
export type WebhookDelivery = Selectable<WebhookDeliveryTable>
