import { mkdirSync } from 'node:fs'
import { PGlite, type PGliteOptions } from '@electric-sql/pglite'
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { Config } from '../config.js'
import { lockDataDir } from './data-dir-lock.js'
import type { Database } from './database.js'
import { CONNECT_TIMEOUT_MS, listenOnPostgres, type ChannelState, type ListenHandlers, type Subscription } from './postgres-listener.js'

export type { ChannelState, ListenHandlers, Subscription } from './postgres-listener.js'

/** Listens to a channel for as long as the subscription lasts, re-subscribing after an outage. */
export type Listen = (channel: string, handlers: ListenHandlers) => Promise<Subscription>

/** The one database handle of a process: kysely for queries, plus LISTEN for change notices. */
export interface DatabaseHandle {
  db: Kysely<Database>
  kind: 'postgres' | 'pglite'
  listen: Listen
  /** Runs SQL as given, several statements at once when it has no parameters: for the job queue's own SQL (pg-boss). */
  executeSql: ExecuteSql
  close(): Promise<void>
}

/** pg-boss's view of a database (its `db` option). */
export type ExecuteSql = (text: string, values?: unknown[]) => Promise<{ rows: unknown[] }>

// Counts and identity columns are int8; PGlite already returns them as numbers, so pg is told
// to do the same and both databases give the code one type.
const pgTypes: pg.CustomTypesConfig = {
  getTypeParser: (oid, format): unknown => (oid === pg.types.builtins.INT8 ? (v: string) => Number(v) : (pg.types.getTypeParser(oid, format) as unknown)),
}

/**
 * PGlite's WebAssembly module, compiled, and its file-system bundle, read: what each open would
 * otherwise compile and read again. Only a process that opens many
 * embedded databases gains by reusing them (the tests do); the service opens one and passes none.
 */
export interface PgliteAssets {
  /** A `WebAssembly.Module` (a type the project's libraries do not declare). */
  wasmModule: object
  fsBundle: Blob
}

export async function connectDatabase(database: Config['database'], poolSize = 10, options: { pgliteAssets?: PgliteAssets } = {}): Promise<DatabaseHandle> {
  if (database.kind === 'postgres') return connectPostgres(database.url, poolSize)
  return connectPglite(database.dataDir, options.pgliteAssets)
}

function connectPostgres(url: string, poolSize: number): DatabaseHandle {
  // The timeout also bounds the wait for a free client when the pool is busy.
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types: pgTypes, connectionTimeoutMillis: CONNECT_TIMEOUT_MS })
  // A connection the server drops (a restart, a terminated backend) emits `error`: on the pool
  // when idle, on the client itself when checked out. Unheard, either would end the process. The
  // query on it fails anyway (the caller answers 503) and the pool discards the broken client.
  pool.on('error', () => {})
  pool.on('connect', (client) => client.on('error', () => {}))
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  const subscriptions: Subscription[] = []
  return {
    db,
    kind: 'postgres',
    // Without parameters node-postgres uses the simple protocol, which takes several statements.
    executeSql: async (text, values) => pool.query(text, values?.length ? values : undefined),
    async listen(channel, handlers) {
      const subscription = await listenOnPostgres(url, channel, handlers)
      subscriptions.push(subscription)
      return subscription
    },
    async close() {
      await Promise.all(subscriptions.splice(0).map((s) => s.stop()))
      await db.destroy()
    },
  }
}

async function connectPglite(dataDir: string | undefined, assets: PgliteAssets | undefined): Promise<DatabaseHandle> {
  // A directory on disk (PGlite's plain path or file://) belongs to one process at a time
  // (data-dir-lock.ts); memory:// and no directory are this process's alone.
  const directory = dataDir?.startsWith('file://') ? dataDir.slice(7) : dataDir && !/^[\w-]+:\/\//.test(dataDir) ? dataDir : undefined
  if (directory) mkdirSync(directory, { recursive: true })
  const lock = directory ? lockDataDir(directory) : undefined
  // Durability: PGlite mounts the directory with Emscripten's NODEFS, so each write PostgreSQL
  // makes (the WAL at every commit) is a write(2) to the real file before the query answers, and
  // survives the process being killed; `relaxedDurability` (answer before that) stays off. Not a
  // power cut: PGlite runs PostgreSQL with fsync off, and NODEFS has no fsync to call anyway.
  const pglite = assets
    ? new PGlite(dataDir, { ...({ pgliteWasmModule: assets.wasmModule } as PGliteOptions), fsBundle: assets.fsBundle })
    : new PGlite(dataDir)
  try {
    await pglite.waitReady
  } catch (error) {
    lock?.release()
    throw error
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) })
  return {
    db,
    kind: 'pglite',
    // PGlite runs each call in its own exclusive turn, so this SQL never lands inside a kysely
    // transaction; `exec` takes several statements, `query` takes parameters.
    async executeSql(text, values) {
      if (values?.length) return pglite.query(text, values)
      const results = await pglite.exec(text)
      return { rows: results.at(-1)?.rows ?? [] }
    },
    // In-process: the channel cannot be lost while the database is open.
    async listen(channel, handlers) {
      const unlisten = await pglite.listen(channel, handlers.onMessage)
      let state: ChannelState = 'listening'
      return {
        get state() {
          return state
        },
        async stop() {
          state = 'stopped'
          await unlisten()
        },
      }
    },
    async close() {
      // Kysely's PGlite driver closes the PGlite instance it was given.
      await db.destroy()
      if (!pglite.closed) await pglite.close()
      lock?.release()
    },
  }
}
