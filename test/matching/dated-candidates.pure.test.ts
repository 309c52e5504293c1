import t from 'tap'
import { compileRegister, screenSupplier, type Band, type RegisterEntity } from '../../src/matching/index.js'
import { plainGroups, scope } from './register-fixtures.js'

// More register people share a name than the name index returns for scoring: the one whose date
// of birth agrees must still be found, written in either script, and a namesake whose date does
// not agree must not be flagged for it.
const flagged = (band: Band): boolean => band === 'medium' || band === 'high'
const namesakes: RegisterEntity[] = Array.from({ length: 16 }, (_, i) => ({
  id: `n${i}`,
  groupId: `g${i}`,
  type: 'person',
  name: i % 2 === 0 ? '임수정' : 'Lim Su-jeong',
  dateOfBirth: `${1950 + i}-0${1 + (i % 9)}-1${i % 10}`,
}))
const register = compileRegister({
  version: 1,
  groups: plainGroups(18),
  entities: [
    ...namesakes,
    { id: 'target', groupId: 'g16', type: 'person', name: '임수정', dateOfBirth: '1990-03-16' },
    { id: 'target2', groupId: 'g17', type: 'person', name: 'Lim Su-jeong', dateOfBirth: '1991-07-02' },
  ],
})

t.test('the namesake whose date agrees is found among many', async (t) => {
  const cases: [string, string, string][] = [
    ['Su-jeong Lim', '1990-03', 'g16'],
    ['Lim Su-jeong', '1990-03', 'g16'],
    ['임수정', '1991-07', 'g17'],
  ]
  for (const [name, dateOfBirth, group] of cases) {
    const result = screenSupplier(register, { name: 'Acme Ltd', people: [{ name, dateOfBirth, role: 'Director' }] }, scope)
    t.ok(flagged(result.band) && result.matches.some((m) => m.groupId === group), `${name} ${dateOfBirth}: band ${result.band}`)
  }
})

t.test('a date no namesake has flags nobody', async (t) => {
  const result = screenSupplier(register, { name: 'Acme Ltd', people: [{ name: 'Su-jeong Lim', dateOfBirth: '1949-12', role: 'Director' }] }, scope)
  t.notOk(flagged(result.band), `band ${result.band}`)
})
