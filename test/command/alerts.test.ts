import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { gmpWatchlist, seedRegister } from '../helpers/screening-fixtures.js'
import { databaseKinds } from '../helpers/test-app.js'
import { waitFor } from '../helpers/wait-for.js'
import { bidscreen, listeningApp, scratchDirectory, tableRows } from './run-bidscreen.js'

const members = [
  { type: 'person', name: 'Kevin Marsh', dateOfBirth: '1975-05-02', role: 'associate' },
  { type: 'person', name: 'Oliver Brannigan', dateOfBirth: '1969-11-23', role: 'associate' },
]
const suppliers = [
  { reference: 'BID-MARSH', supplier: { name: 'Marsh Groundworks Ltd', people: [{ name: 'Kevin Marsh', dateOfBirth: '1975-05-02', role: 'director' }] } },
  {
    reference: 'BID-BRANNIGAN',
    supplier: { name: 'Brannigan Civils Ltd', people: [{ name: 'Oliver Brannigan', dateOfBirth: '1969-11-23', role: 'director' }] },
  },
]

for (const kind of databaseKinds) {
  t.test(`alerts lists the authority's alerts as a table and ack acknowledges one [${kind}]`, async (t) => {
    const { ctx, url } = await listeningApp(t, kind)
    await seedRegister(ctx)
    const dir = await scratchDirectory(t)
    const as = (org: string, role: 'screener' | 'officer' | 'police') => ['--url', url, '--token', ctx.token({ sub: `${org}-${role}`, org, roles: [role] })]

    // Salford screens two suppliers while they are clean; then GMP adds both their directors.
    const input = join(dir, 'suppliers.jsonl')
    await writeFile(input, suppliers.map((s) => JSON.stringify(s)).join('\n'))
    t.equal((await bidscreen(['screen', input, '--out', join(dir, 'results.csv'), ...as('salford', 'screener')])).code, 0)
    const watchlistId = (await ctx.as('gmp', 'police')({ method: 'GET', url: '/v1/watchlists' })).json<{ items: { id: string }[] }>().items[0]!.id
    const content = join(dir, 'gmp.json')
    await writeFile(content, JSON.stringify({ groups: gmpWatchlist.groups.map((g, i) => (i === 0 ? { ...g, entities: [...g.entities, ...members] } : g)) }))
    t.equal((await bidscreen(['watchlist', 'upload', content, '--watchlist', watchlistId, ...as('gmp', 'police')])).code, 0)
    const raised = await waitFor(async () => {
      const run = await bidscreen(['alerts', '--status', 'open', ...as('salford', 'officer')])
      return tableRows(run.stdout).length === 3 ? tableRows(run.stdout) : undefined
    })
    if (!raised) throw new Error('no alerts raised')

    t.same(raised[0], ['id', 'status', 'band', 'score', 'raised', 'reference', 'supplier', 'groups'])
    t.same(
      raised
        .slice(1)
        .map((row) => row[5])
        .sort(),
      ['BID-BRANNIGAN', 'BID-MARSH'],
    )
    t.ok(
      raised.slice(1).every((row) => row[1] === 'open' && row[7] === 'GMP-OCG-0117'),
      'open, on the group the change brought',
    )
    const marsh = raised.find((row) => row[5] === 'BID-MARSH')![0]!

    const ack = await bidscreen(['alerts', 'ack', marsh, ...as('salford', 'officer')])
    t.equal(ack.code, 0)
    t.match(ack.stdout, new RegExp(`^${marsh} acknowledged by salford-officer at \\S+\\n$`))
    const acknowledged = await bidscreen(['alerts', '--status', 'acknowledged', ...as('salford', 'officer')])
    t.same(
      tableRows(acknowledged.stdout)
        .slice(1)
        .map((row) => row[0]),
      [marsh],
    )

    const firstPage = await bidscreen(['alerts', '--limit', '1', '--json', ...as('salford', 'officer')])
    const lines = firstPage.stdout.trim().split('\n')
    t.equal(lines.length, 1, 'one alert, one JSON line')
    t.match(JSON.parse(lines[0]!), { id: /^alr_/, screening: { reference: /^BID-/ } })
    const nextCursor = firstPage.logs.find((l) => l.msg === 'alerts listed')?.nextCursor as string
    const secondPage = await bidscreen(['alerts', '--limit', '1', '--cursor', nextCursor, ...as('salford', 'officer')])
    t.equal(tableRows(secondPage.stdout).length, 2, 'the next page, as a table')
    const tablePage = await bidscreen(['alerts', '--limit', '1', ...as('salford', 'officer')])
    t.match(tableRows(tablePage.stdout).at(-1), [/^more: --cursor \S+$/], 'a table says how to get the next page')

    const screener = await bidscreen(['alerts', 'ack', marsh, ...as('salford', 'screener')])
    t.equal(screener.code, 1)
    t.match(screener.logs, [{ level: 50, msg: new RegExp(`^acknowledging ${marsh}: 403 ROLE_FORBIDDEN`) }], 'a refusal, in one line')
  })
}
