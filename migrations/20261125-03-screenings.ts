import { sql, type Kysely } from 'kysely'

// Frozen once landed: later changes go in a new migration.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('screenings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('reference', 'text')
    .addColumn('supplier_name', 'text', (c) => c.notNull())
    // The supplier as submitted: personal data of its connected persons, shown only to its authority.
    .addColumn('supplier', 'jsonb', (c) => c.notNull())
    .addColumn('register_version', 'integer', (c) => c.notNull())
    .addColumn('risk_score', 'integer', (c) => c.notNull())
    .addColumn('band', 'text', (c) => c.notNull().check(sql`band in ('none', 'low', 'medium', 'high')`))
    .addColumn('match_count', 'integer', (c) => c.notNull())
    // Matches with their group, entity, field, score, reasons and any suppression, as returned.
    .addColumn('matches', 'jsonb', (c) => c.notNull())
    .addColumn('screened_by', 'text', (c) => c.notNull())
    .addColumn('screened_at', 'timestamptz', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.check(sql`decision in ('cleared', 'referred', 'confirmed')`))
    .addColumn('decision_id', 'text')
    .addColumn('decided_at', 'timestamptz')
    .execute()
  await db.schema.createIndex('screenings_org_time').on('screenings').columns(['org_id', 'screened_at', 'id']).execute()

  // Which authority's screenings matched which force's groups: the force's view of hits,
  // without the supplier's personal data.
  await db.schema
    .createTable('screening_hits')
    .addColumn('screening_id', 'text', (c) => c.notNull().references('screenings.id'))
    .addColumn('authority_org_id', 'text', (c) => c.notNull())
    .addColumn('police_org_id', 'text', (c) => c.notNull())
    .addColumn('group_ref', 'text', (c) => c.notNull())
    .addColumn('best_score', 'real', (c) => c.notNull())
    .addColumn('band', 'text', (c) => c.notNull())
    .addColumn('screened_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('screening_hits_pk', ['screening_id', 'police_org_id', 'group_ref'])
    .execute()
  await db.schema.createIndex('screening_hits_police').on('screening_hits').columns(['police_org_id', 'screened_at']).execute()

  await db.schema
    .createTable('decisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('screening_id', 'text', (c) => c.notNull().references('screenings.id'))
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('cleared', 'referred', 'confirmed')`))
    .addColumn('note', 'text')
    .addColumn('decided_by', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'timestamptz', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('decisions_screening').on('decisions').columns(['screening_id', 'decided_at']).execute()

  // The "good-guy list": a cleared (submitted value, register entity) pair of one authority.
  // Keyed by the entity's fingerprint, which changes when the entity does.
  await db.schema
    .createTable('suppressions')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('value_key', 'text', (c) => c.notNull())
    .addColumn('entity_fingerprint', 'text', (c) => c.notNull())
    .addColumn('decision_id', 'text', (c) => c.notNull())
    .addColumn('screening_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('suppressions_pk', ['org_id', 'value_key', 'entity_fingerprint'])
    .execute()
  await db.schema.createIndex('suppressions_screening').on('suppressions').column('screening_id').execute()

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('route', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('response', 'jsonb', (c) => c.notNull())
    .addColumn('location', 'text')
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['org_id', 'key'])
    .execute()
  await db.schema.createIndex('idempotency_keys_expiry').on('idempotency_keys').column('expires_at').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['idempotency_keys', 'suppressions', 'decisions', 'screening_hits', 'screenings']) {
    await db.schema.dropTable(table).execute()
  }
}
