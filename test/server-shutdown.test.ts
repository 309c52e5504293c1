import t from 'tap'
import { cleanSupplier, examplePaving, seedRegister } from './helpers/screening-fixtures.js'
import { startTestApp } from './helpers/test-app.js'

t.test('closing finishes in-flight requests before the database closes', async (t) => {
  const ctx = await startTestApp(t, 'pglite')
  await seedRegister(ctx)
  const address = await ctx.app.listen({ port: 0, host: '127.0.0.1' })
  const token = ctx.token({ sub: 'x', org: 'salford', roles: ['screener'] })
  const send = (body: object) =>
    fetch(`${address}/v1/screenings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then(
      (r) => r.status,
      () => 'refused',
    )
  const inFlight = Array.from({ length: 30 }, (_, i) => send(i % 2 ? examplePaving : cleanSupplier))
  // Once one has been answered the rest are arriving or queued behind it: close in the middle of them.
  await Promise.race(inFlight)
  const closing = ctx.app.close()
  const statuses = await Promise.all(inFlight)
  await closing
  t.ok(
    statuses.every((s) => s === 201 || s === 503 || s === 'refused'),
    `no request failed mid-way: ${[...new Set(statuses)].join(', ')}`,
  )
  t.ok(statuses.includes(201), 'requests already in flight completed')
  t.notOk(
    ctx.logs().some((l) => l.level === 50),
    'nothing was logged as an error',
  )
})
