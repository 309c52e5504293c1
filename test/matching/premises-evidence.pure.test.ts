import t from 'tap'
import { compileRegister, screenSupplier, type Band, type RegisterEntity, type RegisterGroup, type RiskLevel, type Supplier } from '../../src/matching/index.js'

// Groups of each risk level with premises of their own, and an accountant's office five groups use.
const OWNER = 'police_a'
const levels: RiskLevel[] = ['low', 'medium', 'high', 'low', 'low']
const groups: RegisterGroup[] = levels.map((riskLevel, i) => ({
  id: `g${i}`,
  ref: `OCG-${i}`,
  name: `Group ${i}`,
  aliases: [],
  riskLevel,
  handling: 'Contact the SOC unit.',
  ownerOrgId: OWNER,
}))
const office = { lines: ['Suite 5', '20-22 Wenlock Road'], town: 'London', postcode: 'N1 7GU' }
const entities: RegisterEntity[] = [
  { id: 'a_low', groupId: 'g0', type: 'address', address: { lines: ['Flat 2', '9 Tannery Row'], town: 'Bolton', postcode: 'BL1 4PQ' } },
  { id: 'a_medium', groupId: 'g1', type: 'address', address: { lines: ['14 Brindle Close'], town: 'Leeds', postcode: 'LS6 2QT' } },
  { id: 'a_glasgow', groupId: 'g3', type: 'address', address: { lines: ['Flat 1/2', '45 Hyndland Road'], town: 'Glasgow', postcode: 'G12 9UX' } },
  ...groups.map((g, i): RegisterEntity => ({ id: `c_office${i}`, groupId: g.id, type: 'company', name: `Front ${i} Holdings Ltd`, addresses: [office] })),
]
const register = compileRegister({ version: 1, groups, entities })
const scope = { allowedOwners: new Set([OWNER]) }

t.test("a group's own premises alone reach medium whatever the group's risk level; a shared office stays low", async (t) => {
  const cases: [string, Supplier, Band[]][] = [
    [
      'own premises of a low-risk group, flat on its own line',
      { name: 'Zed Widgets Ltd', addresses: [{ lines: ['9 Tannery Row', 'Flat 2'], postcode: 'bl14pq' }] },
      ['medium'],
    ],
    [
      'own premises of a medium-risk group',
      { name: 'Zed Widgets Ltd', addresses: [{ lines: ['14 Brindle Cl'], town: 'Leeds', postcode: 'LS6 2QT' }] },
      ['medium'],
    ],
    [
      'Glasgow tenement position against the register flat',
      { name: 'Zed Widgets Ltd', addresses: [{ lines: ['45 Hyndland Rd, 1/2'], postcode: 'G12 9UX' }] },
      ['medium'],
    ],
    ['an office five groups use', { name: 'Zed Widgets Ltd', addresses: [{ lines: ['20-22 Wenlock Road'], postcode: 'N1 7GU' }] }, ['low']],
    ['the same street, another number', { name: 'Zed Widgets Ltd', addresses: [{ lines: ['11 Tannery Row'], postcode: 'BL1 4PQ' }] }, ['none', 'low']],
  ]
  for (const [label, supplier, bands] of cases) {
    const result = screenSupplier(register, supplier, scope)
    t.ok(bands.includes(result.band), `${label}: band ${result.band} (${result.riskScore})`)
  }
})
