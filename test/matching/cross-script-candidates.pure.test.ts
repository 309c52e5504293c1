import t from 'tap'
import { compileRegister, screenSupplier, type RegisterEntity } from '../../src/matching/index.js'
import { plainGroups, scope } from './register-fixtures.js'

// A register where "Kim" is far too common to find anyone by, and Korean names are in Hangul.
const groups = plainGroups(40)
const given = ['Seo-yeon', 'Ha-eun', 'Ji-woo', 'Do-yoon', 'Ye-jun', 'Si-woo', 'Ha-joon', 'Ji-ho', 'Eun-woo', 'Yu-na']
const entities: RegisterEntity[] = [
  ...Array.from({ length: 120 }, (_, i): RegisterEntity => ({
    id: `kim${i}`,
    groupId: `g${i % 40}`,
    type: 'person',
    name: `Kim ${given[i % 10]} ${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`,
  })),
  { id: 'minjun', groupId: 'g1', type: 'person', name: '김민준', dateOfBirth: '1960-11-02' },
  { id: 'woojin', groupId: 'g2', type: 'person', name: '정우진', dateOfBirth: '1953-07-19' },
]
const register = compileRegister({ version: 1, groups, entities })

function matchedIds(name: string, dateOfBirth: string): string[] {
  return screenSupplier(register, { name: 'Acme Ltd', people: [{ name, dateOfBirth }] }, scope)
    .matches.filter((m) => m.score >= 0.75)
    .map((m) => m.entity.id)
}

t.test('a Korean name written given name first, hyphenated, is found against its Hangul original', async (t) => {
  const cases: [string, string, string][] = [
    ['Min-jun Kim', '1960-11', 'minjun'],
    ['Minjun KIM', '1960-11', 'minjun'],
    ['Kim Min-joon', '1960-11', 'minjun'],
    ['Woo-jin Jung', '1953-07', 'woojin'],
    ['Jung Woojin', '1953-07', 'woojin'],
  ]
  for (const [name, dob, id] of cases) t.ok(matchedIds(name, dob).includes(id), `${name} finds ${id}`)
})

t.test('another Korean given name with the same surname is not the person (hard negatives)', async (t) => {
  const cases: [string, string, string][] = [
    ['Min-ji Kim', '1960-11', 'minjun'],
    ['Woo-sung Jung', '1953-07', 'woojin'],
  ]
  for (const [name, dob, id] of cases) t.notOk(matchedIds(name, dob).includes(id), `${name} does not find ${id}`)
})
