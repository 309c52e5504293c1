/**
 * Property tests over every route (issue 12 point 7), run by `npm run test:fuzz`, not `npm test`.
 *
 * Each route of `app.routeList` gets its share of FUZZ_RUNS generated requests (default 10,000
 * per database), nine in ten through app.inject and one in ten over a real socket. The property:
 * no answer is a 5xx; every error is application/problem+json; a success has one of the route's
 * success statuses; and afterwards the server is still live and still serves a valid request.
 * Every response is also held against openapi.yaml, as in every route test.
 *
 * A run first sends every request and notes each distinct failure (route, kind, status, code),
 * so that one failure does not hide the others, then asks fast-check to shrink each one to a
 * minimal input. The seed is printed; FUZZ_SEED replays a run.
 */
import type { AddressInfo } from 'node:net'
import fc from 'fast-check'
import t from 'tap'
import { databaseKinds } from '../helpers/test-app.js'
import { startFuzzApp } from './lib/fuzz-app.js'
import { seedFuzzWorld, type FuzzWorld } from './lib/fuzz-world.js'
import { requestArbitrary, type FuzzRequest } from './lib/request-arbitrary.js'
import { routeModels, type RouteModel } from './lib/route-models.js'
import { send, type FuzzResponse } from './lib/transport.js'

const DEFAULT_SEED = 20_261_203
const seed = Number(process.env.FUZZ_SEED ?? DEFAULT_SEED)
const totalRuns = Number(process.env.FUZZ_RUNS ?? 10_000)
// Shrinking one failure sends a request per step: bounded so that many failures cannot stall CI.
const SHRINK_TIME_LIMIT_MS = Number(process.env.FUZZ_SHRINK_MS ?? 30_000)

t.comment(`fuzz seed ${seed} (set FUZZ_SEED to replay), ${totalRuns} requests per database (FUZZ_RUNS)`)

/** What is wrong with an answer, as a signature that groups equal failures; null when it is fine. */
function verdict(model: RouteModel, request: FuzzRequest, res: FuzzResponse, violations: string[]): string | null {
  if (res.status === 0) return `no answer (${res.body.replace(/\d+/g, '…').slice(0, 80) || 'connection closed'})`
  const code = /"code":"([A-Z_]+)"/.exec(res.body)?.[1] ?? '-'
  if (res.status >= 500) return `${res.status} ${code}`
  if (res.status >= 400 && !res.contentType.startsWith('application/problem+json')) return `${res.status} not problem+json (${res.contentType || 'no type'})`
  if (res.status < 400 && !model.ok.includes(res.status)) return `unexpected ${res.status}`
  // A route that needs a role lets in only a genuine token that holds one.
  const refused = request.caller === 'hostile' || request.caller === 'other-role' || (request.caller === 'anonymous' && !model.anonymousOk)
  if (res.status < 400 && model.roles.length && refused) return `${res.status} for a caller that should be refused (${request.caller})`
  // Grouped by the first violation's wording without the values it quotes.
  if (violations.length) return `${res.status} outside openapi.yaml: ${violations[0]!.replace(/"[^"]*"|\d+/g, '…').slice(0, 120)}`
  return null
}

/** A failing request as a reader can replay it: tokens named by role, long values cut. */
function describe(request: FuzzRequest, world: FuzzWorld): string {
  const roles = Object.entries(world.tokens)
  const headers = Object.fromEntries(
    Object.entries(request.headers).map(([k, v]) => {
      const role = roles.find(([, token]) => v === `Bearer ${token}`)?.[0]
      return [k, role ? `Bearer <${role} token>` : v.length > 200 ? `${v.slice(0, 200)}… (${v.length} chars)` : v]
    }),
  )
  const body = request.body
    ? JSON.stringify(request.body.toString('latin1').slice(0, 400)) + (request.body.length > 400 ? ` … (${request.body.length} bytes)` : '')
    : 'none'
  const url = request.url.length > 300 ? `${request.url.slice(0, 300)}… (${request.url.length} chars)` : request.url
  return `${request.transport} ${request.method} ${url}\n    headers ${JSON.stringify(headers)}\n    body ${body}`
}

for (const kind of databaseKinds) {
  t.test(`every route answers generated hostile requests without a 5xx, errors as problem+json [${kind}]`, async (t) => {
    const ctx = await startFuzzApp(t, kind)
    const world = await seedFuzzWorld(ctx)
    await ctx.app.listen({ port: 0, host: '127.0.0.1' })
    const port = (ctx.app.server.address() as AddressInfo).port
    const models = routeModels(world)
    const routes = ctx.app.routeList.filter((r) => r.method !== 'HEAD')
    const perRoute = Math.ceil(totalRuns / routes.length)
    const failures: string[] = []
    const unmodelled: string[] = []
    let sent = 0
    let overHttp = 0

    for (const [index, route] of routes.entries()) {
      const key = `${route.method} ${route.url}`
      const model = models[key] ?? (unmodelled.push(key), { ok: [200], roles: ['admin'] })
      const requests = requestArbitrary(route.method, route.url, model, world)
      const statuses = new Map<number, number>()
      const found = new Map<string, FuzzRequest>()
      // Every request is sent; a failure is noted, not thrown, so the run goes on.
      await fc.assert(
        fc.asyncProperty(requests, async (request) => {
          const res = await send(ctx.app, port, request)
          const violations = ctx.takeViolations()
          sent++
          if (request.transport === 'http') overHttp++
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
          const wrong = verdict(model, request, res, violations)
          if (wrong !== null && !found.has(wrong)) found.set(wrong, request)
          return true
        }),
        { numRuns: perRoute, seed: seed + index },
      )
      t.comment(`${key}: ${perRoute} requests, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`)

      for (const [signature, first] of found) {
        // The same seed replays the same requests; fast-check stops at the failure and shrinks it.
        const details = await fc.check(
          fc.asyncProperty(requests, async (request) => {
            ctx.takeViolations()
            const res = await send(ctx.app, port, request)
            return verdict(model, request, res, ctx.takeViolations()) !== signature
          }),
          { numRuns: perRoute, seed: seed + index, interruptAfterTimeLimit: SHRINK_TIME_LIMIT_MS, markInterruptAsFailure: false },
        )
        const minimal = details.failed && details.counterexample ? details.counterexample[0] : first
        const logged = signature.startsWith('5') ? ` [logged: ${ctx.lastLoggedError() ?? 'nothing'}]` : ''
        failures.push(
          `${key} → ${signature}${logged}${details.failed ? ` (shrunk in ${details.numShrinks} steps)` : ' (as first seen; did not recur on replay)'}:\n    ${describe(minimal, world)}`,
        )
      }
    }

    t.comment(
      `${kind}: ${sent} requests over ${routes.length} routes (${overHttp} over HTTP), ${failures.length} distinct failures, ${ctx.errorLines()} error log lines`,
    )
    if (unmodelled.length) t.comment(`routes fuzzed generically, without a model: ${unmodelled.join(', ')}`)
    t.ok(sent >= totalRuns, `at least ${totalRuns} requests were sent (${sent})`)
    for (const failure of failures) t.fail(failure)
    t.equal(failures.length, 0, 'no 5xx, no error outside problem+json, no unexpected success')

    // Still healthy: live, in-process and over HTTP, and a valid request is still served.
    t.equal((await ctx.app.inject({ method: 'GET', url: '/health/live' })).statusCode, 200, 'live afterwards (inject)')
    t.equal((await fetch(`http://127.0.0.1:${port}/health/live`)).status, 200, 'live afterwards (HTTP)')
    const screenings = await ctx.app.inject({ method: 'GET', url: '/v1/screenings', headers: { authorization: `Bearer ${world.tokens.screener}` } })
    t.equal(screenings.statusCode, 200, 'a valid request is still served')
  })
}
