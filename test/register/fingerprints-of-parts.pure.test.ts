import t from 'tap'
import { FingerprintsOfParts } from '../../src/register/fingerprints-of-parts.js'

t.test("each part's fingerprints are found through the one view, as a merged map would give them", async (t) => {
  const gmp = new Map([
    ['e1', 'fp-a'],
    ['e2', 'fp-b'],
  ])
  const met = new Map([['e3', 'fp-c']])
  const view = new FingerprintsOfParts([gmp, met, new Map()])
  const merged = new Map([...gmp, ...met])
  t.equal(view.size, 3)
  for (const id of ['e1', 'e2', 'e3']) t.equal(view.get(id), merged.get(id), id)
  t.equal(view.get('e9'), undefined, 'an id of no part')
  t.ok(view.has('e3'))
  t.notOk(view.has('e9'))
  t.same([...view], [...merged], 'entries, part by part')
  t.same([...view.keys()], [...merged.keys()])
  t.same([...view.values()], [...merged.values()])
  const seen: string[] = []
  view.forEach((value, key, map) => {
    seen.push(`${key}=${value}`)
    t.equal(map, view)
  })
  t.same(seen, ['e1=fp-a', 'e2=fp-b', 'e3=fp-c'])
})

t.test('no parts: an empty view', async (t) => {
  const view = new FingerprintsOfParts([])
  t.equal(view.size, 0)
  t.same([...view], [])
  t.equal(view.get('e1'), undefined)
})
