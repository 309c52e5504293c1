import { sql, type Kysely } from 'kysely'

// Frozen once landed: later changes go in a new migration.
export async function up(db: Kysely<any>): Promise<void> {
  // The chain's head after every seal, and where the kept chain starts after every purge: what
  // verification holds the chain against, so that deleting its last events, or rewriting and
  // re-hashing it, shows (see src/audit/seal-audit-chain.ts and verify-audit-trail.ts).
  await db.schema
    .createTable('audit_checkpoints')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('seal', 'purge')`))
    .addColumn('chain_seq', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('audit_checkpoints_chain_seq').on('audit_checkpoints').columns(['chain_seq', 'kind']).execute()
  // A chain sealed before checkpoints existed is trusted as it stands now, and held to from here on.
  await sql`insert into audit_checkpoints (kind, chain_seq, hash)
    select 'seal', chain_seq, hash from audit_events where chain_seq is not null order by chain_seq desc limit 1`.execute(db)

  // Append-only in the database itself: a sealed event cannot be changed or deleted, a pending one
  // can only be sealed (its chain fields set, nothing else), and a delete is allowed only inside a
  // retention purge, which marks its transaction with the last chain position it removes
  // (set_config(..., true) lasts until the transaction ends). The table's owner or a superuser can
  // still disable triggers: verification does not rely on them (docs/design.md §6).
  await sql`create function audit_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'audit records are append-only: % on % refused', tg_op, tg_table_name using errcode = 'insufficient_privilege';
    end
  $$`.execute(db)
  await sql`create function audit_purging_through() returns bigint language sql stable as $$
    select coalesce(nullif(current_setting('bidscreen.audit_purge_through', true), '')::bigint, 0)
  $$`.execute(db)
  await sql`create trigger audit_events_seal_only before update on audit_events for each row
    when (not (old.chain_seq is null and new.chain_seq is not null and new.prev_hash is not null and new.hash is not null
      and (new.seq, new.at, new.actor, new.org_id, new.action, new.target_type, new.target_id, new.request_id, new.purpose, new.details)
        is not distinct from (old.seq, old.at, old.actor, old.org_id, old.action, old.target_type, old.target_id, old.request_id, old.purpose, old.details)))
    execute function audit_refuse_change()`.execute(db)
  await sql`create trigger audit_events_purge_only before delete on audit_events for each row
    when (not (old.chain_seq is not null and old.chain_seq <= audit_purging_through()))
    execute function audit_refuse_change()`.execute(db)
  await sql`create trigger audit_checkpoints_append_only before update on audit_checkpoints for each row
    execute function audit_refuse_change()`.execute(db)
  await sql`create trigger audit_checkpoints_purge_only before delete on audit_checkpoints for each row
    when (not (old.chain_seq <= audit_purging_through()))
    execute function audit_refuse_change()`.execute(db)
  for (const table of ['audit_events', 'audit_checkpoints']) {
    await sql`create trigger ${sql.id(`${table}_no_truncate`)} before truncate on ${sql.table(table)}
      for each statement execute function audit_refuse_change()`.execute(db)
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const trigger of ['audit_events_seal_only', 'audit_events_purge_only', 'audit_events_no_truncate']) {
    await sql`drop trigger ${sql.id(trigger)} on audit_events`.execute(db)
  }
  await db.schema.dropTable('audit_checkpoints').execute()
  await sql`drop function audit_purging_through()`.execute(db)
  await sql`drop function audit_refuse_change()`.execute(db)
}
