import { once } from 'node:events'
import { setImmediate as nextTurn } from 'node:timers/promises'
import t, { type Test } from 'tap'
import { examplePaving, seedRegister } from '../helpers/screening-fixtures.js'
import { databaseKinds, startTestApp, type TestApp } from '../helpers/test-app.js'
import { generateWatchlistCsv } from '../helpers/watchlist-fixtures.js'

// Large enough that its compile takes many slices, with requests answered between them (register-compiler.ts).
const LARGE_UPLOAD_ROWS = 5_000

// The compile is held at its first turn until the screening has been answered, so that the order
// below does not depend on which of the two a busy machine happens to finish first.
function compileGate() {
  let held: Promise<void> | undefined
  let release = () => {}
  return {
    turn: () => held ?? nextTurn(),
    hold() {
      held = new Promise((resolve) => (release = resolve))
    },
    release: () => release(),
  }
}

for (const kind of databaseKinds) {
  t.test(`an upload compiles off the request path: screenings meanwhile are answered from the previous version [${kind}]`, async (t) => {
    const gate = compileGate()
    const ctx = await startTestApp(t, kind, {}, { compileTurn: gate.turn })
    await offTheRequestPath(t, ctx, gate)
  })
}

async function offTheRequestPath(t: Test, ctx: TestApp, gate: ReturnType<typeof compileGate>) {
  const { salfordScreener, gmp } = await seedRegister(ctx)
  const cache = ctx.app.registerCache
  const previous = cache.snapshot!.version
  const list = await gmp({ method: 'GET', url: '/v1/watchlists' })
  const id = list.json<{ items: { id: string }[] }>().items[0]!.id

  // The order of what happens, recorded as it happens: no timings.
  const order: string[] = []
  cache.events.on('compiling', (version) => order.push(`compiling ${version}`))
  cache.events.on('swapped', (snapshot) => order.push(`swapped ${snapshot.version}`))
  const compiling = once(cache.events, 'compiling')
  gate.hold()
  const uploading = gmp({
    method: 'PUT',
    url: `/v1/watchlists/${id}/content`,
    headers: { 'content-type': 'text/csv' },
    payload: generateWatchlistCsv({ seed: 11, entities: LARGE_UPLOAD_ROWS }),
  })
  const [compilingVersion] = (await compiling) as [number]
  t.equal(compilingVersion, previous + 1, 'the upload is stored and its register version is compiling')

  const during = await salfordScreener({ method: 'POST', url: '/v1/screenings', payload: examplePaving })
  order.push('screened')
  t.equal(during.statusCode, 201, during.body.slice(0, 300))
  t.match(during.json(), { registerVersion: previous, band: 'high' }, "answered from the previous version, which still holds GMP's group")
  t.equal(cache.snapshot!.version, previous, 'the previous version is still the live one')

  gate.release()
  const uploaded = await uploading
  t.equal(uploaded.statusCode, 201, uploaded.body.slice(0, 300))
  t.same(order, [`compiling ${previous + 1}`, 'screened', `swapped ${previous + 1}`], 'the screening was answered before the new version was swapped in')
  t.equal(cache.snapshot!.version, previous + 1, 'the new version is live when the upload is answered')
  t.equal(cache.snapshot!.compiled.size, LARGE_UPLOAD_ROWS + 1, "GMP's new list and the Met's one entity")

  const after = await salfordScreener({ method: 'POST', url: '/v1/screenings', payload: examplePaving })
  t.equal(after.statusCode, 201)
  t.match(after.json(), { registerVersion: previous + 1 }, 'later screenings use the new version')
  t.not(after.json<{ band: string }>().band, 'high', 'the replaced list no longer holds the group that matched')
}
