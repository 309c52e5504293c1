import t from 'tap'
import { compileRegister, screenSupplier, type Band, type RegisterEntity, type RegisterGroup, type Supplier } from '../../src/matching/index.js'

// A register where some values are shared across unrelated groups (a formation agent's office, a
// switchboard, an unlisted mailbox provider) and some people have common or rare names.
const OWNER = 'police_a'
const groups: RegisterGroup[] = Array.from({ length: 6 }, (_, i) => ({
  id: `g${i}`,
  ref: `OCG-${i}`,
  name: i === 0 ? 'The Kelly Brothers' : `Group ${i} Syndicate Quorvane`,
  aliases: i === 0 ? ['Canal Crew'] : [],
  riskLevel: 'high',
  handling: 'Contact the SOC unit.',
  ownerOrgId: OWNER,
}))
const agentOffice = { lines: ['Suite 5', '20-22 Wenlock Road'], town: 'London', postcode: 'N1 7GU' }
const entities: RegisterEntity[] = [
  { id: 'p_common', groupId: 'g0', type: 'person', name: 'John Smith' },
  { id: 'p_common_dob', groupId: 'g1', type: 'person', name: 'David Jones', dateOfBirth: '1975-04-12' },
  { id: 'p_rare', groupId: 'g2', type: 'person', name: 'Thaddeus Quigglesworth' },
  {
    id: 'p_sole',
    groupId: 'g3',
    type: 'person',
    name: 'Aurelio Vantongeren',
    addresses: [{ lines: ['14 Brindle Close'], town: 'Leeds', postcode: 'LS6 2QT' }],
  },
  { id: 'p_sole_common', groupId: 'g4', type: 'person', name: 'James Brown' },
  // The same office, switchboard and unlisted mailbox domain in four groups.
  ...[1, 2, 3, 4].flatMap((i): RegisterEntity[] => [
    {
      id: `c_agent${i}`,
      groupId: `g${i}`,
      type: 'company',
      name: `Front ${['Alpha', 'Bravo', 'Charlie', 'Delta'][i - 1]} Trading Ltd`,
      addresses: [agentOffice],
    },
    { id: `t_switch${i}`, groupId: `g${i}`, type: 'phone', value: '020 7946 0000' },
    { id: `m_mailbox${i}`, groupId: `g${i}`, type: 'email', value: `crew${i}@quickpost-mail.example` },
  ]),
  { id: 't_own', groupId: 'g5', type: 'phone', value: '0161 496 0555' },
  { id: 'm_gmail', groupId: 'g5', type: 'email', value: 'boss.g5@gmail.com' },
  { id: 'a_own', groupId: 'g5', type: 'address', address: { lines: ['Flat 2', '9 Tannery Row'], town: 'Bolton', postcode: 'BL1 4PQ' } },
]
const register = compileRegister({ version: 1, groups, entities })
const scope = { allowedOwners: new Set([OWNER]) }

function screen(supplier: Supplier): { band: Band; features: string[]; details: string[] } {
  const result = screenSupplier(register, supplier, scope)
  const reasons = result.matches.flatMap((m) => m.reasons)
  return { band: result.band, features: reasons.map((r) => r.feature), details: reasons.map((r) => r.detail) }
}

const atLeastMedium = (band: Band): boolean => band === 'medium' || band === 'high'

t.test('a person matched on a common name alone is weak; a rare name or an agreeing date of birth is not', async (t) => {
  const cases: [string, Supplier, boolean][] = [
    ['common name, no date of birth on either side', { name: 'Acme Ltd', people: [{ name: 'John Smith' }] }, false],
    ['common name, supplier gives a date the register lacks', { name: 'Acme Ltd', people: [{ name: 'John Smith', dateOfBirth: '1980-01-02' }] }, false],
    ['common name, register date of birth, supplier none', { name: 'Acme Ltd', people: [{ name: 'David Jones' }] }, false],
    ['common name with the agreeing full date of birth', { name: 'Acme Ltd', people: [{ name: 'David Jones', dateOfBirth: '1975-04-12' }] }, true],
    ['rare name without a date of birth', { name: 'Acme Ltd', people: [{ name: 'Thaddeus Quigglesworth' }] }, true],
  ]
  for (const [label, supplier, flagged] of cases) {
    const out = screen(supplier)
    t.equal(atLeastMedium(out.band), flagged, `${label}: band ${out.band}`)
    t.not(out.band, 'none', `${label}: still shown to the officer`)
  }
  const common = screen({ name: 'Acme Ltd', people: [{ name: 'John Smith' }] })
  t.ok(
    common.details.some((d) => /^common name: about .* share it; nothing else confirms it$/.test(d)),
    'the reason says the name is common and nothing confirms it',
  )
  t.ok(
    screen({ name: 'Acme Ltd', people: [{ name: 'Thaddeus Quigglesworth' }] }).details.some((d) => d.startsWith('rare name')),
    'a rare name says so',
  )
})

t.test('a value many unrelated groups share is weak evidence, with a reason; an unshared one is not', async (t) => {
  const cases: [string, Supplier, boolean, RegExp | null][] = [
    [
      'formation agent office',
      { name: 'Zed Widgets Ltd', addresses: [{ lines: ['20-22 Wenlock Road'], postcode: 'N1 7GU' }] },
      false,
      /shared by 4 register entries in 4 groups: likely a formation agent/,
    ],
    ['switchboard number', { name: 'Zed Widgets Ltd', phones: ['+44 20 7946 0000'] }, false, /phone number is shared by 4 register entries in 4 groups/],
    [
      'unlisted mailbox provider',
      { name: 'Zed Widgets Ltd', emails: ['someone.else@quickpost-mail.example'] },
      false,
      /e-mail domain is shared by 4 register entries in 4 groups/,
    ],
    ['listed mailbox provider', { name: 'Zed Widgets Ltd', emails: ['another.person@gmail.com'] }, false, null],
    ['own phone of one group', { name: 'Zed Widgets Ltd', phones: ['0161 496 0555'] }, true, null],
    ['own premises of one group', { name: 'Zed Widgets Ltd', addresses: [{ lines: ['Flat 2, 9 Tannery Row'], postcode: 'BL1 4PQ' }] }, true, null],
    ['exact e-mail at a mailbox provider', { name: 'Zed Widgets Ltd', emails: ['Boss.G5@gmail.com'] }, true, null],
  ]
  for (const [label, supplier, flagged, reason] of cases) {
    const out = screen(supplier)
    t.equal(atLeastMedium(out.band), flagged, `${label}: band ${out.band}`)
    if (reason !== null)
      t.ok(
        out.details.some((d) => reason.test(d)),
        `${label}: the reason says how widely it is shared`,
      )
  }
  t.equal(
    screen({ name: 'Zed Widgets Ltd', emails: ['another.person@gmail.com'] }).band,
    'none',
    'a mailbox provider from the public list is not compared by domain',
  )
})

t.test('a weak match beside independent evidence for the same group still counts', async (t) => {
  const out = screen({ name: 'Zed Widgets Ltd', people: [{ name: 'John Smith' }], tradingNames: ['Canal Crew'] })
  t.ok(atLeastMedium(out.band))
  t.notOk(
    out.details.some((d) => d.endsWith('nothing else confirms it')),
    'the common name is confirmed by the group alias',
  )
})

t.test('group names and aliases are screened as names and attributed to the group', async (t) => {
  const cases: [string, Supplier, string][] = [
    ['group alias as a trading name', { name: 'Zed Widgets Ltd', tradingNames: ['Canal Crew Ltd'] }, 'supplier.tradingNames[0]'],
    ['group name as the supplier name', { name: 'Kelly Brothers Limited' }, 'supplier.name'],
  ]
  for (const [label, supplier, field] of cases) {
    const result = screenSupplier(register, supplier, scope)
    const match = result.matches.find((m) => m.entity.kind === 'group')
    t.ok(atLeastMedium(result.band), `${label}: band ${result.band}`)
    t.equal(match?.entity.id, 'g0', `${label}: the match names the group`)
    t.equal(match?.field, field)
    t.equal(match?.reasons[0]?.feature, 'group_name')
  }
})

t.test("a sole trader's own name is screened against the register's people", async (t) => {
  const cases: [string, Supplier, Band[]][] = [
    ['"Name t/a Trading Name", rare name', { name: 'Aurelio Vantongeren t/a Brindle Roofing' }, ['medium', 'high']],
    [
      '"trading as" with the person\'s address',
      { name: 'Aurelio Vantongeren trading as AV Roofing', addresses: [{ lines: ['14 Brindle Close'], postcode: 'LS6 2QT' }] },
      ['high'],
    ],
    ['common name trading alone', { name: 'James Brown T/A Brown Roofing' }, ['low']],
    ['company name with a legal form is not read as a person', { name: 'Vantongeren Holdings Ltd' }, ['none']],
  ]
  for (const [label, supplier, bands] of cases) {
    const result = screenSupplier(register, supplier, scope)
    t.ok(bands.includes(result.band), `${label}: band ${result.band}`)
  }
  const match = screenSupplier(register, { name: 'Aurelio Vantongeren t/a Brindle Roofing' }, scope).matches[0]
  t.equal(match?.entity.kind, 'person')
  t.equal(match?.field, 'supplier.name')
})
