/**
 * What the fuzzer knows of each route: who may call it, the statuses a valid request gets, and a
 * valid example of each part (path, query, body) to mutate. A route the table does not know is
 * still fuzzed, generically (any path parameter, query and body), and reported as unmodelled.
 */
import { examplePaving, gmpWatchlist } from '../../helpers/screening-fixtures.js'
import type { FuzzWorld } from './fuzz-world.js'

export type TokenRole = keyof FuzzWorld['tokens']

export interface RouteModel {
  /** Statuses a request may get without being an error (2xx and 3xx). */
  ok: number[]
  /** Roles whose valid token reaches the route's validation; none for public routes. */
  roles: TokenRole[]
  /** A route with roles that also answers without a token (`/health/ready`). */
  anonymousOk?: boolean
  /** Valid values of each path parameter. */
  params?: Record<string, string[]>
  /** Valid values of each query parameter. */
  query?: Record<string, string[]>
  /** A valid JSON body. */
  body?: unknown
  /** A valid CSV body, for the routes that take one. */
  csv?: string
  /** Sends Idempotency-Key sometimes. */
  idempotent?: boolean
}

const page = { limit: ['1', '2', '50', '200'], cursor: ['WyJnbXAiXQ'] }
// A supplier given as an OCDS party with Companies House officers (src/screening/input), so that the mapping is fuzzed too.
const ocdsInput = {
  ocdsParty: {
    id: 'GB-COH-22222222',
    name: 'Beta Corp Construction',
    roles: ['tenderer'],
    identifier: { scheme: 'GB-COH', id: '22222222', legalName: 'Beta Corp Ltd' },
    address: { streetAddress: '2 Main Road', locality: 'Beta City', postalCode: 'BB2 2BB', countryName: 'United Kingdom' },
    contactPoint: { email: 'bids@betacorp.example', telephone: '22222 222 222' },
    beneficialOwners: [{ id: '1', name: 'Aoife Byrne', nationalities: ['IE'] }],
  },
  companiesHouse: {
    officers: [{ name: "O'CONNOR, Daniel James", officer_role: 'director', date_of_birth: { month: 3, year: 1981 }, nationality: 'British' }],
    pscs: [
      { kind: 'individual-person-with-significant-control', name_elements: { forename: 'Aoife', surname: 'Byrne' }, date_of_birth: { month: 6, year: 1990 } },
    ],
  },
}
const dates = ['2026-01-01T00:00:00Z', '2030-12-31T23:59:59.999Z', '2020-06-01T12:00:00+01:00']
// A screening's tender, so that its fields are fuzzed and the tender's links have bidders to compare.
const tender = {
  id: 'TENDER-FUZZ-1',
  title: 'Highway resurfacing',
  cpvCodes: ['45233140-2', '45233141'],
  value: 1250000,
  currency: 'GBP',
  region: 'TLD3',
  closesAt: '2026-12-31T12:00:00Z',
}

const CSV = [
  'group_ref,group_name,group_risk_level,group_handling,entity_type,name,company_number,date_of_birth,phone',
  'FZ-1,Fuzz group,high,Refer,company,Fuzz Paving Ltd,01234568,,',
  'FZ-1,Fuzz group,high,Refer,person,Fuzz Person,,1980-01-02,',
].join('\n')

export function routeModels(world: FuzzWorld): Record<string, RouteModel> {
  const { ids } = world
  const publicRoute: RouteModel = { ok: [200], roles: [] }
  return {
    'GET /health/live': publicRoute,
    'GET /health/ready': { ok: [200], roles: ['admin'], anonymousOk: true },
    'GET /metrics': publicRoute,
    'GET /openapi.yaml': publicRoute,
    'GET /docs': { ok: [200, 302], roles: [] },
    'GET /docs/': { ok: [200, 302], roles: [] },
    'GET /docs/json': publicRoute,
    'GET /docs/yaml': publicRoute,
    'GET /docs/static/index.html': { ok: [200, 302], roles: [] },
    'GET /docs/static/swagger-initializer.js': publicRoute,
    'GET /docs/static/*': { ok: [200, 304], roles: [], params: { '*': ['swagger-ui.css', 'swagger-ui-bundle.js', 'index.css'] } },
    'GET /console': { ok: [301], roles: [] },
    'GET /console/*': { ok: [200, 304], roles: [], params: { '*': ['', 'index.html', 'app.js', 'console.css'] } },
    'POST /v1/organisations': { ok: [201], roles: ['admin'], body: { id: 'fuzz-force', name: 'Fuzz Force', kind: 'police' } },
    'GET /v1/organisations': { ok: [200], roles: ['admin'], query: { kind: ['police', 'authority'], ...page } },
    'GET /v1/organisations/:id': { ok: [200], roles: ['admin'], params: { id: [ids.organisation, 'salford'] } },
    'POST /v1/sharing-agreements': {
      ok: [201],
      roles: ['admin'],
      body: { policeOrgId: 'met', authorityOrgId: 'salford', validFrom: dates[0], validTo: dates[1] },
    },
    'GET /v1/sharing-agreements': {
      ok: [200],
      roles: ['admin'],
      query: { policeOrgId: ['gmp'], authorityOrgId: ['salford'], status: ['active', 'pending', 'expired', 'revoked'], ...page },
    },
    'GET /v1/sharing-agreements/:id': { ok: [200], roles: ['admin'], params: { id: [ids.agreement, ids.spareAgreement] } },
    'DELETE /v1/sharing-agreements/:id': { ok: [200], roles: ['admin'], params: { id: [ids.spareAgreement] } },
    'POST /v1/watchlists': { ok: [201], roles: ['police'], body: { name: 'Fuzz list', description: 'Line one\nLine two' } },
    'GET /v1/watchlists': { ok: [200], roles: ['police', 'admin'], query: { orgId: ['gmp', 'met'], ...page } },
    'GET /v1/watchlists/:id': { ok: [200], roles: ['police', 'admin'], params: { id: [ids.watchlist, ids.spareWatchlist] } },
    'GET /v1/watchlists/:id/versions': { ok: [200], roles: ['police', 'admin'], params: { id: [ids.watchlist] }, query: { ...page, cursor: ['WzFd'] } },
    'GET /v1/watchlists/:id/content': { ok: [200], roles: ['police'], params: { id: [ids.watchlist] }, query: { version: ['1', '2'] } },
    'GET /v1/watchlists/:id/hits': { ok: [200], roles: ['police'], params: { id: [ids.watchlist] }, query: page },
    'PUT /v1/watchlists/:id/content': { ok: [200, 201], roles: ['police'], params: { id: [ids.spareWatchlist] }, body: gmpWatchlist, csv: CSV },
    'POST /v1/screenings': { ok: [201], roles: ['screener', 'officer'], body: { ...examplePaving, tender }, idempotent: true },
    'POST /v1/screenings/batch': {
      ok: [200],
      roles: ['screener', 'officer'],
      body: { items: [examplePaving, { supplier: { name: 'Bright Futures Nursery CIC' } }, ocdsInput] },
      idempotent: true,
    },
    'GET /v1/screenings': {
      ok: [200],
      roles: ['screener', 'officer'],
      query: {
        band: ['none', 'low', 'medium', 'high'],
        decision: ['cleared', 'referred', 'confirmed', 'none'],
        from: dates,
        to: dates,
        q: ['Paving', 'Nursery'],
        tender: [tender.id],
        ...page,
      },
    },
    'GET /v1/screenings/:id': { ok: [200], roles: ['screener', 'officer'], params: { id: [ids.screening] } },
    'POST /v1/screenings/:id/decisions': {
      ok: [201],
      roles: ['officer'],
      params: { id: [ids.screening] },
      body: { outcome: 'cleared', note: 'Checked with the force.\nNo link.' },
      idempotent: true,
    },
    'GET /v1/register/search': {
      ok: [200],
      roles: ['officer'],
      query: {
        q: ["O'Connor", 'Northern Paving', '0161 496 0000'],
        kind: ['group', 'company', 'person', 'address', 'phone', 'email', 'website'],
        force: ['gmp', 'met'],
        limit: ['1', '50', '200'],
      },
    },
    'GET /v1/tenders/:id/links': { ok: [200], roles: ['officer'], params: { id: [tender.id, 'TENDER-UNKNOWN'] } },
    // An officer asking by authority (a force's breakdown) gets a 400, which the fuzzer allows as an error.
    'GET /v1/insights': {
      ok: [200],
      roles: ['officer', 'police'],
      query: { from: dates, to: dates, by: ['month', 'cpvDivision', 'region', 'group', 'authority'] },
    },
    'PUT /v1/webhook': { ok: [200], roles: ['officer'], body: { url: 'https://fuzz.example/hooks/bidscreen' } },
    'POST /v1/webhook/rotate-secret': { ok: [200], roles: ['officer'] },
    'GET /v1/webhook': { ok: [200], roles: ['officer'] },
    'GET /v1/webhook/deliveries': { ok: [200], roles: ['officer'], query: { status: ['pending', 'delivered', 'failed'], ...page } },
    'DELETE /v1/webhook': { ok: [204], roles: ['officer'] },
    'GET /v1/alerts': {
      ok: [200],
      roles: ['screener', 'officer'],
      query: {
        status: ['open', 'acknowledged', 'decided', 'closed'],
        band: ['low', 'medium', 'high'],
        group: ['GMP-OCG-0117'],
        reference: ['BID-FUZZ-1'],
        from: dates,
        to: dates,
        ...page,
      },
    },
    'GET /v1/alerts/:id': { ok: [200], roles: ['screener', 'officer'], params: { id: [ids.alert] } },
    'POST /v1/alerts/:id/acknowledge': { ok: [200], roles: ['officer'], params: { id: [ids.alert] } },
    'POST /v1/alerts/:id/decisions': {
      ok: [201],
      roles: ['officer'],
      params: { id: [ids.alert] },
      body: { outcome: 'referred', note: 'Sent to the force.' },
      idempotent: true,
    },
    'GET /v1/audit': {
      ok: [200],
      roles: ['admin'],
      query: { orgId: ['salford'], action: ['screening.create'], from: dates, to: dates, afterSeq: ['0', '3'], limit: ['1', '1000', '10000'] },
    },
  }
}
