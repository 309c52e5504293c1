import { createHash, randomBytes } from 'node:crypto'
import { cpSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rename, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import t, { type Test } from 'tap'
import { connectDatabase, type DatabaseHandle, type PgliteAssets } from '../../src/db/connect.js'
import { migrateToLatest } from '../../src/db/migrator.js'
import { isRunning } from '../../src/db/data-dir-lock.js'
import { rememberPristine, resetDatabase } from './reset-database.js'

/** PostgreSQL to test against as well as PGlite, when CI (or a developer) provides one. */
export const postgresUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL

export type DatabaseKind = 'pglite' | 'postgres'
export const databaseKinds: DatabaseKind[] = postgresUrl ? ['pglite', 'postgres'] : ['pglite']

export interface TestDatabase {
  handle: DatabaseHandle
  /** The PostgreSQL database's URL, for a test that starts a server process on it. */
  url?: string
  drop: () => Promise<void>
}

// Creating a database is what a test paid for most: PGlite runs initdb (about 4 s of CPU) and
// both kinds then apply every migration. Each run instead copies a database migrated once, kept
// under a name that changes whenever a migration, a job queue's policy, PGlite or pg-boss does, so
// it is never stale.
const schemaKey = (() => {
  const hash = createHash('sha256')
  const folder = new URL('../../migrations/', import.meta.url)
  for (const name of readdirSync(folder).sort()) hash.update(name).update(readFileSync(new URL(name, folder)))
  // The job queues' policies (test-databases.ts makes the queues in the template).
  const src = new URL('../../src/', import.meta.url)
  for (const name of readdirSync(src, { recursive: true, encoding: 'utf8' }).sort()) {
    if (!name.endsWith('.ts')) continue
    const text = readFileSync(new URL(name, src), 'utf8')
    if (/\.define[<(]/.test(text)) hash.update(name).update(text)
  }
  for (const dependency of ['@electric-sql/pglite', 'pg-boss']) {
    const { version } = JSON.parse(readFileSync(new URL(`../../node_modules/${dependency}/package.json`, import.meta.url), 'utf8')) as { version: string }
    hash.update(`${dependency}@${version}`)
  }
  return hash.digest('hex').slice(0, 16)
})()

/**
 * A fresh database of the given kind, migrated unless `migrated: false` asks for an empty one:
 * a copy of a PGlite data directory, or a PostgreSQL database made from a template.
 */
export async function openTestDatabase(kind: DatabaseKind, { migrated = true } = {}): Promise<TestDatabase> {
  return kind === 'pglite' ? openPglite(migrated) : openPostgres(migrated)
}

/** Runs a subtest on each database kind with a migrated database, dropped when it ends. */
export function onEachDatabaseOnly(name: string, body: (test: Test, handle: DatabaseHandle) => Promise<void>): void {
  for (const kind of databaseKinds) {
    t.test(`${name} [${kind}]`, async (test) => {
      const { handle, drop } = await openTestDatabase(kind)
      test.teardown(drop)
      await body(test, handle)
    })
  }
}

// tmpfs where there is one: a data directory is 40 MB, copied and removed once per new database.
const scratch = existsSync('/dev/shm') ? '/dev/shm' : tmpdir()
const pgliteTemplates = new Map<boolean, Promise<string>>()

interface PgliteDatabase {
  handle: DatabaseHandle
  dataDir: string
}

// Starting PGlite on a copied data directory costs about 0.35 s of CPU (PostgreSQL's start-up,
// the WebAssembly instance, the copy), a third of an app test's whole cost; emptying one a test
// has finished with costs a few milliseconds. So a migrated database a test drops is emptied
// (reset-database.ts) and lent to the process's next test; one a test closed itself, or that
// does not empty cleanly, is closed and removed as before.
const emptied: PgliteDatabase[] = []

async function openPglite(migrated: boolean): Promise<TestDatabase> {
  const database = (migrated ? emptied.pop() : undefined) ?? (await startPglite(migrated))
  let closedByTest = false
  const handle: DatabaseHandle = {
    ...database.handle,
    async close() {
      closedByTest = true
      await database.handle.close()
    },
  }
  return {
    handle,
    async drop() {
      if (closedByTest) return removePglite(database, { closed: true })
      if (migrated && (await resetDatabase(database.handle))) {
        if (!closeAtEnd) t.teardown(closeEmptied)
        closeAtEnd = true
        emptied.push(database)
        return
      }
      await removePglite(database, { closed: false })
    },
  }
}

let closeAtEnd = false

async function closeEmptied(): Promise<void> {
  await Promise.all(emptied.splice(0).map((database) => removePglite(database, { closed: false })))
}

async function startPglite(migrated: boolean): Promise<PgliteDatabase> {
  let template = pgliteTemplates.get(migrated)
  if (!template) pgliteTemplates.set(migrated, (template = removeLeftovers().then(() => pgliteTemplate(migrated))))
  const dataDir = await mkdtemp(path.join(scratch, `bidscreen-test-${process.pid}-`))
  // Synchronous on purpose: fs.promises.cp walks the thousand files of a data directory about
  // eight times slower (280 ms against 35 ms), and a test process has nothing else to do meanwhile.
  cpSync(await template, dataDir, { recursive: true })
  const handle = await connectDatabase({ kind: 'pglite', dataDir }, undefined, { pgliteAssets: await (assets ??= loadPgliteAssets()) })
  // What emptying restores it to: taken now, before any test has written to it.
  if (migrated) await rememberPristine(handle)
  return { handle, dataDir }
}

async function removePglite({ handle, dataDir }: PgliteDatabase, { closed }: { closed: boolean }): Promise<void> {
  if (!closed) await handle.close()
  rmSync(dataDir, { recursive: true, force: true })
}

// PGlite's WebAssembly module (9 MB) compiled once per test process, not at each open.
let assets: Promise<PgliteAssets> | undefined
// The global, typed here: the project's types do not declare it.
declare const WebAssembly: { compile(bytes: Uint8Array): Promise<object> }

async function loadPgliteAssets(): Promise<PgliteAssets> {
  const dist = new URL('.', import.meta.resolve('@electric-sql/pglite'))
  const [wasm, bundle] = await Promise.all([readFile(new URL('pglite.wasm', dist)), readFile(new URL('pglite.data', dist))])
  return { wasmModule: await WebAssembly.compile(wasm), fsBundle: new Blob([bundle]) }
}

/** The template data directory, made by whichever test process of the run gets there first. */
async function pgliteTemplate(migrated: boolean): Promise<string> {
  const template = path.join(scratch, `bidscreen-template-${migrated ? schemaKey : `empty-${schemaKey}`}`)
  if (existsSync(template)) return template
  const building = await mkdtemp(path.join(scratch, `bidscreen-test-${process.pid}-template-`))
  try {
    const handle = await connectDatabase({ kind: 'pglite', dataDir: building })
    try {
      if (migrated) await prepareMigrated(handle)
    } finally {
      await handle.close()
    }
    // Atomic: the template exists complete or not at all. Another process may have won the race.
    await rename(building, template)
  } catch (error) {
    await rm(building, { recursive: true, force: true })
    if (!existsSync(template)) throw error
  }
  return template
}

/**
 * Every migration, and the job queues as the service leaves them after its first start: pg-boss's
 * schema and a queue (a partitioned table) for each of the app's job kinds, which each app would
 * otherwise create (about 0.3 s of its 0.45 s start on PGlite). Not the webhook delivery queue:
 * its retry policy comes from the configuration, which a test may set, so each app makes that one
 * as it would on a new database.
 */
async function prepareMigrated(handle: DatabaseHandle): Promise<void> {
  await migrateToLatest(handle.db)
  // Loaded here only: a process that finds the template made pays nothing for them.
  const [{ buildApp }, { loadConfig }, { WEBHOOK_DELIVER_QUEUE }] = await Promise.all([
    import('../../src/app.js'),
    import('../../src/config.js'),
    import('../../src/webhooks/webhook-use-cases.js'),
  ])
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: ':memory:', LOG_LEVEL: 'silent', JWT_SECRET: 'a-secret-used-only-while-the-template-is-made' })
  const app = await buildApp(config, { database: handle })
  await app.ready()
  await app.close()
  await handle.executeSql('select pgboss.delete_queue($1)', [WEBHOOK_DELIVER_QUEUE])
  // Whatever the start queued (a schedule's first job, say) is no test's.
  await handle.executeSql('delete from pgboss.job')
}

// A test process killed at its timeout runs no teardown: its copies (named with its pid) would
// stay in memory, so the next process removes those of processes that no longer exist.
async function removeLeftovers(): Promise<void> {
  const current = new Set([`bidscreen-template-${schemaKey}`, `bidscreen-template-empty-${schemaKey}`])
  for (const name of await readdir(scratch)) {
    // A template of other code (an earlier migration or queue policy), made over an hour ago: 40 MB.
    if (name.startsWith('bidscreen-template-') && !current.has(name)) {
      const stale = await stat(path.join(scratch, name)).then(
        (s) => Date.now() - s.mtimeMs > 3_600_000,
        () => false,
      )
      if (stale) await rm(path.join(scratch, name), { recursive: true, force: true }).catch(() => {})
      continue
    }
    const pid = Number(/^bidscreen-test-(\d+)-/.exec(name)?.[1])
    // Another process may be removing the same directory: a failure here is no test's concern.
    if (pid && !isRunning(pid)) await rm(path.join(scratch, name), { recursive: true, force: true }).catch(() => {})
  }
}

let postgresTemplate: Promise<string> | undefined

async function openPostgres(migrated: boolean): Promise<TestDatabase> {
  const admin = new URL(postgresUrl!)
  const name = `bidscreen_test_${randomBytes(6).toString('hex')}`
  const template = migrated ? await (postgresTemplate ??= createPostgresTemplate(admin)) : undefined
  await withClient(admin, (c) => c.query(`create database ${name}${template ? ` template ${template}` : ''}`))
  const url = databaseUrl(admin, name)
  const handle = await connectDatabase({ kind: 'postgres', url }, 20)
  return {
    handle,
    url,
    async drop() {
      await handle.close()
      await withClient(admin, (c) => c.query(`drop database if exists ${name} with (force)`))
    },
  }
}

/**
 * The migrated template, created once: test processes run in parallel, so an advisory lock lets
 * one build it (under another name, renamed when complete) while the others wait and reuse it.
 */
async function createPostgresTemplate(admin: URL): Promise<string> {
  const template = `bidscreen_template_${schemaKey}`
  await withClient(admin, async (c) => {
    await c.query('select pg_advisory_lock(hashtext($1))', [template])
    try {
      const exists = await c.query('select 1 from pg_database where datname = $1', [template])
      if (exists.rowCount) return
      const building = `${template}_building`
      await c.query(`drop database if exists ${building} with (force)`)
      await c.query(`create database ${building}`)
      const handle = await connectDatabase({ kind: 'postgres', url: databaseUrl(admin, building) }, 1)
      try {
        await prepareMigrated(handle)
      } finally {
        await handle.close()
      }
      await c.query(`alter database ${building} rename to ${template}`)
    } finally {
      await c.query('select pg_advisory_unlock(hashtext($1))', [template])
    }
  })
  return template
}

function databaseUrl(admin: URL, name: string): string {
  const url = new URL(admin.href)
  url.pathname = `/${name}`
  return url.href
}

async function withClient<T>(url: URL, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url.href })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}
