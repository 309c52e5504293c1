import t from 'tap'
import { aggregateRisk, compileRegister, MatchingInputError, screenSupplier, type RegisterInput, type Supplier } from '../../src/matching/index.js'

const register: RegisterInput = {
  version: 42,
  groups: [
    {
      id: 'g_gmp',
      ref: 'GMP-OCG-0117',
      name: 'Canal Street Firm',
      aliases: [],
      riskLevel: 'high',
      handling: 'Contact the SOC unit.',
      ownerOrgId: 'police_gmp',
    },
    { id: 'g_met', ref: 'MET-0009', name: 'Other Firm', aliases: [], riskLevel: 'low', handling: 'Refer.', ownerOrgId: 'police_met' },
  ],
  entities: [
    { id: 'e_person', groupId: 'g_gmp', type: 'person', name: "Danny O'Connor", dateOfBirth: '1981-03-14', role: 'principal member' },
    { id: 'e_smith', groupId: 'g_gmp', type: 'person', name: 'John Smith', dateOfBirth: '1970-05-01' },
    {
      id: 'e_company',
      groupId: 'g_gmp',
      type: 'company',
      name: 'Northern Paving Solutions Limited',
      aliases: ['NPS Groundworks'],
      companyNumber: '09876543',
      addresses: [{ lines: ['Unit 4 Canal St'], town: 'Salford', postcode: 'M5 4XJ' }],
    },
    { id: 'e_address', groupId: 'g_gmp', type: 'address', address: { lines: ['12 Mill Lane'], town: 'Bolton', postcode: 'BL1 1AA' } },
    { id: 'e_phone', groupId: 'g_gmp', type: 'phone', value: '+44 161 496 0000' },
    { id: 'e_email', groupId: 'g_gmp', type: 'email', value: 'boss@canalcrew.example' },
    { id: 'e_web', groupId: 'g_gmp', type: 'website', value: 'https://www.northernpaving.example/' },
    { id: 'e_met_company', groupId: 'g_met', type: 'company', name: 'Redrock Haulage Ltd', companyNumber: 'SC123456' },
  ],
}
const compiled = compileRegister(register)
const gmp = { allowedOwners: new Set(['police_gmp']) }
const both = { allowedOwners: new Set(['police_gmp', 'police_met']) }

function screen(supplier: Supplier, scope = gmp): ReturnType<typeof screenSupplier> {
  return screenSupplier(compiled, supplier, scope)
}

t.test('the compiled register exposes version, groups and size', async (t) => {
  t.equal(compiled.version, 42)
  t.equal(compiled.size, 8)
  t.equal(compiled.groups.get('g_gmp')?.ref, 'GMP-OCG-0117')
})

t.test('each supplier field finds its register entity with reasons', async (t) => {
  const cases: [string, Supplier, string, string, string][] = [
    ['exact company name', { name: 'Northern Paving Solutions Ltd' }, 'supplier.name', 'e_company', 'company_name'],
    ['trading name against an alias', { name: 'Zzz Ltd', tradingNames: ['N.P.S. Groundworks'] }, 'supplier.tradingNames[0]', 'e_company', 'company_name'],
    [
      'director with a nickname',
      { name: 'Zzz Ltd', people: [{ name: "Daniel James O'Connor", dateOfBirth: '1981-03' }] },
      'supplier.people[0]',
      'e_person',
      'person_name',
    ],
    [
      'director surname first',
      { name: 'Zzz Ltd', people: [{ name: "O'CONNOR, Danny", dateOfBirth: '1981-03-14' }] },
      'supplier.people[0]',
      'e_person',
      'person_name',
    ],
    ['company number without leading zero', { name: 'Zzz Ltd', companyNumber: '9876543' }, 'supplier.companyNumber', 'e_company', 'company_number'],
    [
      'address with postcode written compactly',
      { name: 'Zzz Ltd', addresses: [{ lines: ['12 Mill Ln'], town: 'Bolton', postcode: 'bl11aa' }] },
      'supplier.addresses[0]',
      'e_address',
      'address',
    ],
    [
      'company address',
      { name: 'Zzz Ltd', addresses: [{ lines: ['Unit 4, Canal Street'], postcode: 'M5 4XJ' }] },
      'supplier.addresses[0]',
      'e_company',
      'address',
    ],
    ['phone in national format', { name: 'Zzz Ltd', phones: ['0161 496 0000'] }, 'supplier.phones[0]', 'e_phone', 'phone'],
    ['e-mail with different case', { name: 'Zzz Ltd', emails: ['Boss@CanalCrew.example'] }, 'supplier.emails[0]', 'e_email', 'email'],
    ['e-mail at the register website domain', { name: 'Zzz Ltd', emails: ['accounts@northernpaving.example'] }, 'supplier.emails[0]', 'e_web', 'email_domain'],
    ['website with scheme and www', { name: 'Zzz Ltd', website: 'http://northernpaving.example/contact' }, 'supplier.website', 'e_web', 'website'],
    ['website at the register e-mail domain', { name: 'Zzz Ltd', website: 'canalcrew.example' }, 'supplier.website', 'e_email', 'email_domain'],
  ]
  for (const [name, supplier, field, entity, feature] of cases) {
    const match = screen(supplier).matches.find((m) => m.field === field && m.entity.id === entity)
    t.ok(match, `${name}: matched`)
    t.ok(
      match?.reasons.some((r) => r.feature === feature && r.detail.length > 0),
      `${name}: ${feature} reason with words`,
    )
    t.equal(match?.groupId, 'g_gmp', `${name}: group`)
  }
})

t.test('options equal to the register defaults screen as the register does', async (t) => {
  // Overridden options bypass the weights computed at compile time: both paths must agree.
  const supplier: Supplier = {
    name: 'Northern Paving Solutions Ltd',
    tradingNames: ['N.P.S. Groundworks'],
    people: [{ name: "Daniel James O'Connor", dateOfBirth: '1981-03' }, { name: 'Jon Smith' }],
  }
  t.same(screenSupplier(compiled, supplier, gmp, { minMatchScore: compiled.options.minMatchScore }), screen(supplier))
})

t.test('hard negatives do not match', async (t) => {
  const cases: [string, Supplier][] = [
    ['common name, different year of birth', { name: 'Zzz Ltd', people: [{ name: 'John Smith', dateOfBirth: '1985-05-01' }] }],
    ['only generic and trade words shared', { name: 'Southern Paving Solutions Ltd' }],
    ['only generic words shared', { name: 'Solutions Limited' }],
    ['same street, different number and postcode', { name: 'Zzz Ltd', addresses: [{ lines: ['40 Mill Lane'], town: 'Bolton', postcode: 'BL3 6PQ' }] }],
    ['same postcode, different number', { name: 'Zzz Ltd', addresses: [{ lines: ['14 Mill Lane'], town: 'Bolton', postcode: 'BL1 1AA' }] }],
    ['webmail domain shared with nobody', { name: 'Zzz Ltd', emails: ['someone@gmail.com'] }],
    ['unrelated supplier', { name: 'Kingsway Catering Ltd', people: [{ name: 'Priya Sharma', dateOfBirth: '1990-01-01' }] }],
  ]
  for (const [name, supplier] of cases) {
    const result = screen(supplier)
    t.same(result.matches, [], name)
    t.equal(result.band, 'none', `${name}: band none`)
  }
})

t.test('groups outside the caller scope are never returned', async (t) => {
  const supplier: Supplier = { name: 'Redrock Haulage Limited', companyNumber: 'SC123456' }
  t.same(screen(supplier, gmp).matches, [], 'not shared: nothing')
  t.ok(screen(supplier, both).matches.length > 0, 'shared: found')
  t.same(screen({ name: 'Northern Paving Solutions Ltd' }, { allowedOwners: new Set() }).matches, [], 'no agreements: nothing')
  t.same(screen({ name: 'Northern Paving Solutions Ltd' }, { allowedOwners: new Set(['police_unknown']) }).matches, [], 'unknown owner: nothing')
})

t.test('matches are sorted by score and grouped per field and entity', async (t) => {
  const result = screen({
    name: 'Northern Paving Solutions Ltd',
    companyNumber: '09876543',
    addresses: [{ lines: ['Unit 4 Canal Street'], postcode: 'M5 4XJ' }],
  })
  const scores = result.matches.map((m) => m.score)
  t.same(
    scores,
    [...scores].sort((a, b) => b - a),
    'descending',
  )
  const keys = result.matches.map((m) => `${m.field}|${m.entity.id}`)
  t.equal(new Set(keys).size, keys.length, 'one match per (field, entity)')
  const name = result.matches.find((m) => m.field === 'supplier.name')
  t.ok(
    name?.reasons.some((r) => r.feature === 'address'),
    'the name match carries the address qualifier',
  )
  t.equal(name?.query, 'Northern Paving Solutions Ltd', 'query is the value as given')
})

t.test('independent evidence for one group counts for more than one weak name hit', async (t) => {
  const weak = screen({ name: 'Zzz Ltd', people: [{ name: 'J Smith' }] })
  const director = screen({ name: 'Zzz Ltd', people: [{ name: "Danny O'Connor", dateOfBirth: '1981-03-14' }] })
  const directorAndAddress = screen({
    name: 'Zzz Ltd',
    people: [{ name: "Danny O'Connor", dateOfBirth: '1981-03-14' }],
    addresses: [{ lines: ['12 Mill Lane'], postcode: 'BL1 1AA' }],
  })
  t.ok(directorAndAddress.riskScore > director.riskScore, `director + address (${directorAndAddress.riskScore}) > director (${director.riskScore})`)
  t.ok(director.riskScore > weak.riskScore, `director (${director.riskScore}) > weak (${weak.riskScore})`)
  t.equal(directorAndAddress.band, 'high')
})

t.test("the group's risk level weighs in", async (t) => {
  const low = screenSupplier(compiled, { name: 'Redrock Haulage Ltd' }, both)
  const high = screenSupplier(compiled, { name: 'Northern Paving Solutions Ltd' }, both)
  t.ok(high.riskScore > low.riskScore, `high-risk group ${high.riskScore} > low-risk group ${low.riskScore}`)
})

t.test('aggregateRisk recomputes the score after suppressed matches are dropped', async (t) => {
  const result = screen({ name: 'Northern Paving Solutions Ltd', phones: ['0161 496 0000'] })
  t.same(aggregateRisk(compiled, result.matches), { riskScore: result.riskScore, band: result.band })
  t.same(aggregateRisk(compiled, []), { riskScore: 0, band: 'none' })
  const kept = result.matches.filter((m) => m.field !== 'supplier.name')
  t.ok(aggregateRisk(compiled, kept).riskScore <= result.riskScore)
})

t.test('bad input gives no match or a MatchingInputError, never a crash or a hang', async (t) => {
  const noMatch: [string, Supplier][] = [
    ['empty name', { name: '' }],
    ['whitespace name', { name: '   ' }],
    ['control characters', { name: '\u0000\u0001\u0002\u0007' }],
    ['unpaired surrogates', { name: '\uD800\uDC00\uD800 \uDFFF' }],
    ['punctuation only', { name: '!!! ??? ...' }],
    ['empty lists', { name: 'Zzz', people: [], addresses: [], phones: [], emails: [] }],
    ['unparseable identifiers', { name: 'Zzz', companyNumber: 'abc', phones: ['call me'], emails: ['not-an-email'], website: '::::' }],
    ['empty address', { name: 'Zzz', addresses: [{}] }],
    ['1,000-character name of one word', { name: 'a'.repeat(1000) }],
    ['1,000-character name of many words', { name: 'ab '.repeat(333) }],
  ]
  // A hang would trip tap's own timeout; speed itself is measured in bench/, not here.
  for (const [name, supplier] of noMatch) t.same(screen(supplier).matches, [], name)
  const errors: [string, unknown][] = [
    ['10,000-character name', { name: 'x'.repeat(10_000) }],
    ['name not a string', { name: 42 }],
    ['missing name', {}],
    ['people not a list', { name: 'Zzz', people: 'John' }],
    ['too many people', { name: 'Zzz', people: Array.from({ length: 1000 }, () => ({ name: 'A B' })) }],
    ['person without a name', { name: 'Zzz', people: [{}] }],
    ['10,000-character address line', { name: 'Zzz', addresses: [{ lines: ['y'.repeat(10_000)] }] }],
  ]
  for (const [name, supplier] of errors) {
    t.throws(() => screen(supplier as Supplier), MatchingInputError, name)
  }
  t.throws(
    () => screenSupplier(compiled, { name: 'Zzz' }, { allowedOwners: ['police_gmp'] as unknown as Set<string> }),
    MatchingInputError,
    'scope must be a set',
  )
})

t.test('the register compiler tolerates odd rows without failing the whole version', async (t) => {
  const odd = compileRegister({
    version: 1,
    groups: [{ id: 'g', ref: 'R', name: 'G', aliases: [], riskLevel: 'medium', handling: '', ownerOrgId: 'o' }],
    entities: [
      { id: 'a', groupId: 'g', type: 'company', name: '' },
      { id: 'b', groupId: 'g', type: 'person', name: 'x'.repeat(50_000) },
      { id: 'c', groupId: 'missing', type: 'company', name: 'Orphan Ltd' },
      { id: 'd', groupId: 'g', type: 'phone', value: 'not a phone' },
      { id: 'e', groupId: 'g', type: 'address', address: {} },
    ],
  })
  t.equal(odd.size, 4, 'the orphan entity is left out')
  t.same(screenSupplier(odd, { name: 'Orphan Ltd' }, { allowedOwners: new Set(['o']) }).matches, [])
  t.throws(() => compileRegister({ version: 1 } as unknown as RegisterInput), MatchingInputError)
})
