import { randomBytes } from 'node:crypto'
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import pg from 'pg'
import t, { type Test } from 'tap'
import { Writable } from 'node:stream'
import { buildApp, loggerOptions } from '../../src/app.js'
import { loadConfig, type Config } from '../../src/config.js'
import { connectDatabase, type DatabaseHandle } from '../../src/db/connect.js'
import { migrateToLatest } from '../../src/db/migrator.js'
import { signToken } from '../../src/auth/sign-token.js'
import type { Principal, Role } from '../../src/auth/principal.js'

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-000'

/** PostgreSQL to test against as well as PGlite, when CI (or a developer) provides one. */
export const postgresUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL

export type DatabaseKind = 'pglite' | 'postgres'
export const databaseKinds: DatabaseKind[] = postgresUrl ? ['pglite', 'postgres'] : ['pglite']

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({ NODE_ENV: 'test', DATA_DIR: ':memory:', LOG_LEVEL: 'silent', JWT_SECRET: TEST_JWT_SECRET, ...overrides })
}

/** A fresh, empty database of the given kind: PGlite in memory, or a new PostgreSQL database. */
export async function openTestDatabase(kind: DatabaseKind): Promise<{ handle: DatabaseHandle; url?: string; drop(): Promise<void> }> {
  if (kind === 'pglite') {
    const handle = await connectDatabase({ kind: 'pglite', dataDir: undefined })
    return { handle, drop: () => handle.close() }
  }
  const admin = new URL(postgresUrl!)
  const name = `bidscreen_test_${randomBytes(6).toString('hex')}`
  await withClient(admin.href, (c) => c.query(`create database ${name}`))
  const url = new URL(admin.href)
  url.pathname = `/${name}`
  const handle = await connectDatabase({ kind: 'postgres', url: url.href }, 20)
  return {
    handle,
    url: url.href,
    async drop() {
      await handle.close()
      await withClient(admin.href, (c) => c.query(`drop database if exists ${name} with (force)`))
    },
  }
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

export type Inject = (options: InjectOptions) => Promise<LightMyRequestResponse>

export interface TestApp {
  kind: DatabaseKind
  app: FastifyInstance
  database: DatabaseHandle
  config: Config
  token(principal: Principal, ttl?: string): string
  as(org: string, ...roles: Role[]): Inject
  adminToken: string
  /** Log lines the app wrote so far, parsed. */
  logs(): Record<string, unknown>[]
}

/** Builds the real app over a fresh migrated database; torn down when the test ends. */
export async function startTestApp(test: Test, kind: DatabaseKind, configOverrides: Record<string, string> = {}): Promise<TestApp> {
  const { handle, drop } = await openTestDatabase(kind)
  await migrateToLatest(handle.db)
  const config = testConfig(configOverrides)
  const lines: Record<string, unknown>[] = []
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>)
      done()
    },
  })
  const logger = { ...(loggerOptions({ logLevel: 'info' }) as object), stream }
  const app = await buildApp(config, { database: handle, logger })
  test.teardown(async () => {
    await app.close()
    await drop()
  })
  const token = (principal: Principal, ttl = '1h') => signToken(principal, { algorithm: 'HS256', key: TEST_JWT_SECRET }, ttl)
  return {
    kind,
    app,
    database: handle,
    config,
    token,
    logs: () => lines,
    adminToken: token({ sub: 'admin-1', org: 'platform', roles: ['admin'] }),
    as(org, ...roles) {
      const bearer = token({ sub: `${org}-user`, org, roles })
      return (options) => app.inject({ ...options, headers: { authorization: `Bearer ${bearer}`, ...options.headers } })
    },
  }
}

/** Runs the same subtest on PGlite and, when configured, on PostgreSQL. */
export function onEachDatabase(name: string, body: (test: Test, ctx: TestApp) => Promise<void>): void {
  for (const kind of databaseKinds) {
    t.test(`${name} [${kind}]`, async (test) => {
      const ctx = await startTestApp(test, kind)
      await body(test, ctx)
    })
  }
}
