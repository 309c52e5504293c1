// A part's entities as held between compiles: packed as text, unpacked as they were given.
import t from 'tap'
import type { RegisterEntity } from '../../src/matching/index.js'
import { PackedEntities } from '../../src/register/packed-entities.js'

const given: RegisterEntity[] = [
  {
    id: 'ent_1',
    groupId: 'grp_1',
    type: 'company',
    name: 'Müller Brüder Haulage Ltd',
    aliases: ['MB Haulage'],
    companyNumber: '01234567',
    addresses: [{ lines: ['Flat 2', '12 Mill Lane'], town: 'Wigan', postcode: 'WN1 1AA', country: 'GB' }],
  },
  { id: 'ent_2', groupId: 'grp_1', type: 'person', name: '王小明', dateOfBirth: '1971-03-04', addresses: [] },
  { id: 'ent_3', groupId: 'grp_2', type: 'address', address: { lines: ['Unit 4'], postcode: 'M5 4XJ', uprn: '100012345678' } },
  { id: 'ent_4', groupId: 'grp_2', type: 'phone', value: '+44 161 496 0000' },
]

t.test('entities come back equal and in order, as many times as they are read', async (t) => {
  const packed = new PackedEntities()
  for (const entity of given) packed.push(entity)
  t.equal(packed.length, 4)
  t.same([...packed], given)
  t.same([...packed], given, 'a second reading gives the same')
})

t.test('each reading makes new objects: a caller may change what it reads without changing the part', async (t) => {
  const packed = new PackedEntities()
  packed.push(given[3]!)
  const [first] = [...packed]
  ;(first as { value: string }).value = 'changed'
  t.same([...packed], [given[3]])
  t.not([...packed][0], given[3], 'not the object pushed')
})

t.test('thousands of entities, over several compressed chunks and an open one, come back equal and in order', async (t) => {
  const many: RegisterEntity[] = Array.from({ length: 2_500 }, (_, i) => ({
    ...(given[i % given.length] as RegisterEntity),
    id: `ent_${i}`,
    groupId: `grp_${Math.floor(i / 7)}`,
  }))
  const packed = new PackedEntities()
  for (const entity of many) packed.push(entity)
  t.equal(packed.length, 2_500)
  t.same([...packed], many)
})

t.test('an empty part reads as no entities', async (t) => {
  t.same([...new PackedEntities()], [])
  t.equal(new PackedEntities().length, 0)
})
