import { examplePaving, seedRegister } from '../helpers/screening-fixtures.js'
import { onEachDatabase, type Inject } from '../helpers/test-app.js'
import { SHARED_VALUE_MIN_SUPPLIERS } from '../../src/tenders/shared-value-history.js'

interface Shared {
  kind: string
  a: { field: string; value: string }
  b: { field: string; value: string }
  weak: boolean
  reasons: { feature: string; detail: string }[]
}
interface Bidder {
  screeningId: string
  supplierName: string
  band: string
}
interface Links {
  tender: { id: string; title?: string }
  band: string
  bidders: number
  items: { a: Bidder; b: Bidder; band: string; riskScore: number; shared: Shared[] }[]
}

const BANDS = ['none', 'low', 'medium', 'high']
const rank = (band: string) => BANDS.indexOf(band)

const director = { name: 'Marek Tomasz Kowalczyk', dateOfBirth: '1975-06-21', role: 'Director' }
const agentOffice = { lines: ['27 Old Gloucester Street'], town: 'London', postcode: 'WC1N 3AX' }

async function screen(as: Inject, payload: object): Promise<{ id: string; tender?: { id: string } }> {
  const res = await as({ method: 'POST', url: '/v1/screenings', payload })
  if (res.statusCode !== 201) throw new Error(`screening failed: ${res.statusCode} ${res.body}`)
  return res.json()
}

async function links(as: Inject, tenderId: string, purpose = 'bid evaluation') {
  return as({ method: 'GET', url: `/v1/tenders/${encodeURIComponent(tenderId)}/links`, headers: { 'x-purpose': purpose } })
}

onEachDatabase('tender links: bidders sharing a director are linked, an agent’s office is weak, a register hit raises the tender', async (t, ctx) => {
  const { salfordScreener, salfordOfficer, leedsOfficer } = await seedRegister(ctx)
  const leedsScreener = ctx.as('leeds', 'screener')

  // Tender A: two bidders, unrelated on paper, with one director (full date of birth) in common.
  const tenderA = { id: 'SAL-2026-0101', title: 'Highway resurfacing', cpvCodes: ['45233140-2'], value: 1_250_000, currency: 'GBP', region: 'TLD3' }
  const first = await screen(salfordScreener, {
    reference: 'SAL-2026-0101/BID-1',
    tender: tenderA,
    supplier: {
      name: 'Pennine Surfacing Limited',
      companyNumber: '11223344',
      people: [director],
      addresses: [{ lines: ['4 Mill Lane'], postcode: 'OL1 3AA' }],
    },
  })
  await screen(salfordScreener, {
    reference: 'SAL-2026-0101/BID-2',
    tender: tenderA,
    supplier: { name: 'Irwell Civil Engineering Ltd', companyNumber: '55667788', people: [{ ...director, role: 'Person with significant control' }] },
  })
  await screen(salfordScreener, { reference: 'SAL-2026-0101/BID-3', tender: tenderA, supplier: { name: 'Bright Futures Nursery CIC' } })
  // Another authority's bid on a tender of the same id, with the same director: never compared or shown.
  await screen(leedsScreener, { tender: { id: tenderA.id }, supplier: { name: 'Aire Valley Tarmac Ltd', people: [director] } })

  await t.test('two bidders sharing a director with a full date of birth are linked, with reasons', async (t) => {
    const res = await links(salfordOfficer, tenderA.id)
    t.equal(res.statusCode, 200)
    t.equal(res.headers['x-protective-marking'], 'OFFICIAL-SENSITIVE')
    const body = res.json<Links>()
    t.equal(body.tender.title, 'Highway resurfacing', 'the tender as its screenings gave it')
    t.equal(body.bidders, 3)
    t.equal(body.items.length, 1, 'one linked pair; the third bidder is linked to nobody')
    const [link] = body.items
    t.same([link!.a.supplierName, link!.b.supplierName], ['Pennine Surfacing Limited', 'Irwell Civil Engineering Ltd'])
    t.equal(link!.a.screeningId, first.id)
    t.ok(rank(link!.band) >= rank('medium'), `the link is at least medium (${link!.band})`)
    const person = link!.shared.find((s) => s.kind === 'person')
    t.ok(person, 'the shared director is named')
    t.equal(person!.a.field, 'supplier.people[0]')
    t.equal(person!.b.field, 'supplier.people[0]')
    t.equal(person!.weak, false)
    t.ok(
      person!.reasons.some((r) => r.feature === 'date_of_birth'),
      'the reasons include the agreeing date of birth',
    )
    t.equal(body.band, link!.band, 'neither bidder hits the register: the tender has its strongest link’s band')
    t.notOk(res.body.includes('Aire Valley'), 'another authority’s bidder is not shown')
  })

  await t.test('another authority’s screenings of the same tender id are its own tender', async (t) => {
    const res = await links(leedsOfficer, tenderA.id)
    t.equal(res.statusCode, 200)
    const body = res.json<Links>()
    t.equal(body.bidders, 1)
    t.same(body.items, [])
    t.notOk(res.body.includes('Pennine') || res.body.includes('Irwell'), 'nothing of Salford’s bidders')
  })

  await t.test('bidders sharing only an office that many of the authority’s suppliers give are not flagged', async (t) => {
    // The authority's supplier base: firms registered at one formation agent's office.
    const items = Array.from({ length: SHARED_VALUE_MIN_SUPPLIERS }, (_, i) => ({
      supplier: {
        name: `Agent Client ${String.fromCharCode(65 + (i % 26))}${i} Trading Ltd`,
        companyNumber: `0990${String(i).padStart(4, '0')}`,
        addresses: [agentOffice],
      },
    }))
    const batch = await salfordScreener({ method: 'POST', url: '/v1/screenings/batch', payload: { items } })
    t.equal(batch.statusCode, 200)
    const tenderB = { id: 'SAL-2026-0202' }
    await screen(salfordScreener, { tender: tenderB, supplier: { name: 'Quantock Catering Ltd', companyNumber: '12121212', addresses: [agentOffice] } })
    await screen(salfordScreener, { tender: tenderB, supplier: { name: 'Alder Roofing Limited', companyNumber: '34343434', addresses: [agentOffice] } })
    const body = (await links(salfordOfficer, tenderB.id)).json<Links>()
    t.equal(body.items.length, 1, 'the shared office is shown')
    const [link] = body.items
    t.ok(rank(link!.band) <= rank('low'), `the link is none or low (${link!.band})`)
    const address = link!.shared.find((s) => s.kind === 'address')
    t.equal(address?.weak, true, 'the address is weak evidence')
    t.match(address?.reasons.find((r) => r.feature === 'shared_value')?.detail ?? '', /given by \d+ suppliers screened by this authority/)
    t.ok(rank(body.band) <= rank('low'), 'the tender is not flagged')
  })

  await t.test('a link to a bidder that hits the register raises the tender’s band', async (t) => {
    const tenderC = { id: 'SAL-2026-0303' }
    const sharedPerson = { name: 'Siobhan Mary Brennan', dateOfBirth: '1979-02-11', role: 'Director' }
    const hit = await screen(salfordScreener, {
      tender: tenderC,
      supplier: { ...examplePaving.supplier, people: [...examplePaving.supplier.people, sharedPerson] },
    })
    await screen(salfordScreener, { tender: tenderC, supplier: { name: 'Medlock Plant Hire Ltd', people: [sharedPerson] } })
    const body = (await links(salfordOfficer, tenderC.id)).json<Links>()
    const [link] = body.items
    t.equal(link?.a.screeningId, hit.id)
    t.equal(link?.a.band, 'high', 'the bidder’s own screening hit the register')
    t.ok(rank(link!.band) >= rank('medium'))
    t.equal(body.band, 'high', `a ${link!.band} link to a register hit raises the tender one band, to high`)
  })

  await t.test('an unknown tender, or another authority’s, is not found', async (t) => {
    t.equal((await links(salfordOfficer, 'SAL-NO-SUCH')).statusCode, 404)
    t.equal((await links(leedsOfficer, 'SAL-2026-0303')).statusCode, 404, 'Leeds has no screening of that tender')
  })

  await t.test('officers only', async (t) => {
    t.equal((await links(salfordScreener, tenderA.id)).statusCode, 403)
    t.equal((await links(ctx.as('gmp', 'police'), tenderA.id)).statusCode, 403)
    t.equal((await ctx.app.inject({ method: 'GET', url: `/v1/tenders/${tenderA.id}/links` })).statusCode, 401)
  })

  await t.test('each read is audited with its purpose', async (t) => {
    const events = await ctx.database.db
      .selectFrom('audit_events')
      .select(['action', 'org_id', 'target_id', 'purpose'])
      .where('action', 'in', ['tender.links.read', 'tender.links.read_denied'])
      .orderBy('seq')
      .execute()
    const read = events.find((e) => e.action === 'tender.links.read' && e.org_id === 'salford')
    t.same(read, { action: 'tender.links.read', org_id: 'salford', target_id: tenderA.id, purpose: 'bid evaluation' })
    t.ok(
      events.some((e) => e.action === 'tender.links.read_denied'),
      'a tender not found is audited too',
    )
  })
})

onEachDatabase('tender context: stored with the screening, returned, and filtered by', async (t, ctx) => {
  const { salfordScreener, salfordOfficer } = await seedRegister(ctx)
  const tender = {
    id: 'ocds-b5fd17-0412',
    title: 'School catering',
    cpvCodes: ['55524000-9', '55520000'],
    value: 480000.5,
    currency: 'GBP',
    region: 'Greater Manchester',
    closesAt: '2026-12-31T12:00:00Z',
  }
  const made = await screen(salfordScreener, { reference: 'BID-1', tender, supplier: { name: 'Bright Futures Nursery CIC' } })
  t.same(made.tender, tender, 'the screening answers with its tender')
  await screen(salfordScreener, { reference: 'BID-2', supplier: { name: 'Other Supplier Ltd' } })

  const read = await salfordOfficer({ method: 'GET', url: `/v1/screenings/${made.id}` })
  t.same(read.json<{ tender: object }>().tender, tender, 'and reads back with it')
  const listed = await salfordOfficer({ method: 'GET', url: `/v1/screenings?tender=${tender.id}` })
  const items = listed.json<{ items: { id: string; tender?: object }[] }>().items
  t.same(
    items.map((i) => i.id),
    [made.id],
    'the tender filter keeps its screenings only',
  )
  t.same(items[0]!.tender, tender, 'the summary carries the tender')

  for (const [field, value] of [
    ['cpvCodes', ['4523314']],
    ['currency', 'gbp'],
    ['value', -1],
    ['closesAt', 'tomorrow'],
    ['id', ''],
    ['colour', 'red'],
  ] as const) {
    const res = await salfordScreener({
      method: 'POST',
      url: '/v1/screenings',
      payload: { tender: { ...tender, [field]: value }, supplier: { name: 'X Ltd' } },
    })
    t.equal(res.statusCode, 400, `tender.${field} = ${JSON.stringify(value)} is refused`)
  }
})
