/**
 * The data the fuzzer aims at: the screening fixtures' register (two forces, two councils, one
 * sharing agreement), a screening with a decision, and spare records for the destructive routes
 * (a revoke, an upload) so that the fuzz does not dismantle the register the other routes read.
 */
import { examplePaving, gmpWatchlist, seedRegister } from '../../helpers/screening-fixtures.js'
import type { TestApp } from '../../helpers/test-app.js'
import { waitFor } from '../../helpers/wait-for.js'

// A supplier screened before the spare list names its director: monitoring raises an alert on it.
const member = { type: 'person', name: 'Kevin Marsh', dateOfBirth: '1975-05-02' }
const monitored = { reference: 'BID-FUZZ-1', supplier: { name: 'Marsh Groundworks Ltd', people: [{ name: member.name, dateOfBirth: member.dateOfBirth }] } }

export interface FuzzWorld {
  /** Valid values for each path parameter, by route. */
  ids: { watchlist: string; spareWatchlist: string; screening: string; agreement: string; spareAgreement: string; organisation: string; alert: string }
  /** A valid bearer token per role (police at a force, screener and officer at a council, admin). */
  tokens: { admin: string; police: string; screener: string; officer: string }
}

export async function seedFuzzWorld(ctx: TestApp): Promise<FuzzWorld> {
  const { admin, agreementId, salfordScreener, salfordOfficer, gmp } = await seedRegister(ctx)
  const json = async <T>(call: Promise<{ statusCode: number; body: string }>, expected: number): Promise<T> => {
    const res = await call
    if (res.statusCode !== expected) throw new Error(`fuzz world: expected ${expected}, got ${res.statusCode}: ${res.body.slice(0, 300)}`)
    return JSON.parse(res.body) as T
  }
  const watchlists = await json<{ items: { id: string }[] }>(gmp({ method: 'GET', url: '/v1/watchlists' }), 200)
  const spare = await json<{ id: string }>(gmp({ method: 'POST', url: '/v1/watchlists', payload: { name: 'spare list' } }), 201)
  const earlier = await json<{ id: string }>(salfordScreener({ method: 'POST', url: '/v1/screenings', payload: monitored }), 201)
  const withMember = { groups: gmpWatchlist.groups.map((g, i) => (i === 0 ? { ...g, entities: [...g.entities, member] } : g)) }
  await json(gmp({ method: 'PUT', url: `/v1/watchlists/${spare.id}/content`, payload: withMember }), 201)
  const alert = await waitFor(() => ctx.database.db.selectFrom('alerts').select('id').where('screening_id', '=', earlier.id).executeTakeFirst())
  if (!alert) throw new Error('fuzz world: no alert raised')
  const spareAgreement = await json<{ id: string }>(
    admin({ method: 'POST', url: '/v1/sharing-agreements', payload: { policeOrgId: 'met', authorityOrgId: 'leeds' } }),
    201,
  )
  const screening = await json<{ id: string }>(salfordScreener({ method: 'POST', url: '/v1/screenings', payload: examplePaving }), 201)
  await json(salfordOfficer({ method: 'POST', url: `/v1/screenings/${screening.id}/decisions`, payload: { outcome: 'referred' } }), 201)
  const token = (org: string, role: 'admin' | 'police' | 'screener' | 'officer') => ctx.token({ sub: `fuzz-${role}`, org, roles: [role] }, '12h')
  return {
    ids: {
      watchlist: watchlists.items[0]!.id,
      spareWatchlist: spare.id,
      screening: screening.id,
      agreement: agreementId,
      spareAgreement: spareAgreement.id,
      organisation: 'gmp',
      alert: alert.id,
    },
    tokens: { admin: token('platform', 'admin'), police: token('gmp', 'police'), screener: token('salford', 'screener'), officer: token('salford', 'officer') },
  }
}
