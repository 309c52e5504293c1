import t from 'tap'
import { compileRegister, screenSupplier, type Band, type RegisterEntity, type Supplier } from '../../src/matching/index.js'
import { plainGroups, scope } from './register-fixtures.js'

// A register large enough (over minNamesForIdf people) for its own name counts to speak: 60
// people of one family name spread over many groups, 60 of one given name, and 340 others with
// made-up names.
const groups = plainGroups(80)
const syllables = ['vor', 'tal', 'qui', 'bren', 'zom', 'lek', 'dru', 'fas', 'nim', 'pox', 'gar', 'hul']
const madeUp = (i: number): string => {
  const a = syllables[i % 12] as string
  const b = syllables[Math.floor(i / 12) % 12] as string
  const c = syllables[Math.floor(i / 144) % 12] as string
  return `${a}${b}${c}`.replace(/^./, (x) => x.toUpperCase())
}
const entities: RegisterEntity[] = [
  ...Array.from({ length: 60 }, (_, i): RegisterEntity => ({ id: `fam${i}`, groupId: `g${i % 80}`, type: 'person', name: `${madeUp(i + 400)} Dravnik` })),
  ...Array.from({ length: 60 }, (_, i): RegisterEntity => ({ id: `tol${i}`, groupId: `g${i % 80}`, type: 'person', name: `Tolvar ${madeUp(i + 1100)}` })),
  ...Array.from({ length: 340 }, (_, i): RegisterEntity => ({ id: `p${i}`, groupId: `g${i % 80}`, type: 'person', name: `${madeUp(i)} ${madeUp(i + 700)}` })),
  { id: 'rare', groupId: 'g1', type: 'person', name: 'Madison Harrington' },
  { id: 'family', groupId: 'g2', type: 'person', name: 'Peter Dravnik' },
  { id: 'surname', groupId: 'g4', type: 'person', name: 'Brenna Tolvar' },
  { id: 'korean', groupId: 'g3', type: 'person', name: '김민준' },
]
const register = compileRegister({ version: 1, groups, entities })
const flagged = (band: Band): boolean => band === 'medium' || band === 'high'

t.test('namesakes: the matched person is no evidence that a name is common; a misspelling is', async (t) => {
  const cases: [string, Supplier, boolean][] = [
    ['an uncommon name written exactly, no date of birth', { name: 'Acme Ltd', people: [{ name: 'Madison Harrington' }] }, true],
    ['the same name misspelt in both parts: many people are that close to it', { name: 'Acme Ltd', people: [{ name: 'Madisson Harington' }] }, false],
    ['a family name 60 other register people bear, with a common given name', { name: 'Acme Ltd', people: [{ name: 'Peter Dravnik' }] }, false],
    ['the same person with the agreeing year and month of birth', { name: 'Acme Ltd', people: [{ name: 'Peter Dravnik', dateOfBirth: '1980-01' }] }, false],
    [
      'a surname that 60 other register people bear only as a given name: counts are kept by position',
      { name: 'Acme Ltd', people: [{ name: 'Brenna Tolvar' }] },
      true,
    ],
    [
      'a Korean name against its romanisation (spellings differ by system, not by mistake), no date of birth',
      { name: 'Acme Ltd', people: [{ name: 'Kim Min-jun' }] },
      true,
    ],
  ]
  for (const [label, supplier, expected] of cases) {
    const result = screenSupplier(register, supplier, scope)
    t.equal(flagged(result.band), expected, `${label}: band ${result.band}`)
    t.not(result.band, 'none', `${label}: still shown to the officer`)
  }
  const typo = screenSupplier(register, { name: 'Acme Ltd', people: [{ name: 'Madisson Harington' }] }, scope)
  t.match(typo.matches[0]?.reasons.find((r) => r.feature === 'name_frequency')?.detail, /^common name/, 'the misspelt name is called common')
})
