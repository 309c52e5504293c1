import t from 'tap'
import { runDemo } from '../src/demo/run-demo.js'
import { testConfig } from './helpers/test-app.js'

t.test('the demo fills a fresh embedded database through the API: hits, clean suppliers, an alert, working tokens', async (t) => {
  const demo = await runDemo(testConfig({ PORT: '0' }))
  t.teardown(() => demo.app.close())
  const bands = demo.screenings.map((s) => s.band)
  t.equal(bands.length, 6)
  t.ok(bands.filter((b) => b !== 'none').length >= 2, `some hits (${bands.join(', ')})`)
  t.ok(bands.filter((b) => b === 'none').length >= 3, 'some clean suppliers')
  const get = (path: string, token: string) => fetch(`${demo.url}${path}`, { headers: { authorization: `Bearer ${token}` } })
  const alerts = await get('/v1/alerts', demo.tokens.officer)
  t.equal(alerts.status, 200, 'the officer token works over HTTP')
  t.match(await alerts.json(), { items: [{ id: demo.alertId, status: 'open', screening: { reference: 'TENDER-0415/BID-04' } }] })
  t.equal((await get('/v1/watchlists', demo.tokens.police)).status, 200, 'the police token works')
})
