// The console at /console, driven end to end in Debian's Chromium (`/usr/bin/chromium`, apt
// package `chromium`; `.ci/run` installs it) with playwright-core, against the real app over
// PGlite, seeded through the API. Run by `npm run test:browser`, not by `npm test`: a developer
// machine may have no Chromium. Each main view is checked with axe-core (no serious or critical
// violation), under the service's own content security policy, and screenshotted to
// test/browser/screenshots/ (ignored by git); with UPDATE_README_SCREENSHOT=1 the officer's
// screening view is also copied to docs/console.png, the README's picture.
import { copyFile, mkdir, readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import t, { type Test } from 'tap'
import { chromium, type Browser, type Locator, type Page } from 'playwright-core'
import { cleanSupplier, examplePaving, gmpWatchlist, seedRegister } from '../helpers/screening-fixtures.js'
import { startTestApp, type TestApp } from '../helpers/test-app.js'
import { waitFor } from '../helpers/wait-for.js'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const AXE_PATH = fileURLToPath(import.meta.resolve('axe-core/axe.min.js'))
const SCREENSHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url))
const README_SCREENSHOT = fileURLToPath(new URL('../../docs/console.png', import.meta.url))

// A supplier screened while clean, whose director a force then adds to a group: an alert.
const marshDirector = { type: 'person', name: 'Kevin Marsh', dateOfBirth: '1975-05-02', role: 'associate' }
const marsh = {
  reference: 'BID-MARSH',
  supplier: { name: 'Marsh Groundworks Ltd', people: [{ name: 'Kevin Marsh', dateOfBirth: '1975-05-02', role: 'director' }] },
}
const skipHire = { reference: 'TENDER-2026-0415/BID-3', supplier: { name: 'Rapid Skip Hire Ltd', companyNumber: 'SC123456' } }

/** Salford's screenings (one high, one medium, two clean) and an alert; GMP's list has two versions. */
async function seedConsoleWorld(ctx: TestApp) {
  const world = await seedRegister(ctx)
  for (const payload of [marsh, cleanSupplier, skipHire, examplePaving]) {
    const res = await world.salfordScreener({ method: 'POST', url: '/v1/screenings', payload })
    if (res.statusCode !== 201) throw new Error(`seed screening failed: ${res.body}`)
  }
  const lists = await world.gmp({ method: 'GET', url: '/v1/watchlists' })
  const watchlistId = lists.json<{ items: { id: string }[] }>().items[0]!.id
  const content = { groups: gmpWatchlist.groups.map((g, i) => (i === 0 ? { ...g, entities: [...g.entities, marshDirector] } : g)) }
  const upload = await world.gmp({ method: 'PUT', url: `/v1/watchlists/${watchlistId}/content`, payload: content })
  if (upload.statusCode !== 201) throw new Error(`seed upload failed: ${upload.body}`)
  const alerts = await waitFor(async () => {
    const page = (await world.salfordOfficer({ method: 'GET', url: '/v1/alerts' })).json<{ items: unknown[] }>()
    return page.items.length ? page.items : undefined
  })
  if (!alerts) throw new Error('no alert raised')
  return {
    officer: ctx.token({ sub: 'officer-asha', org: 'salford', roles: ['officer'] }),
    police: ctx.token({ sub: 'analyst-gmp', org: 'gmp', roles: ['police'] }),
  }
}

interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: string[]
}

let axeSource: Promise<string> | undefined

const RUN_AXE = `axe.run(document, { resultTypes: ['violations'] }).then((result) =>
  result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) })))`

/** Runs axe-core on the page as it stands; fails on a serious or critical violation, notes the rest. */
async function checkAccessibility(t: Test, page: Page, view: string): Promise<void> {
  // Evaluated through DevTools rather than added as a <script> element (page.addScriptTag): the
  // page's own content security policy (script-src 'self') refuses inline scripts, as it should,
  // and the test keeps that policy on rather than bypassing it.
  axeSource ??= readFile(AXE_PATH, 'utf8')
  await page.evaluate(`${await axeSource}\n;void 0`)
  // In the page, as text: the tests are type-checked without the DOM's types.
  const violations = await page.evaluate<AxeViolation[]>(RUN_AXE)
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  t.same(serious, [], `${view}: axe-core finds no serious or critical violation`)
  for (const v of violations) t.comment(`axe (${view}): ${v.impact ?? 'minor'} ${v.id}: ${v.help} at ${v.nodes.join(', ')}`)
  if (!violations.length) t.comment(`axe (${view}): no violation at all`)
}

async function screenshot(page: Page, name: string): Promise<string> {
  const path = `${SCREENSHOTS}${name}.png`
  await page.screenshot({ path, fullPage: true })
  return path
}

/** A fresh tab of its own (its own sessionStorage), failing the test on a script error or a CSP violation. */
async function openConsole(t: Test, browser: Browser, base: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
  t.teardown(() => context.close())
  const page = await context.newPage()
  page.on('pageerror', (error) => t.fail(`script error in the page: ${error.message}`))
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) t.fail(`CSP violation: ${message.text()}`)
  })
  await page.goto(`${base}/console`)
  return page
}

async function signIn(page: Page, token: string, purpose = ''): Promise<void> {
  await page.getByLabel('Access token').fill(token)
  if (purpose) await page.getByLabel('Purpose of access (optional)').fill(purpose)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

/** Presses Tab until the focused element satisfies `check`; false after `limit` presses. */
async function tabTo(page: Page, check: (focused: Locator) => Promise<boolean>, limit = 60): Promise<boolean> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab')
    if (await check(page.locator(':focus'))) return true
  }
  return false
}

t.test('the console: officer and police views in Chromium, keyboard paths, axe-core', async (t) => {
  await mkdir(SCREENSHOTS, { recursive: true })
  const ctx = await startTestApp(t, 'pglite')
  const tokens = await seedConsoleWorld(ctx)
  await ctx.app.listen({ port: 0, host: '127.0.0.1' })
  const address = ctx.app.server.address()
  if (!address || typeof address === 'string') throw new Error('no address')
  const base = `http://127.0.0.1:${address.port}`
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] })
  t.teardown(() => browser.close())

  await t.test('the page is served under the CSP with no inline script or style', async (t) => {
    const res = await fetch(`${base}/console/`)
    t.equal(res.status, 200)
    t.match(res.headers.get('content-security-policy'), /script-src 'self'/)
    const html = await res.text()
    t.notMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/i, 'no inline script')
    t.notMatch(html, /<style|style=/i, 'no inline style')
    const redirect = await fetch(`${base}/console`, { redirect: 'manual' })
    t.equal(redirect.status, 301)
    t.equal(redirect.headers.get('location'), '/console/')
  })

  await t.test('officer', async (t) => {
    const page = await openConsole(t, browser, base)
    await page.getByRole('heading', { name: 'Sign in' }).waitFor()
    await checkAccessibility(t, page, 'sign-in')
    await screenshot(page, 'sign-in')

    // Keyboard only: from the page's heading, Tab to the token, type, Tab to the purpose, Enter.
    t.ok(await tabTo(page, async (focused) => (await focused.getAttribute('name')) === 'token'), 'Tab reaches the token field')
    await page.keyboard.type(tokens.officer)
    await page.keyboard.press('Tab')
    t.equal(await page.locator(':focus').getAttribute('name'), 'purpose', 'then the purpose field')
    await page.keyboard.type('Due diligence on TENDER-2026-0412')
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { name: 'Screenings', level: 1 }).waitFor()
    t.match(await page.locator('#session').textContent(), /officer-asha \(officer\) of salford/, 'says who is signed in')
    t.equal(
      await page.evaluate<boolean>("sessionStorage.getItem('bidscreen.console.token') !== null && localStorage.length === 0"),
      true,
      'the token is in sessionStorage only',
    )
    const table = page.getByRole('table', { name: /Screenings, newest first/ })
    await table.waitFor()
    t.equal(await table.locator('tbody tr').count(), 4, 'all four screenings listed')
    await checkAccessibility(t, page, 'screenings')
    await screenshot(page, 'officer-screenings')

    await page.getByLabel('Band').selectOption('high')
    await page.getByRole('button', { name: 'Apply filters' }).click()
    await page
      .getByRole('status')
      .filter({ hasText: /^\d screenings? shown/ })
      .waitFor()
    const bands = await table.locator('tbody tr td:nth-child(3)').allTextContents()
    t.ok(bands.length > 0 && bands.length < 4 && bands.every((b) => b === 'high'), `filtered by band: high ones only (${bands.join(', ')})`)
    t.ok((await table.locator('tbody tr th').allTextContents()).includes('Northern Paving Solutions Ltd'), 'the linked supplier among them')

    // Keyboard only: Tab to the screening's link, Enter.
    t.ok(await tabTo(page, async (focused) => (await focused.textContent()) === 'Northern Paving Solutions Ltd'), 'Tab reaches the screening')
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { name: 'Screening: Northern Paving Solutions Ltd', level: 1 }).waitFor()
    t.equal(await page.locator('h1:focus').count(), 1, 'focus moves to the new heading')

    const person = page.locator('article.match').filter({ has: page.locator('code', { hasText: 'supplier.people[0]' }) })
    t.equal(await person.count(), 1, 'the director matched')
    const personText = (await person.textContent()) ?? ''
    t.match(personText, /Connected person 1\s*supplier\.people\[0\]/, 'the submitted field')
    t.match(personText, "Daniel James O'Connor · born 1981-03 · director · GB", 'the submitted value')
    t.match(personText, "person: Danny O'Connor", 'beside the register entry')
    t.match(personText, 'GMP-OCG-0117', "the group's reference")
    t.match(personText, 'Greater Manchester Police', 'its force')
    t.match(await person.locator('.handling').textContent(), "Do not award; contact the force's SOC unit quoting the reference.", 'its handling instruction')
    const reasons = person.getByRole('table', { name: /^Why match \d+ counts$/ })
    const headers = await reasons.locator('thead th').allTextContents()
    t.same(headers, ['Feature', 'Submitted value', 'Register value', 'Why it counts', 'Score'])
    t.ok((await reasons.locator('tbody tr').count()) >= 1, 'a reason per feature')
    t.notMatch(await page.content(), 'Informant reports', 'never intelligence notes')
    await checkAccessibility(t, page, 'screening detail')
    // The README's picture: the header, the screening's summary and its first match in full.
    await page.setViewportSize({ width: 1280, height: 1500 })
    await page.screenshot({ path: `${SCREENSHOTS}officer-screening.png` })
    await page.setViewportSize({ width: 1280, height: 900 })
    // Only when asked: the picture differs each run (ids, times), and a test run should leave the tree clean.
    if (process.env.UPDATE_README_SCREENSHOT === '1') await copyFile(`${SCREENSHOTS}officer-screening.png`, README_SCREENSHOT)
    await screenshot(page, 'officer-screening-full')

    await page.getByLabel(/Referred/).check()
    await page.getByLabel('Note').fill('Director matches GMP-OCG-0117; referred to the SOC unit.')
    await page.getByRole('button', { name: 'Record decision' }).click()
    await page.getByRole('status').filter({ hasText: 'Decision recorded: referred.' }).waitFor()
    const history = page.getByRole('table', { name: /Decision history/ })
    t.match(await history.textContent(), /referred.*Director matches GMP-OCG-0117; referred to the SOC unit\..*officer-asha/, 'the decision is in the history')
    await screenshot(page, 'officer-decision')

    await page.getByRole('link', { name: 'Alerts' }).click()
    const alerts = page.getByRole('table', { name: /Alerts, newest first/ })
    await alerts.waitFor()
    const row = alerts.locator('tbody tr').filter({ hasText: 'Marsh Groundworks Ltd' })
    t.match(await row.textContent(), /open/, 'the alert is open')
    await checkAccessibility(t, page, 'alerts')
    await row.getByRole('button', { name: /Acknowledge/ }).click()
    await page.getByRole('status').filter({ hasText: 'acknowledged' }).waitFor()
    t.match(await row.textContent(), /acknowledged/, 'and now acknowledged')
    t.equal(await row.getByRole('button').count(), 0, 'no second acknowledgement')
    await screenshot(page, 'officer-alerts')

    await row.getByRole('link', { name: 'Marsh Groundworks Ltd' }).click()
    await page.getByRole('heading', { name: 'Alert: Marsh Groundworks Ltd', level: 1 }).waitFor()
    const after = page.getByRole('region', { name: 'Matches after the register change' })
    t.match(await after.textContent(), /Kevin Marsh/, 'the new match')
    t.match(await after.locator('.badge-new').first().textContent(), 'new', 'marked new')
    t.match(
      await page.getByRole('region', { name: 'Matches of the earlier screening' }).textContent(),
      'The earlier screening had no match.',
      'beside the earlier screening’s',
    )
    await checkAccessibility(t, page, 'alert detail')
    await screenshot(page, 'officer-alert')

    await page.getByRole('link', { name: 'Register search' }).click()
    await page.getByLabel('Name or identifier').fill('Canal Stret crew')
    await page.getByRole('button', { name: 'Search' }).click()
    const found = page.getByRole('table', { name: /Register entries found/ })
    await found.waitFor()
    const first = found.locator('tbody tr').first()
    t.match(await first.textContent(), /O'Connor family.*alias: Canal Street crew.*GMP-OCG-0117/, 'the group by its alias, with a typo')
    t.ok((await first.locator('.reasons li').count()) >= 1, 'with its reasons')
    await checkAccessibility(t, page, 'register search')
    await screenshot(page, 'officer-register-search')

    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.getByRole('heading', { name: 'Sign in' }).waitFor()
    t.equal(await page.evaluate<number>('sessionStorage.length'), 0, 'signing out forgets the token')
  })

  await t.test('police', async (t) => {
    const page = await openConsole(t, browser, base)
    await signIn(page, tokens.police)
    await page.getByRole('heading', { name: 'Watchlists', level: 1 }).waitFor()
    const lists = page.getByRole('table', { name: /watchlists/ })
    await lists.waitFor()
    t.match(await lists.textContent(), /gmp groups/, "the force's watchlist")
    t.equal(await page.getByRole('link', { name: 'Screenings' }).count(), 0, 'no authority views')
    await checkAccessibility(t, page, 'watchlists')
    await screenshot(page, 'police-watchlists')

    await page.getByRole('link', { name: 'gmp groups' }).click()
    await page.getByRole('heading', { name: 'Watchlist: gmp groups', level: 1 }).waitFor()
    const versions = page.getByRole('table', { name: /Versions/ })
    await versions.waitFor()
    t.same(await versions.locator('tbody th').allTextContents(), ['2', '1'], 'both versions, newest first')
    const hits = page.getByRole('table', { name: /matched this list/ })
    t.match(await hits.textContent(), /Salford City Council.*GMP-OCG-0117/, "hits on the force's groups")

    const badCsv = [
      'group_ref,group_name,group_risk_level,group_handling,entity_type,name,date_of_birth',
      'GMP-OCG-0900,Bad group,extreme,Refer,person,Someone,1980-01-01',
      'GMP-OCG-0901,Other group,high,Refer,person,Someone Else,1980-13-45',
    ].join('\n')
    await page.getByLabel('Content file (JSON or CSV)').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(badCsv) })
    await page.getByRole('button', { name: 'Upload' }).click()
    await page.getByRole('heading', { name: /The upload was refused: 2 errors/ }).waitFor()
    const errors = page.getByRole('table', { name: 'Errors in the upload, by row' })
    const rows = await errors.locator('tbody tr').allTextContents()
    t.match(rows[0], /^2.*group_risk_level.*INVALID_RISK_LEVEL/, 'row 2: the risk level')
    t.match(rows[1], /^3.*date_of_birth.*INVALID_DATE_OF_BIRTH/, 'row 3: the date of birth')
    t.same(await versions.locator('tbody th').allTextContents(), ['2', '1'], 'nothing changed')
    await checkAccessibility(t, page, 'watchlist with upload errors')
    await screenshot(page, 'police-upload-errors')
  })
})
