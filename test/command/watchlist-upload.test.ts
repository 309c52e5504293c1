import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { gmpWatchlist } from '../helpers/screening-fixtures.js'
import { databaseKinds } from '../helpers/test-app.js'
import { bidscreen, listeningApp, scratchDirectory, tableRows } from './run-bidscreen.js'

const CSV_HEADER = 'group_ref,group_name,group_risk_level,group_handling,entity_type,name,date_of_birth,company_number'
const goodCsv = [
  CSV_HEADER,
  'GMP-OCG-0117,Canal crew,high,Contact the SOC unit,person,Danny OConnor,1981-03-14,',
  'GMP-OCG-0117,,,,company,Northern Paving Solutions Limited,,09876543',
].join('\n')
const badCsv = [
  CSV_HEADER,
  'GMP-OCG-0117,Canal crew,severe,Contact the SOC unit,person,Danny OConnor,1981-03-14,',
  'GMP-OCG-0117,,,,person,Kevin Marsh,1975-13-40,',
  'GMP-OCG-0117,,,,spaceship,Enterprise,,',
].join('\n')

for (const kind of databaseKinds) {
  t.test(`watchlist create and upload JSON then CSV with a progress bar; a bad CSV prints each row error and exits 1 [${kind}]`, async (t) => {
    const { ctx, url } = await listeningApp(t, kind)
    await ctx.as('platform', 'admin')({ method: 'POST', url: '/v1/organisations', payload: { id: 'gmp', name: 'Greater Manchester Police', kind: 'police' } })
    const api = ['--url', url, '--token', ctx.token({ sub: 'analyst-7', org: 'gmp', roles: ['police'] })]
    const dir = await scratchDirectory(t)

    const created = await bidscreen(['watchlist', 'create', 'SOC groups', ...api])
    t.equal(created.code, 0)
    const watchlistId = created.stdout.trim()
    t.match(watchlistId, /^\S+$/, 'prints the id alone')

    const json = join(dir, 'groups.json')
    await writeFile(json, JSON.stringify(gmpWatchlist))
    const fromJson = await bidscreen(['watchlist', 'upload', json, '--watchlist', watchlistId, ...api], { tty: true })
    t.equal(fromJson.code, 0)
    t.match(fromJson.stderr, /uploading \[=+\] 100% \| 1 KB of 1 KB/, 'a progress bar on the bytes sent')
    t.equal(fromJson.stdout, 'version 1 is live: 2 groups, 4 entities\n')
    t.match(fromJson.logs, [{ msg: 'uploaded', version: 1, created: true }])

    const again = await bidscreen(['watchlist', 'upload', json, '--watchlist', watchlistId, ...api])
    t.equal(again.stdout, 'identical to the live version 1: nothing changed\n', 'a byte-identical upload changes nothing')

    const csv = join(dir, 'groups.txt')
    await writeFile(csv, goodCsv)
    const fromCsv = await bidscreen(['watchlist', 'upload', csv, '--format', 'csv', '--watchlist', watchlistId, ...api])
    t.equal(fromCsv.code, 0)
    t.equal(fromCsv.stdout, 'version 2 is live: 1 groups, 2 entities\n', 'sent as text/csv as --format says')

    const bad = join(dir, 'bad.csv')
    await writeFile(bad, badCsv)
    const refused = await bidscreen(['watchlist', 'upload', bad, '--watchlist', watchlistId, ...api])
    t.equal(refused.code, 1)
    const rows = tableRows(refused.stdout)
    t.same(rows[0], ['row', 'column/field', 'code', 'message'])
    t.match(rows.slice(1, -1), [
      ['2', 'group_risk_level', 'INVALID_RISK_LEVEL', String],
      ['3', 'date_of_birth', 'INVALID_DATE_OF_BIRTH', String],
      ['4', 'entity_type', 'INVALID_ENTITY_TYPE', String],
    ])
    t.equal(rows.at(-1)?.join(' '), '3 errors: nothing changed')
    t.match(refused.logs, [{ level: 50, msg: 'upload refused: nothing changed', totalErrors: 3 }])
    t.notMatch(JSON.stringify(refused.logs), /Marsh|OConnor|1975/, 'no personal data in the log')
    const live = await ctx.as('gmp', 'police')({ method: 'GET', url: `/v1/watchlists/${watchlistId}` })
    t.equal(live.json<{ currentVersion: { version: number } }>().currentVersion.version, 2, 'the refused upload changed nothing')

    const elsewhere = await bidscreen(['watchlist', 'upload', json, '--watchlist', 'wl_missing', ...api])
    t.equal(elsewhere.code, 1)
    t.match(elsewhere.logs, [{ level: 50, msg: /^uploading the watchlist: 404 NOT_FOUND/ }], 'a refusal is one log line')

    const noToken = await bidscreen(['watchlist', 'upload', json, '--watchlist', watchlistId, '--url', url])
    t.equal(noToken.code, 1)
    t.match(noToken.logs, [{ msg: /^No token: pass --token or set BIDSCREEN_TOKEN/ }])
  })
}
