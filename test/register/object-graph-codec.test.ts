// The compiled register crosses from its worker as an encoded graph: what comes back must be the
// same graph, shared objects shared, class instances of their class, however it was cut up.
import t from 'tap'
import { encodeGraph, GraphDecoder, prototypesIn } from '../../src/register/object-graph-codec.js'

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}

async function roundTrip(root: object, prototypes: readonly object[] = [], chunkSlots?: number): Promise<unknown> {
  const decoder = new GraphDecoder(prototypes)
  for (const chunk of encodeGraph(root, prototypes, chunkSlots)) await decoder.apply(chunk, 1, async () => undefined)
  return decoder.root
}

t.test('a plain object with more keys than one fill piece keeps every key (pieces fill from their own offset)', async (t) => {
  const wide: Record<string, number> = {}
  for (let i = 0; i < 50_000; i++) wide[`k${i}`] = i
  const back = (await roundTrip({ wide })) as { wide: Record<string, number> }
  t.equal(Object.keys(back.wide).length, 50_000)
  t.equal(back.wide.k0, 0)
  t.equal(back.wide.k20000, 20_000)
  t.equal(back.wide.k49999, 49_999)
  t.same(back, { wide })
})

t.test('maps, sets, typed arrays, shared objects and class instances survive, across small chunks', async (t) => {
  const shared = new Point(1, 2)
  const root = {
    map: new Map<string, unknown>([
      ['a', shared],
      ['b', [shared, 3]],
    ]),
    set: new Set(['x', 'y']),
    codes: Int32Array.from([1, 2, 3]),
    list: Array.from({ length: 1000 }, (_, i) => ({ i, point: shared })),
  }
  const prototypes = prototypesIn({ p: new Point(0, 0) })
  const back = (await roundTrip(root, prototypes, 64)) as typeof root
  t.ok(back.map.get('a') instanceof Point, 'a class instance comes back as one')
  t.equal(back.map.get('a'), back.list[999]!.point, 'a shared object stays one object')
  t.same([...back.set], ['x', 'y'])
  t.same([...back.codes], [1, 2, 3])
  t.equal(back.list.length, 1000)
})

t.test('a string repeated across chunks (sent once, then by number) comes back in every place, as keys and values', async (t) => {
  const words = ['smith', 'services', 'ltd', '', 'M5 4XJ']
  const root = {
    list: Array.from({ length: 5_000 }, (_, i) => words[i % words.length]),
    byWord: new Map(words.map((w, i) => [w, { word: w, also: [w, i, w] }])),
    set: new Set(words),
    mixed: ['smith', 1, null, true, 'smith', undefined, 'ltd'],
  }
  t.same(await roundTrip(root, [], 100), root)
})
