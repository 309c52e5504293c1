import type { FastifyInstance } from 'fastify'
import { buildApp } from '../app.js'
import type { Role } from '../auth/principal.js'
import { signToken } from '../auth/sign-token.js'
import type { Config } from '../config.js'
import { DEMO_COUNCIL, DEMO_FORCE, LATER_MEMBER, demoSuppliers, demoWatchlist } from './demo-register.js'

export interface Demo {
  app: FastifyInstance
  url: string
  tokens: { officer: string; screener: string; police: string; admin: string }
  /** The screenings made, and the alert that the force's second upload raised. */
  screenings: { id: string; reference: string; band: string }[]
  alertId: string
}

// How long the demo waits for monitoring to raise its alert (background jobs on a fresh machine).
const ALERT_WAIT_MS = 60_000

/**
 * Starts the service (on the database the configuration names: the embedded one in memory for
 * `npm run demo`) and fills it through its own API as people would: a force and a council with a
 * sharing agreement, the force's watchlist, the council's screenings (some hits), then a second
 * upload that adds a member one screened supplier names, so that monitoring raises an alert.
 */
export async function runDemo(config: Config): Promise<Demo> {
  if (config.jwt.algorithm !== 'HS256') throw new Error('the demo signs its own tokens: run it with JWT_SECRET, not JWT_PUBLIC_KEY')
  const key = { algorithm: 'HS256' as const, key: config.jwt.secret }
  const token = (sub: string, org: string, role: Role) => signToken({ sub, org, roles: [role] }, key, '8h')
  const tokens = {
    officer: token('demo-officer', DEMO_COUNCIL.id, 'officer'),
    screener: token('demo-eprocurement', DEMO_COUNCIL.id, 'screener'),
    police: token('demo-analyst', DEMO_FORCE.id, 'police'),
    admin: token('demo-admin', 'platform', 'admin'),
  }
  const app = await buildApp(config)
  try {
    const call = async <T>(bearer: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object): Promise<T> => {
      const res = await app.inject({ method, url, headers: { authorization: `Bearer ${bearer}` }, ...(payload ? { payload } : {}) })
      if (res.statusCode >= 300) throw new Error(`demo: ${method} ${url} answered ${res.statusCode}: ${res.body.slice(0, 300)}`)
      return res.json<T>()
    }
    for (const org of [DEMO_FORCE, DEMO_COUNCIL]) await call(tokens.admin, 'POST', '/v1/organisations', org)
    await call(tokens.admin, 'POST', '/v1/sharing-agreements', { policeOrgId: DEMO_FORCE.id, authorityOrgId: DEMO_COUNCIL.id })
    const watchlist = await call<{ id: string }>(tokens.police, 'POST', '/v1/watchlists', { name: 'Serious and organised crime groups' })
    await call(tokens.police, 'PUT', `/v1/watchlists/${watchlist.id}/content`, demoWatchlist)
    const screenings = []
    for (const request of demoSuppliers) {
      const s = await call<{ id: string; band: string }>(tokens.screener, 'POST', '/v1/screenings', request)
      screenings.push({ id: s.id, reference: request.reference, band: s.band })
    }
    // A month later the force adds a member whom one clean supplier names as its director.
    const later = { groups: demoWatchlist.groups.map((g, i) => (i === 0 ? { ...g, entities: [...g.entities, LATER_MEMBER] } : g)) }
    await call(tokens.police, 'PUT', `/v1/watchlists/${watchlist.id}/content`, later)
    const alertId = await waitForAlert(() => call<{ items: { id: string }[] }>(tokens.officer, 'GET', '/v1/alerts'))
    await app.listen({ port: config.port, host: config.host })
    return { app, url: `http://${config.host}:${(app.server.address() as { port: number }).port}`, tokens, screenings, alertId }
  } catch (error) {
    await app.close()
    throw error
  }
}

async function waitForAlert(list: () => Promise<{ items: { id: string }[] }>): Promise<string> {
  const until = Date.now() + ALERT_WAIT_MS
  for (;;) {
    const { items } = await list()
    if (items[0]) return items[0].id
    if (Date.now() > until) throw new Error('demo: monitoring raised no alert')
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
