/**
 * The authorisation matrix (issue 12 point 7): every route × every principal, with the exact
 * status each gets, and no body holding another organisation's data.
 *
 * The principals: no token; a token of an organisation the service does not know (holding every
 * role); and each role (police, officer, screener, admin) in three places relative to the record
 * a route acts on: its own organisation (the owner of the watchlist or screening; the platform
 * for an admin), another organisation of the same kind that holds a sharing agreement (a force
 * that shares with the same council, a council that shares with the same force), and one that
 * holds none. An admin role claimed by a force's or council's token is in the last two places.
 *
 * The rows come from `app.routeList`: a route added without a row here fails the test.
 */
import type { Test } from 'tap'
import type { Role } from '../../src/auth/principal.js'
import { onEachDatabase, type Inject, type TestApp } from '../helpers/test-app.js'
import { waitFor } from '../helpers/wait-for.js'

const SCOPES = ['own', 'shared', 'unshared'] as const
type Scope = (typeof SCOPES)[number]
const ROLES = ['police', 'officer', 'screener', 'admin'] as const satisfies readonly Role[]

/** Where each role stands in each scope (see the file's comment). */
const ORG_OF: Record<(typeof ROLES)[number], Record<Scope, string>> = {
  police: { own: 'force-north', shared: 'force-south', unshared: 'force-west' },
  officer: { own: 'council-east', shared: 'council-mid', unshared: 'council-far' },
  screener: { own: 'council-east', shared: 'council-mid', unshared: 'council-far' },
  admin: { own: 'platform', shared: 'council-east', unshared: 'council-far' },
}

// Force North shares with councils East and Mid; Force South with East; Force West and council
// Far share with nobody. Spare organisations take the admin's writes, so the agreements stay.
const ORGANISATIONS = [
  ['force-north', 'Force North Constabulary', 'police'],
  ['force-south', 'Force South Constabulary', 'police'],
  ['force-west', 'Force West Constabulary', 'police'],
  ['council-east', 'East Borough Council', 'authority'],
  ['council-mid', 'Midshire District Council', 'authority'],
  ['council-far', 'Farland County Council', 'authority'],
  ['spare-force', 'Spare Constabulary', 'police'],
  ['spare-council', 'Spare Borough Council', 'authority'],
] as const
const AGREEMENTS = [
  ['force-north', 'council-east'],
  ['force-north', 'council-mid'],
  ['force-south', 'council-east'],
] as const
const FORCES = { 'force-north': 'NORTH', 'force-south': 'SOUTH', 'force-west': 'WEST' } as const
const SUPPLIERS = { 'council-east': 'Eastgate Paving Limited', 'council-mid': 'Midshire Catering Limited', 'council-far': 'Farland Cleaning Limited' } as const

/** A value only its owner may see; `intel` also goes to the owner's agreement partners, `meta` to them and administrators. */
interface Secret {
  owner: string
  kind: 'meta' | 'intel' | 'private'
  value: string
}

const shares = (a: string, b: string) => AGREEMENTS.some(([p, c]) => (p === a && c === b) || (p === b && c === a))

function visibleTo(viewer: string, secret: Secret): boolean {
  if (viewer === secret.owner) return true
  if (viewer === 'platform') return secret.kind === 'meta'
  return shares(viewer, secret.owner) && secret.kind !== 'private'
}

const forceContent = (org: keyof typeof FORCES) => ({
  groups: [
    {
      ref: `${FORCES[org]}-OCG-7701`,
      name: `${FORCES[org]} syndicate`,
      riskLevel: 'high',
      handling: 'Refer to the force',
      notes: `${FORCES[org]} informant note`,
      entities: [
        {
          type: 'company',
          name: `${FORCES[org]} Front Trading Ltd`,
          companyNumber: org === 'force-north' ? '07700001' : org === 'force-south' ? '07700002' : '07700003',
        },
      ],
    },
  ],
})

// A member Force North adds after the councils screened: East's supplier names them, so East gets an alert.
const addedMember = { type: 'person', name: 'Ronald Matrixson', dateOfBirth: '1970-01-01', role: 'associate' }
const forceContentLater = (org: keyof typeof FORCES) => {
  const content = forceContent(org)
  return { groups: content.groups.map((g) => ({ ...g, entities: [...g.entities, addedMember] })) }
}

interface World {
  watchlist: string
  screening: string
  alert: string
  agreement: string
  spareAgreement: string
  secrets: Secret[]
}

async function seedWorld(ctx: TestApp): Promise<World> {
  const admin = ctx.as('platform', 'admin')
  const expect = async (call: ReturnType<Inject>, status: number) => {
    const res = await call
    if (res.statusCode !== status) throw new Error(`matrix world: expected ${status}, got ${res.statusCode}: ${res.body.slice(0, 300)}`)
    return res.json<{ id: string }>()
  }
  for (const [id, name, kind] of ORGANISATIONS) await expect(admin({ method: 'POST', url: '/v1/organisations', payload: { id, name, kind } }), 201)
  const agreements = []
  for (const [policeOrgId, authorityOrgId] of [...AGREEMENTS, ['spare-force', 'spare-council'] as const]) {
    agreements.push(await expect(admin({ method: 'POST', url: '/v1/sharing-agreements', payload: { policeOrgId, authorityOrgId } }), 201))
  }
  const secrets: Secret[] = []
  for (const [id, name] of ORGANISATIONS) secrets.push({ owner: id, kind: 'meta', value: name })
  const watchlists: Record<string, string> = {}
  for (const force of Object.keys(FORCES) as (keyof typeof FORCES)[]) {
    const police = ctx.as(force, 'police')
    const { id } = await expect(police({ method: 'POST', url: '/v1/watchlists', payload: { name: `${FORCES[force]} register list` } }), 201)
    await expect(police({ method: 'PUT', url: `/v1/watchlists/${id}/content`, payload: forceContent(force) }), 201)
    watchlists[force] = id
    const group = forceContent(force).groups[0]!
    secrets.push(
      { owner: force, kind: 'meta', value: id },
      { owner: force, kind: 'meta', value: `${FORCES[force]} register list` },
      { owner: force, kind: 'intel', value: group.ref },
      { owner: force, kind: 'intel', value: group.name },
      { owner: force, kind: 'private', value: group.notes },
      { owner: force, kind: 'intel', value: group.entities[0]!.name },
    )
  }
  const screenings: Record<string, string> = {}
  for (const [council, supplier] of Object.entries(SUPPLIERS)) {
    // Each supplier has Force North's company's number: only the agreements decide whether it matches.
    const people = council === 'council-east' ? { people: [{ name: addedMember.name, dateOfBirth: addedMember.dateOfBirth }] } : {}
    // Every council's bid names one tender id: each officer sees its own council's bidders only.
    const payload = { supplier: { name: supplier, companyNumber: '07700001', ...people }, tender: { id: 'MATRIX-TENDER' } }
    const { id } = await expect(ctx.as(council, 'screener')({ method: 'POST', url: '/v1/screenings', payload }), 201)
    screenings[council] = id
    secrets.push({ owner: council, kind: 'meta', value: id }, { owner: council, kind: 'private', value: supplier })
  }
  // Force North adds a member East's supplier names: monitoring raises East an alert.
  await expect(
    ctx.as('force-north', 'police')({ method: 'PUT', url: `/v1/watchlists/${watchlists['force-north']}/content`, payload: forceContentLater('force-north') }),
    201,
  )
  const alert = await waitFor(() =>
    ctx.database.db.selectFrom('alerts').select('id').where('screening_id', '=', screenings['council-east']!).executeTakeFirst(),
  )
  if (!alert) throw new Error('matrix world: no alert raised')
  secrets.push({ owner: 'council-east', kind: 'meta', value: alert.id })
  // Each council's webhook: its address is its own, and the webhook rows below find one to act on.
  for (const council of Object.keys(SUPPLIERS)) {
    const url = `https://${council}.example/hooks/bidscreen`
    await expect(ctx.as(council, 'officer')({ method: 'PUT', url: '/v1/webhook', payload: { url } }), 200)
    secrets.push({ owner: council, kind: 'private', value: url })
  }
  const note = 'East officer decision note'
  await expect(
    ctx.as(
      'council-east',
      'officer',
    )({ method: 'POST', url: `/v1/screenings/${screenings['council-east']}/decisions`, payload: { outcome: 'referred', note } }),
    201,
  )
  secrets.push({ owner: 'council-east', kind: 'private', value: note })
  return {
    watchlist: watchlists['force-north']!,
    screening: screenings['council-east']!,
    alert: alert.id,
    agreement: agreements[0]!.id,
    spareAgreement: agreements[3]!.id,
    secrets,
  }
}

/** Expected statuses per role: one for every scope, or [own, shared, unshared]. */
type ByScope = number | [number, number, number]
interface Row {
  request: (w: World) => { url: string; payload?: object }
  /** Statuses of a public route, for every principal alike. */
  public?: number
  anonymous?: number
  unknown?: number
  roles?: Partial<Record<(typeof ROLES)[number], ByScope>>
}

const list =
  (url: string): Row['request'] =>
  () => ({ url })
const pub = (status = 200): Row => ({ request: () => ({ url: '' }), public: status })
const adminOnly = (request: Row['request'], ok: number): Row => ({ request, roles: { admin: [ok, 403, 403] } })
const watchlistRead = (path: string): Row => ({
  request: (w) => ({ url: `/v1/watchlists/${w.watchlist}${path}` }),
  roles: { police: [200, 404, 404], admin: [200, 403, 403] },
})
const policeOnly = (path: string): Row => ({ request: (w) => ({ url: `/v1/watchlists/${w.watchlist}${path}` }), roles: { police: [200, 404, 404] } })

const MATRIX: Record<string, Row> = {
  'GET /health/live': pub(),
  'GET /health/ready': { request: list('/health/ready'), anonymous: 200, roles: { admin: [200, 403, 403] } },
  'GET /metrics': pub(),
  'GET /openapi.yaml': pub(),
  'GET /docs': pub(),
  'GET /docs/json': pub(),
  'GET /docs/yaml': pub(),
  'GET /docs/static/index.html': pub(302),
  'GET /docs/static/swagger-initializer.js': pub(),
  'GET /docs/static/*': { request: list('/docs/static/swagger-ui.css'), public: 200 },
  // The console's files hold no data (the page asks /v1 with its user's token): public.
  'GET /console': pub(301),
  'GET /console/*': { request: list('/console/app.js'), public: 200 },
  'POST /v1/organisations': adminOnly(() => ({ url: '/v1/organisations', payload: { id: 'matrix-org', name: 'Matrix Org', kind: 'police' } }), 201),
  'GET /v1/organisations': adminOnly(list('/v1/organisations'), 200),
  'GET /v1/organisations/:id': adminOnly(list('/v1/organisations/council-east'), 200),
  'POST /v1/sharing-agreements': adminOnly(
    () => ({ url: '/v1/sharing-agreements', payload: { policeOrgId: 'spare-force', authorityOrgId: 'spare-council' } }),
    201,
  ),
  'GET /v1/sharing-agreements': adminOnly(list('/v1/sharing-agreements'), 200),
  'GET /v1/sharing-agreements/:id': adminOnly((w) => ({ url: `/v1/sharing-agreements/${w.agreement}` }), 200),
  'DELETE /v1/sharing-agreements/:id': adminOnly((w) => ({ url: `/v1/sharing-agreements/${w.spareAgreement}` }), 200),
  // Creating a list is always in the caller's own force.
  'POST /v1/watchlists': { request: () => ({ url: '/v1/watchlists', payload: { name: 'Matrix list' } }), roles: { police: 201 } },
  'GET /v1/watchlists': { request: list('/v1/watchlists'), roles: { police: 200, admin: [200, 403, 403] } },
  'GET /v1/watchlists/:id': watchlistRead(''),
  'GET /v1/watchlists/:id/versions': watchlistRead('/versions'),
  'GET /v1/watchlists/:id/content': policeOnly('/content'),
  'GET /v1/watchlists/:id/hits': policeOnly('/hits'),
  // The same content again: stored already, so 200 and no new version.
  'PUT /v1/watchlists/:id/content': {
    request: (w) => ({ url: `/v1/watchlists/${w.watchlist}/content`, payload: forceContentLater('force-north') }),
    roles: { police: [200, 404, 404] },
  },
  'POST /v1/screenings': {
    request: () => ({ url: '/v1/screenings', payload: { supplier: { name: 'Matrix Supplier Ltd', companyNumber: '07700001' } } }),
    roles: { officer: 201, screener: 201 },
  },
  'POST /v1/screenings/batch': {
    request: () => ({ url: '/v1/screenings/batch', payload: { items: [{ supplier: { name: 'Matrix Batch Ltd', companyNumber: '07700002' } }] } }),
    roles: { officer: 200, screener: 200 },
  },
  'GET /v1/screenings': { request: list('/v1/screenings'), roles: { officer: 200, screener: 200 } },
  'GET /v1/screenings/:id': { request: (w) => ({ url: `/v1/screenings/${w.screening}` }), roles: { officer: [200, 404, 404], screener: [200, 404, 404] } },
  'POST /v1/screenings/:id/decisions': {
    request: (w) => ({ url: `/v1/screenings/${w.screening}/decisions`, payload: { outcome: 'cleared' } }),
    roles: { officer: [201, 404, 404] },
  },
  'GET /v1/alerts': { request: list('/v1/alerts'), roles: { officer: 200, screener: 200 } },
  'GET /v1/alerts/:id': { request: (w) => ({ url: `/v1/alerts/${w.alert}` }), roles: { officer: [200, 404, 404], screener: [200, 404, 404] } },
  'POST /v1/alerts/:id/acknowledge': { request: (w) => ({ url: `/v1/alerts/${w.alert}/acknowledge` }), roles: { officer: [200, 404, 404] } },
  'POST /v1/alerts/:id/decisions': {
    request: (w) => ({ url: `/v1/alerts/${w.alert}/decisions`, payload: { outcome: 'referred' } }),
    roles: { officer: [201, 404, 404] },
  },
  // Each council finds only the groups of the forces that share with it: the leak check holds it to that.
  'GET /v1/register/search': { request: list('/v1/register/search?q=syndicate'), roles: { officer: 200 } },
  // An officer's aggregates are of its own screenings, a force's of the hits on its groups by its partners: the leak check holds both.
  'GET /v1/insights': { request: list('/v1/insights'), roles: { officer: 200, police: 200 } },
  'GET /v1/tenders/:id/links': { request: list('/v1/tenders/MATRIX-TENDER/links'), roles: { officer: 200 } },
  // Every council has a webhook (seeded); each officer acts on its own council's. DELETE is
  // registered after the other webhook routes, so the rows before it still find one.
  'PUT /v1/webhook': { request: () => ({ url: '/v1/webhook', payload: { url: 'https://matrix.example/hooks' } }), roles: { officer: 200 } },
  'POST /v1/webhook/rotate-secret': { request: list('/v1/webhook/rotate-secret'), roles: { officer: 200 } },
  'GET /v1/webhook': { request: list('/v1/webhook'), roles: { officer: 200 } },
  'GET /v1/webhook/deliveries': { request: list('/v1/webhook/deliveries'), roles: { officer: 200 } },
  'DELETE /v1/webhook': { request: list('/v1/webhook'), roles: { officer: 204 } },
  'GET /v1/audit': adminOnly(list('/v1/audit'), 200),
}

interface Case {
  name: string
  /** The organisation whose view the body must keep to; null for no token. */
  org: string | null
  roles: Role[]
  expected: (row: Row) => number
}

const CASES: Case[] = [
  { name: 'no token', org: null, roles: [], expected: (row) => row.public ?? row.anonymous ?? 401 },
  { name: 'unknown organisation', org: 'ghost-org', roles: [...ROLES], expected: (row) => row.public ?? row.unknown ?? 403 },
  ...ROLES.flatMap((role) =>
    SCOPES.map((scope, i): Case => {
      const status = (row: Row) => {
        const byScope = row.roles?.[role]
        return byScope === undefined ? 403 : typeof byScope === 'number' ? byScope : byScope[i]!
      }
      return { name: `${role} (${scope}: ${ORG_OF[role][scope]})`, org: ORG_OF[role][scope], roles: [role], expected: (row) => row.public ?? status(row) }
    }),
  ),
]

async function checkRow(t: Test, ctx: TestApp, world: World, key: string, row: Row): Promise<void> {
  const [method, route] = key.split(' ') as [string, string]
  const { url, payload } = row.public !== undefined && route.indexOf(':') < 0 && !route.includes('*') ? { url: route } : row.request(world)
  for (const c of CASES) {
    const headers = c.org === null ? {} : { authorization: `Bearer ${ctx.token({ sub: `matrix-${c.roles.join('-')}`, org: c.org, roles: c.roles })}` }
    const res = await ctx.app.inject({ method: method as 'GET', url, headers, ...(payload ? { payload } : {}) })
    const expected = c.expected(row)
    t.equal(res.statusCode, expected, `${key} as ${c.name}: ${expected}${res.statusCode === expected ? '' : ` (${res.body.slice(0, 200)})`}`)
    if (res.statusCode >= 400) t.match(res.headers['content-type'], /^application\/problem\+json/, `${key} as ${c.name}: problem+json`)
    // A problem's `instance` repeats the path the caller sent: that is its own input, not a leak.
    const body = res.body.replaceAll(url, '')
    const leaked = world.secrets.filter((s) => !visibleTo(c.org ?? 'nobody', s) && body.includes(s.value))
    t.same(
      leaked.map((s) => `${s.owner}: ${s.value}`),
      [],
      `${key} as ${c.name}: nothing of another organisation`,
    )
  }
}

onEachDatabase('authorisation matrix: every route × principal gets its exact status and only its own data', async (t, ctx) => {
  const world = await seedWorld(ctx)
  // The leak checks have something to find: East's screening matched Force North's group, and North's hits show it.
  const own = await ctx.as('council-east', 'officer')({ method: 'GET', url: `/v1/screenings/${world.screening}` })
  t.match(own.body, 'NORTH-OCG-7701', "a council's screening shows its partner force's group")
  const hits = await ctx.as('force-north', 'police')({ method: 'GET', url: `/v1/watchlists/${world.watchlist}/hits` })
  t.match(hits.body, world.screening, "a force's hits name the partner council's screening")
  const routes = ctx.app.routeList.filter((r) => r.method !== 'HEAD').map((r) => `${r.method} ${r.url}`)
  t.same(
    routes.filter((r) => !(r in MATRIX)),
    [],
    'every route has a row in the matrix',
  )
  t.same(
    Object.keys(MATRIX).filter((k) => !routes.includes(k)),
    [],
    'every row is a route',
  )
  t.comment(`matrix: ${routes.length} routes × ${CASES.length} principals = ${routes.length * CASES.length} cells`)
  for (const key of routes) if (MATRIX[key]) await checkRow(t, ctx, world, key, MATRIX[key])
})
