import { PGlite } from '@electric-sql/pglite'
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { Config } from '../config.js'
import type { Database } from './database.js'

/** Called with each NOTIFY payload on a channel; returns a function that stops listening. */
export type Listen = (channel: string, onMessage: (payload: string) => void) => Promise<() => Promise<void>>

/** The one database handle of a process: kysely for queries, plus LISTEN for change notices. */
export interface DatabaseHandle {
  db: Kysely<Database>
  kind: 'postgres' | 'pglite'
  listen: Listen
  close(): Promise<void>
}

// Counts and identity columns are int8; PGlite already returns them as numbers, so pg is told
// to do the same and both databases give the code one type.
const pgTypes: pg.CustomTypesConfig = {
  getTypeParser: (oid, format): unknown => (oid === pg.types.builtins.INT8 ? (v: string) => Number(v) : (pg.types.getTypeParser(oid, format) as unknown)),
}

export async function connectDatabase(database: Config['database'], poolSize = 10): Promise<DatabaseHandle> {
  if (database.kind === 'postgres') return connectPostgres(database.url, poolSize)
  return connectPglite(database.dataDir)
}

function connectPostgres(url: string, poolSize: number): DatabaseHandle {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types: pgTypes })
  // An idle client that the server drops must not crash the process; the next query reconnects.
  pool.on('error', () => {})
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  const listeners: pg.Client[] = []
  return {
    db,
    kind: 'postgres',
    async listen(channel, onMessage) {
      const client = new pg.Client({ connectionString: url })
      client.on('error', () => {})
      await client.connect()
      client.on('notification', (n) => {
        if (n.channel === channel) onMessage(n.payload ?? '')
      })
      await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`)
      listeners.push(client)
      return async () => {
        listeners.splice(listeners.indexOf(client), 1)
        await client.end()
      }
    },
    async close() {
      await Promise.all(listeners.splice(0).map((c) => c.end()))
      await db.destroy()
    },
  }
}

async function connectPglite(dataDir: string | undefined): Promise<DatabaseHandle> {
  const pglite = new PGlite(dataDir)
  await pglite.waitReady
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) })
  return {
    db,
    kind: 'pglite',
    async listen(channel, onMessage) {
      const stop = await pglite.listen(channel, onMessage)
      return stop
    },
    async close() {
      // Kysely's PGlite driver closes the PGlite instance it was given.
      await db.destroy()
      if (!pglite.closed) await pglite.close()
    },
  }
}
