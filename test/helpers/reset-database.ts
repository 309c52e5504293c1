// Empties a migrated test database back to what its template held, so that one PGlite instance
// can serve a process's tests one after another (test-databases.ts). The script is worked out
// once per process from the first database, before any test writes to it: every table of the
// app's and the job queue's schemas is truncated, and the few rows the template holds (the
// register's state, the job schedule) are put back as they were.
import type { DatabaseHandle } from '../../src/db/connect.js'

// Written by migrations and pg-boss's installation only, never by a test: left as they are.
const KEPT = new Set(['public.kysely_migration', 'public.kysely_migration_lock', 'pgboss.version', 'pgboss.queue'])

let script: Promise<string> | undefined

/** Works out the reset script from `handle`, a database no test has written to yet. */
export async function rememberPristine(handle: DatabaseHandle): Promise<void> {
  await (script ??= resetScript(handle))
}

/** Empties the database; false when it could not (the caller then discards it). */
export async function resetDatabase(handle: DatabaseHandle): Promise<boolean> {
  if (!script) return false
  try {
    await handle.executeSql(await script)
    return true
  } catch {
    return false
  }
}

async function resetScript(handle: DatabaseHandle): Promise<string> {
  const rows = async <T>(text: string) => (await handle.executeSql(text)).rows as T[]
  // Partitioned tables (pg-boss's jobs) are truncated through their parent.
  const tables = (
    await rows<{ name: string }>(`select format('%I.%I', n.nspname, c.relname) as name from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      where n.nspname in ('public', 'pgboss') and c.relkind in ('r', 'p') and not c.relispartition order by 1`)
  )
    .map((row) => row.name)
    .filter((name) => !KEPT.has(name))
  const restores: string[] = []
  for (const table of tables) {
    const seed = (await rows<{ seed: string | null }>(`select json_agg(t)::text as seed from ${table} t`))[0]?.seed
    if (seed) restores.push(`insert into ${table} select * from json_populate_recordset(null::${table}, ${dollarQuoted(seed)})`)
  }
  const queues = (await rows<{ name: string }>('select name from pgboss.queue')).map((row) => row.name)
  return [
    // The audit tables refuse truncation by trigger; triggers do not fire in replica mode.
    'set session_replication_role = replica',
    // A queue the app made after the template (the webhook queue) goes, as on a new database.
    `select pgboss.delete_queue(name) from pgboss.queue where not (name = any (${dollarQuoted(`{${queues.join(',')}}`)}::text[]))`,
    `truncate ${tables.join(', ')} restart identity`,
    ...restores,
    'reset all',
    'select pg_advisory_unlock_all()',
  ].join(';\n')
}

function dollarQuoted(text: string): string {
  if (text.includes('$seed$')) throw new Error('seed text holds the quote delimiter')
  return `$seed$${text}$seed$`
}
