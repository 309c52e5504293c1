/**
 * The real app for fuzzing, as startTestApp builds it (fresh migrated database, real JWTs), but
 * the check against openapi.yaml is kept as data rather than failing the test on the spot: the
 * fuzzer groups equal failures and shrinks each once, instead of one test failure per request.
 */
import type { Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { Writable } from 'node:stream'
import { buildApp, loggerOptions } from '../../../src/app.js'
import { contractViolations, documentedOperation } from '../../helpers/response-contract.js'
import { callersOf, openTestDatabase, testConfig, type DatabaseKind, type TestApp } from '../../helpers/test-app.js'

export interface FuzzApp extends TestApp {
  /** The contract violations of the responses sent since the last call (requests are sent one at a time). */
  takeViolations(): string[]
  /** Log lines at error level written so far (a 5xx logs one). */
  errorLines(): number
  /** The class and code of the error the last error line logged (a SQLSTATE, say), to say what a 5xx was. */
  lastLoggedError(): string | undefined
}

// The rendered documentation's assets and the console's files are not the contract.
const OUTSIDE_CONTRACT = /^\/(docs|console)(\/|$)/

export async function startFuzzApp(test: Test, kind: DatabaseKind): Promise<FuzzApp> {
  const database = await openTestDatabase(kind)
  const { handle } = database
  const config = testConfig()
  let errors = 0
  let lastError: string | undefined
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        const entry = line.trim() ? (JSON.parse(line) as { level?: number; err?: { type?: string; code?: string } }) : undefined
        if (entry?.level === undefined || entry.level < 50) continue
        errors++
        lastError = `${entry.err?.type ?? '?'} ${entry.err?.code ?? ''}`.trim()
      }
      done()
    },
  })
  const app = await buildApp(config, { database: handle, logger: { ...(loggerOptions({ logLevel: 'warn' }) as object), stream } })
  let violations: string[] = []
  recordContractViolations(app, (found) => (violations = found))
  test.teardown(async () => {
    await app.close()
    await database.drop()
  })
  return {
    kind,
    app,
    database: handle,
    config,
    logs: () => [],
    ...callersOf(app),
    takeViolations: () => {
      const taken = violations
      violations = []
      return taken
    },
    errorLines: () => errors,
    lastLoggedError: () => lastError,
  }
}

function recordContractViolations(app: FastifyInstance, record: (violations: string[]) => void): void {
  const appRoutes = new Set(app.routeList.map((r) => `${r.method} ${r.url}`))
  app.addHook('onSend', (request, reply, payload, done) => {
    const route = request.routeOptions.url
    const ownRoute = route !== undefined && appRoutes.has(`${request.method} ${route}`)
    let found: string[] = []
    if (request.method !== 'HEAD' && !(route && OUTSIDE_CONTRACT.test(route))) {
      const contentType = reply.getHeader('content-type')
      try {
        found = contractViolations({
          method: request.method,
          route: ownRoute ? route : undefined,
          status: reply.statusCode,
          contentType: typeof contentType === 'string' ? contentType : undefined,
          body: typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : undefined,
        })
      } catch (error) {
        found = [`the response could not be checked: ${(error as Error).message}`]
      }
      if (ownRoute && !documentedOperation(request.method, route)) found.push('the route is not in openapi.yaml')
    }
    record(found)
    done(null, payload)
  })
}
