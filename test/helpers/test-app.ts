// One helper per kind of test:
// - the app over HTTP: `onEachDatabase(name, (t, ctx) => …)`, or `startTestApp(t, kind)` for one
//   database kind or a configuration of its own; every response is checked against openapi.yaml;
// - the database only: `onEachDatabaseOnly(name, (t, handle) => …)`, or `openTestDatabase(kind)`;
// - pure code (src/matching, parsers): plain `t.test`, no helper, in a file named `*.pure.test.ts`.
// Each database is a copy of one migrated once per run, or on PGlite one an earlier test of the
// process used, emptied (test-databases.ts), so a test pays little for a fresh one.
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import t, { type Test } from 'tap'
import { Writable } from 'node:stream'
import { buildApp, loggerOptions, type BuildOptions } from '../../src/app.js'
import { loadConfig, type Config } from '../../src/config.js'
import type { DatabaseHandle } from '../../src/db/connect.js'
import { signToken } from '../../src/auth/sign-token.js'
import type { Principal, Role } from '../../src/auth/principal.js'
import { contractViolations, documentedOperation } from './response-contract.js'
import { databaseKinds, openTestDatabase, type DatabaseKind } from './test-databases.js'

export { databaseKinds, onEachDatabaseOnly, openTestDatabase, postgresUrl, type DatabaseKind } from './test-databases.js'

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-000'

export function testConfig(overrides: Record<string, string> = {}): Config {
  // Load shedding by event loop delay is off: two test processes share two cores, and a starved
  // one must not shed an unrelated test's request (test/security/limits.test.ts turns it on).
  // Job workers poll at pg-boss's least interval rather than every 2 s: a job queued inside a
  // transaction, or retried after its back-off, is found at the next poll, which a test waits for.
  return loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: ':memory:',
    LOG_LEVEL: 'silent',
    JWT_SECRET: TEST_JWT_SECRET,
    PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0',
    JOBS_POLL_SECONDS: '0.5',
    ...overrides,
  })
}

export type Inject = (options: InjectOptions) => Promise<LightMyRequestResponse>

export interface TestApp {
  kind: DatabaseKind
  app: FastifyInstance
  database: DatabaseHandle
  config: Config
  token: (principal: Principal, ttl?: string) => string
  as: (org: string, ...roles: Role[]) => Inject
  adminToken: string
  /** Log lines the app wrote so far, parsed. */
  logs: () => Record<string, unknown>[]
}

/**
 * Builds the real app over a fresh migrated database; torn down when the test ends. Every
 * response it sends is held against openapi.yaml, and one that breaks the contract fails the test.
 */
export async function startTestApp(
  test: Test,
  kind: DatabaseKind,
  configOverrides: Record<string, string> = {},
  buildOptions: Omit<BuildOptions, 'database' | 'logger'> = {},
): Promise<TestApp> {
  const { handle, drop } = await openTestDatabase(kind)
  const config = testConfig(configOverrides)
  const lines: Record<string, unknown>[] = []
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>)
      done()
    },
  })
  const logger = { ...(loggerOptions({ logLevel: 'info' }) as object), stream }
  const app = await buildApp(config, { ...buildOptions, database: handle, logger })
  checkResponsesAgainstContract(test, app)
  test.teardown(async () => {
    await app.close()
    await drop()
  })
  return { kind, app, database: handle, config, logs: () => lines, ...callersOf(app) }
}

/** Real tokens signed with the test key, and requests sent into `app` with them. */
export function callersOf(app: FastifyInstance): Pick<TestApp, 'token' | 'as' | 'adminToken'> {
  const token = (principal: Principal, ttl = '1h') => signToken(principal, { algorithm: 'HS256', key: TEST_JWT_SECRET }, ttl)
  return {
    token,
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

// Routes a test adds for itself (a handler that throws, say) are not the contract, and neither
// are the rendered documentation's assets, nor the console's files; their error responses are
// still held to Problem.
const OUTSIDE_CONTRACT = /^\/(docs|console)(\/|$)/

function checkResponsesAgainstContract(test: Test, app: FastifyInstance): void {
  const appRoutes = new Set(app.routeList.map((r) => `${r.method} ${r.url}`))
  app.addHook('onSend', (request, reply, payload, done) => {
    const route = request.routeOptions.url
    const ownRoute = route !== undefined && appRoutes.has(`${request.method} ${route}`)
    if (request.method !== 'HEAD' && !(route && OUTSIDE_CONTRACT.test(route))) {
      const contentType = reply.getHeader('content-type')
      const violations = safely(() =>
        contractViolations({
          method: request.method,
          route: ownRoute ? route : undefined,
          status: reply.statusCode,
          contentType: typeof contentType === 'string' ? contentType : undefined,
          body: typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : undefined,
        }),
      )
      if (ownRoute && !documentedOperation(request.method, route)) violations.push('the route is not in openapi.yaml')
      if (violations.length) {
        test.fail(`${request.method} ${route ?? request.url} answered ${reply.statusCode} outside openapi.yaml:\n  ${violations.join('\n  ')}`)
      }
    }
    done(null, payload)
  })
}

// A schema the checker cannot compile is reported on the test, never turned into a 500 of the app.
function safely(check: () => string[]): string[] {
  try {
    return check()
  } catch (error) {
    return [`the response could not be checked: ${(error as Error).message}`]
  }
}
