import { readFileSync } from 'node:fs'
import { seedRegister } from '../helpers/screening-fixtures.js'
import { onEachDatabase } from '../helpers/test-app.js'

interface Release {
  parties: { id: string; roles?: string[] }[]
}
interface ScreeningBody {
  id: string
  band: string
  matches: { field: string; entity: { kind: string; name: string }; reasons: { feature: string; query: string; candidate: string }[] }[]
  /** On a read only. */
  supplier: { name: string; tradingNames?: string[]; companyNumber?: string; people?: { name: string; dateOfBirth?: string; role?: string }[] }
}
interface Problem {
  code: string
  field?: string
  errors: { field: string; message: string }[]
}

function fixture<T>(path: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8')) as T
}

function partyOf(release: Release, id: string) {
  const party = release.parties.find((p) => p.id === id)
  if (party === undefined) throw new Error(`no party ${id}`)
  return party
}

const fictional = fixture<{ releases: Release[] }>('ocds/fictional-example-award.json').releases[0]!
const anyCorp = partyOf(fictional, 'GB-COH-11111111')
const betaCorp = partyOf(fictional, 'GB-COH-22222222')
const armepsSupplier = partyOf(fixture<{ releases: Release[] }>('ocds/armeps-award-release.json').releases[0]!, 'AM-TIN-01213189')
const contractsFinderBuyer = fixture<Release>('ocds/contracts-finder-tender.json').parties[0]!
const officers = fixture<{ items: unknown[] }>('companies-house/officers.json').items
const pscs = fixture<{ items: unknown[] }>('companies-house/persons-with-significant-control.json').items

onEachDatabase('an OCDS party from published releases is screened and stored as the supplier it maps to', async (t, ctx) => {
  const { salfordScreener, salfordOfficer } = await seedRegister(ctx)
  for (const [what, ocdsParty, name] of [
    ["the standard's fictional supplier", anyCorp, 'AnyCorp Ltd'],
    ['a real Armenian supplier', armepsSupplier, 'Balans Kvo SPY'],
  ] as const) {
    const res = await salfordScreener({ method: 'POST', url: '/v1/screenings', payload: { reference: 'ocds-213czf-000-00001', ocdsParty } })
    t.equal(res.statusCode, 201, `${what}: ${res.body.slice(0, 300)}`)
    t.match(res.json(), { band: 'none', matches: [] }, `${what}: no link in the register`)
    const stored = await salfordOfficer({ method: 'GET', url: `/v1/screenings/${res.json<ScreeningBody>().id}` })
    t.match(stored.json(), { reference: 'ocds-213czf-000-00001', supplier: { name } }, `${what}: the mapped supplier is what is stored`)
    t.notMatch(stored.body, /ocdsParty|roles|contactPoint/, `${what}: the OCDS party itself is not stored`)
  }
  const anyCorpStored = await salfordOfficer({ method: 'GET', url: '/v1/screenings?q=AnyCorp' })
  t.equal(anyCorpStored.json<{ items: unknown[] }>().items.length, 1, 'listed by its legal name')
})

onEachDatabase("a Companies House officer's month-and-year date of birth makes a hit on a register person", async (t, ctx) => {
  const { salfordScreener, salfordOfficer } = await seedRegister(ctx)
  const bodies = [
    { reference: 'TENDER-2026-0412/BID-18', ocdsParty: betaCorp, companiesHouse: { officers, pscs } },
    { supplier: { name: 'Canal Side Surfacing Ltd' }, companiesHouse: { officers } },
  ]
  for (const payload of bodies) {
    const res = await salfordScreener({ method: 'POST', url: '/v1/screenings', payload })
    t.equal(res.statusCode, 201, res.body.slice(0, 300))
    const body = res.json<ScreeningBody>()
    t.not(body.band, 'none', 'the supplier is linked through its director')
    const person = body.matches.find((m) => m.field === 'supplier.people[0]')
    t.match(person, { entity: { kind: 'person', name: "Danny O'Connor" } }, "the director is the register's person")
    t.match(
      person?.reasons.find((r) => r.feature === 'date_of_birth'),
      { query: '1981-03', candidate: '1981-03-14' },
      'the date of birth agrees at the month Companies House gives',
    )
    const stored = await salfordOfficer({ method: 'GET', url: `/v1/screenings/${body.id}` })
    t.match(stored.json<ScreeningBody>().supplier.people?.[0], { name: "Daniel James O'CONNOR", dateOfBirth: '1981-03', role: /^director/ }, 'stored as mapped')
  }
})

onEachDatabase('a batch takes OCDS parties and Companies House records item by item', async (t, ctx) => {
  const { salfordScreener, salfordOfficer } = await seedRegister(ctx)
  const items = [
    { ocdsParty: anyCorp },
    { ocdsParty: betaCorp, companiesHouse: { officers } },
    { supplier: { name: 'AnyCorp Ltd' }, ocdsParty: anyCorp },
    { ocdsParty: contractsFinderBuyer },
    { supplier: { name: 'X' }, companiesHouse: { officers: [{ name: 'SMITH, John', date_of_birth: { month: 13, year: 1981 } }] } },
  ]
  const res = await salfordScreener({ method: 'POST', url: '/v1/screenings/batch', payload: { items } })
  t.equal(res.statusCode, 200, res.body.slice(0, 300))
  const body = res.json<{ summary: unknown; results: { index: number; status: number; screening?: ScreeningBody; problem?: Problem }[] }>()
  t.same(body.summary, { screened: 2, failed: 3 })
  t.match(body.results[0], { status: 201, screening: { band: 'none' } })
  const first = await salfordOfficer({ method: 'GET', url: `/v1/screenings/${body.results[0]!.screening!.id}` })
  t.match(first.json(), { supplier: { name: 'AnyCorp Ltd', tradingNames: ['AnyCorp Cycle Provision'], companyNumber: '11111111' } })
  t.match(body.results[1], { status: 201, screening: { matches: [{ field: 'supplier.people[0]' }] } })
  t.not(body.results[1]!.screening!.band, 'none', 'the director links the tenderer')
  for (const [index, field] of [
    [2, 'items[2].ocdsParty'],
    [3, 'items[3].ocdsParty.roles'],
    [4, 'items[4].companiesHouse.officers[0].date_of_birth.month'],
  ] as const) {
    t.match(body.results[index], { index, status: 400, problem: { code: 'VALIDATION_FAILED', field } }, `item ${index} names ${field}`)
  }
})

onEachDatabase('a request with both supplier and ocdsParty, or a party that is not a bidder, is a 400 naming the field', async (t, ctx) => {
  const { salfordScreener } = await seedRegister(ctx)
  const cases: [string, object, string][] = [
    ['both supplier and ocdsParty', { supplier: { name: 'AnyCorp Ltd' }, ocdsParty: anyCorp }, 'ocdsParty'],
    ['neither', { reference: 'R', companiesHouse: { officers } }, 'supplier'],
    ["Contracts Finder's buyer", { ocdsParty: contractsFinderBuyer }, 'ocdsParty.roles'],
    ['a postcode past the limit', { ocdsParty: { ...anyCorp, address: { postalCode: 'AA1 1AA'.repeat(3) } } }, 'ocdsParty.address.postalCode'],
    [
      'a PSC born before 1900',
      { ocdsParty: anyCorp, companiesHouse: { pscs: [{ name: 'Mr A B', date_of_birth: { month: 1, year: 1899 } }] } },
      'companiesHouse.pscs[0].date_of_birth',
    ],
  ]
  for (const [what, payload, field] of cases) {
    const res = await salfordScreener({ method: 'POST', url: '/v1/screenings', payload })
    t.equal(res.statusCode, 400, what)
    t.match(res.headers['content-type'], /^application\/problem\+json/)
    const problem = res.json<Problem>()
    t.equal(problem.code, 'VALIDATION_FAILED', what)
    t.ok(
      problem.errors.some((e) => e.field === field),
      `${what}: names ${field} (got ${problem.errors.map((e) => e.field).join(', ')})`,
    )
  }
  const stored = await ctx.database.db.selectFrom('screenings').select('id').execute()
  t.equal(stored.length, 0, 'nothing is stored')
})
