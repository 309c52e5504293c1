import { cleanSupplier, seedRegister } from '../helpers/screening-fixtures.js'
import type { Test } from 'tap'
import { onEachDatabase, type Inject } from '../helpers/test-app.js'

// Issue 12 point 1: every cursor, id and number a client sends is checked, and a bad one is a
// 400 problem+json naming the field, on both databases; never a 500 from the database.

const cursorOf = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url')
// `[1e400]` is not JSON.stringify-able (Infinity): the cursor is written as the attacker would.
const rawCursor = (json: string) => Buffer.from(json).toString('base64url')

async function expect400(t: Test, call: Inject, url: string, field: string, label: string): Promise<void> {
  const res = await call({ method: 'GET', url })
  t.equal(res.statusCode, 400, `${label}: 400 (${res.body.slice(0, 120)})`)
  t.match(res.headers['content-type'], /^application\/problem\+json/, `${label}: problem+json`)
  t.match(res.json(), { code: 'VALIDATION_FAILED', field }, `${label}: names ${field}`)
}

onEachDatabase('forged cursors, out-of-range numbers and unstorable dates are 400s naming the field', async (t, ctx) => {
  const { salfordScreener, gmp } = await seedRegister(ctx)
  const list = await gmp({ method: 'GET', url: '/v1/watchlists' })
  const watchlistId = list.json<{ items: { id: string }[] }>().items[0]!.id

  const screeningCursors: [string, string][] = [
    ['["x","y"] (the issue\'s WyJ4IiwieSJd)', 'WyJ4IiwieSJd'],
    ['[1e400,"y"]', rawCursor('[1e400,"y"]')],
    ['a year PGlite cannot store', cursorOf(['0000-01-01T00:00:00Z', 'scr_x'])],
    ['an id of another type', cursorOf(['2026-01-01T00:00:00Z', 7])],
    ['not base64 JSON', '%%%'],
  ]
  for (const [label, cursor] of screeningCursors) {
    await expect400(t, salfordScreener, `/v1/screenings?cursor=${encodeURIComponent(cursor)}`, 'cursor', `screenings cursor ${label}`)
  }
  const versionCursors: [string, string][] = [
    ['["x"]', cursorOf(['x'])],
    ['[1e400]', rawCursor('[1e400]')],
    ['[99999999999]', cursorOf([99999999999])],
    ['[1.5]', cursorOf([1.5])],
  ]
  for (const [label, cursor] of versionCursors) {
    await expect400(t, gmp, `/v1/watchlists/${watchlistId}/versions?cursor=${cursor}`, 'cursor', `versions cursor ${label}`)
    await expect400(t, gmp, `/v1/watchlists/${watchlistId}/hits?cursor=${cursor}`, 'cursor', `hits cursor ${label}`)
  }
  await expect400(t, ctx.as('platform', 'admin'), `/v1/organisations?cursor=${cursorOf([{ id: 1 }])}`, 'cursor', 'organisations cursor of an object')
  await expect400(t, gmp, `/v1/watchlists/${watchlistId}/content?version=2147483648`, 'version', 'content version past int')
  await expect400(t, gmp, `/v1/watchlists/${watchlistId}/content?version=1.5`, 'version', 'content version not whole')
  await expect400(t, salfordScreener, '/v1/screenings?from=0000-01-01T00:00:00Z', 'from', 'from in year 0')
  await expect400(t, salfordScreener, '/v1/screenings?to=%2B275760-09-13T00:00:00Z', 'to', 'to past year 9999')
  await expect400(t, ctx.as('platform', 'admin'), '/v1/audit?from=0000-01-01T00:00:00Z', 'from', 'audit from in year 0')
  await expect400(t, ctx.as('platform', 'admin'), '/v1/audit?afterSeq=99999999999999999999', 'afterSeq', 'audit afterSeq past 2^53')

  // The cursors the service issues still work.
  for (let i = 0; i < 3; i++) await salfordScreener({ method: 'POST', url: '/v1/screenings', payload: cleanSupplier })
  const first = await salfordScreener({ method: 'GET', url: '/v1/screenings?limit=2' })
  const next = first.json<{ nextCursor: string }>().nextCursor
  const second = await salfordScreener({ method: 'GET', url: `/v1/screenings?limit=2&cursor=${next}` })
  t.equal(second.statusCode, 200, 'an issued cursor is accepted')
  t.equal(second.json<{ items: unknown[] }>().items.length, 1)
})

onEachDatabase('a batch holding text no database can store is a 400 before any write, and a retry stores nothing', async (t, ctx) => {
  const { salfordScreener } = await seedRegister(ctx)
  const before = await salfordScreener({ method: 'GET', url: '/v1/screenings' })
  const count = () => before.json<{ items: unknown[] }>().items.length
  const payload = '{"items":[{"supplier":{"name":"Fine Supplies Ltd"}},{"supplier":{"name":"ok","x\\ud800":1}}]}'
  for (const attempt of ['first', 'retry']) {
    const res = await salfordScreener({
      method: 'POST',
      url: '/v1/screenings/batch',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'lone-surrogate-batch' },
      payload,
    })
    t.equal(res.statusCode, 400, `${attempt}: 400, not 500 (${res.body.slice(0, 200)})`)
    t.match(res.json(), { code: 'VALIDATION_FAILED', field: 'items[1].supplier', errors: [{ code: 'unstorable_text' }] }, `${attempt}: the place is named`)
  }
  const after = await salfordScreener({ method: 'GET', url: '/v1/screenings' })
  t.equal(after.json<{ items: unknown[] }>().items.length, count(), 'nothing was stored')
  const valueToo = await salfordScreener({
    method: 'POST',
    url: '/v1/screenings',
    headers: { 'content-type': 'application/json' },
    payload: '{"supplier":{"name":"ok\\udc00"}}',
  })
  t.equal(valueToo.statusCode, 400, 'a lone surrogate in a value is refused too')
  t.match(valueToo.json(), { field: 'supplier.name' })
  const fresh = await salfordScreener({
    method: 'POST',
    url: '/v1/screenings/batch',
    headers: { 'idempotency-key': 'lone-surrogate-batch-2' },
    payload: { items: [{ supplier: { name: 'Fine Supplies Ltd' } }, { supplier: { name: 'ok', extra: 1 } }] },
  })
  t.equal(fresh.statusCode, 200, 'a batch with an ordinary invalid item is still answered item by item, and stored')
})
