import { sql, type Kysely } from 'kysely'

// Frozen once landed: later changes go in a new migration.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('organisations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('police', 'authority')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema
    .createIndex('organisations_name_unique')
    .on('organisations')
    .expression(sql`lower(name)`)
    .unique()
    .execute()

  await db.schema
    .createTable('sharing_agreements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('police_org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('authority_org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('valid_from', 'timestamptz', (c) => c.notNull())
    .addColumn('valid_to', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('revoked_by', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('sharing_agreements_period', sql`valid_to is null or valid_to > valid_from`)
    .execute()
  await db.schema.createIndex('sharing_agreements_authority').on('sharing_agreements').columns(['authority_org_id', 'police_org_id']).execute()

  await db.schema
    .createTable('audit_events')
    .addColumn('seq', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text')
    .addColumn('request_id', 'text')
    .addColumn('purpose', 'text')
    .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    // Set when the event is sealed into the hash chain, shortly after it commits (see audit-log.ts).
    .addColumn('chain_seq', 'bigint', (c) => c.unique())
    .addColumn('prev_hash', 'text')
    .addColumn('hash', 'text')
    .execute()
  await db.schema.createIndex('audit_events_unsealed').on('audit_events').column('seq').where(sql.ref('chain_seq'), 'is', null).execute()
  await db.schema.createIndex('audit_events_org_at').on('audit_events').columns(['org_id', 'at']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_events').execute()
  await db.schema.dropTable('sharing_agreements').execute()
  await db.schema.dropTable('organisations').execute()
}
