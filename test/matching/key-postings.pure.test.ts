// The compiled register's exact-key maps: a key's records in the order added, however few.
import t from 'tap'
import { KeyPostings } from '../../src/matching/index/key-postings.js'

t.test('a key gives back its records in order, one or many, and an unknown key nothing', async (t) => {
  const keys = new KeyPostings()
  keys.add('cn:01234567', 4)
  keys.add('pc:M5 4XJ', 1)
  keys.add('pc:M5 4XJ', 7)
  keys.add('pc:M5 4XJ', 9)
  t.same(keys.get('cn:01234567'), [4])
  t.same(keys.get('pc:M5 4XJ'), [1, 7, 9])
  t.equal(keys.get('tel:+441614960000'), undefined)
})

t.test('a record added again in a row is kept once (an entity listing one value twice)', async (t) => {
  const keys = new KeyPostings()
  keys.add('tel:+441614960000', 3)
  keys.add('tel:+441614960000', 3)
  t.same(keys.get('tel:+441614960000'), [3])
  keys.add('tel:+441614960000', 5)
  keys.add('tel:+441614960000', 5)
  t.same(keys.get('tel:+441614960000'), [3, 5])
})

t.test('entries give each key once, with its record or records', async (t) => {
  const keys = new KeyPostings()
  keys.add('a', 0)
  keys.add('b', 1)
  keys.add('b', 2)
  t.same(
    [...keys.entries()],
    [
      ['a', 0],
      ['b', [1, 2]],
    ],
  )
})
