import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'
import t, { type Test } from 'tap'
import { seedRegister } from '../helpers/screening-fixtures.js'
import { databaseKinds, type DatabaseKind, type TestApp } from '../helpers/test-app.js'
import { bidscreen, listeningApp, scratchDirectory, tableRows } from './run-bidscreen.js'

const SUPPLIERS = 450
// Every 50th supplier is the register's paving company; every 75th (from the second) has a
// date of birth no calendar has, which the service refuses for that supplier alone.
const isPaving = (i: number) => i % 50 === 0
const isInvalid = (i: number) => i % 75 === 1

function supplierBase(): string {
  const header = [
    'reference',
    'name',
    'company_number',
    'address_lines',
    'town',
    'postcode',
    'person_1_name',
    'person_1_date_of_birth',
    'person_1_role',
    'person_2_name',
  ]
  const rows = Array.from({ length: SUPPLIERS }, (_, i) =>
    isPaving(i)
      ? [`BID-${i}`, 'Northern Paving Solutions Ltd', '9876543', 'Unit 4|Canal Street', 'Salford', 'M5 4XJ', "Daniel James O'Connor", '1981-03', 'Director', '']
      : [
          `BID-${i}`,
          `Harbour Supplies ${i} Ltd`,
          String(20_000_000 + i),
          `${i} Mill Lane`,
          'Bolton',
          'BL1 1AA',
          `Alex Example${i}`,
          isInvalid(i) ? '1990-13' : '1990-07',
          'director',
          `Sam Sample${i}`,
        ],
  )
  return stringify([header, ...rows])
}

type ResultRow = Record<string, string>

async function resultsOf(file: string): Promise<ResultRow[]> {
  return parse<ResultRow>(await readFile(file), { columns: true })
}

async function screeningCount(ctx: TestApp): Promise<number> {
  const row = await ctx.database.db
    .selectFrom('screenings')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('org_id', '=', 'salford')
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** The band counts the command printed at the end. */
function summaryOf(stdout: string): Record<string, number> {
  return Object.fromEntries(
    tableRows(stdout)
      .filter((row) => row.length === 2 && row[0] !== 'band')
      .map(([band, count]) => [band!, Number(count)]),
  )
}

async function screeningWorld(t: Test, kind: DatabaseKind) {
  const { ctx, url } = await listeningApp(t, kind)
  await seedRegister(ctx)
  const dir = await scratchDirectory(t)
  const input = join(dir, 'suppliers.csv')
  await writeFile(input, supplierBase())
  const out = join(dir, 'results.csv')
  const api = ['--url', url, '--token', ctx.token({ sub: 'procurement-system', org: 'salford', roles: ['screener'] })]
  const screen = (extra: string[] = [], options: Parameters<typeof bidscreen>[1] = {}) => bidscreen(['screen', input, '--out', out, ...api, ...extra], options)
  return { ctx, out, screen }
}

for (const kind of databaseKinds) {
  t.test(`screen writes one result row per supplier with its band, and a summary that matches [${kind}]`, async (t) => {
    const { ctx, out, screen } = await screeningWorld(t, kind)
    const run = await screen([], { tty: true })
    t.equal(run.code, 0)
    t.match(run.stderr, /screening \[=+\] 100% \| 450\/450 suppliers \| \d+\/s \| ETA \S+/, 'a progress bar with rate and ETA')

    const results = await resultsOf(out)
    t.equal(results.length, SUPPLIERS)
    t.same(
      results.map((r) => r.reference),
      Array.from({ length: SUPPLIERS }, (_, i) => `BID-${i}`),
      'in input order',
    )
    const paving = results.filter((_, i) => isPaving(i))
    t.ok(
      paving.every((r) => r.band === 'high' && r.top_group_ref === 'GMP-OCG-0117' && r.screening_id!.startsWith('scr_') && Number(r.match_count) > 0),
      'the paving company is a high hit on its group, with the reasons',
    )
    t.match(paving[0], { top_group_force: 'Greater Manchester Police', top_match_reasons: /\S/, error: '' })
    const invalid = results.filter((_, i) => isInvalid(i))
    t.ok(
      invalid.every((r) => r.band === '' && /^VALIDATION_FAILED supplier\.people\[0\]\.dateOfBirth: /.test(r.error!)),
      "an invalid supplier's row says why",
    )

    const counted: Record<string, number> = { high: 0, medium: 0, low: 0, none: 0, failed: 0 }
    for (const r of results) counted[r.band || 'failed']!++
    t.same(summaryOf(run.stdout), counted, 'the summary counts the bands of the results file')
    t.equal(counted.failed, invalid.length)
    t.match(run.stdout, `${SUPPLIERS} of ${SUPPLIERS} suppliers screened`)
    t.match(run.logs, [{ msg: 'screening complete', ...counted, total: SUPPLIERS, batchesSent: 3, batchesReplayed: 0 }])
    t.notMatch(JSON.stringify(run.logs), /Paving|Harbour|Example/, 'no supplier in the log')
    t.equal(await screeningCount(ctx), SUPPLIERS - invalid.length)
  })

  t.test(`an interrupted screen resumes where it stopped, and a batch sent again is replayed, never screened twice [${kind}]`, async (t) => {
    const { ctx, out, screen } = await screeningWorld(t, kind)
    const valid = SUPPLIERS - Array.from({ length: SUPPLIERS }, (_, i) => i).filter(isInvalid).length

    const first = await screen(['--max-batches', '1'])
    t.equal(first.code, 0)
    t.equal((await resultsOf(out)).length, 200, 'one batch done')
    t.match(first.logs, [{ msg: /^stopped early: run the same command again to resume/, batchesSent: 1 }])

    const resumed = await screen()
    t.equal(resumed.code, 0)
    t.match(resumed.logs, [
      { msg: 'resuming after the batches already done', batches: 1 },
      { msg: 'screening complete', batchesSent: 2, total: SUPPLIERS },
    ])
    const results = await resultsOf(out)
    t.same(
      results.map((r) => Number(r.row)),
      Array.from({ length: SUPPLIERS }, (_, i) => i + 1),
      'each supplier once, in order',
    )
    t.equal(await screeningCount(ctx), valid, 'no supplier screened twice')

    const again = await screen()
    t.match(
      again.logs,
      [
        { msg: 'resuming after the batches already done', batches: 3 },
        { msg: 'screening complete', batchesSent: 0 },
      ],
      'a finished run has nothing left to do',
    )

    // The progress file lost (or a crash before it was written): every batch goes again with its
    // own Idempotency-Key and the service answers each from the stored response.
    await rm(out)
    await rm(`${out}.progress`)
    const replayed = await screen()
    t.match(replayed.logs, [{ msg: 'screening complete', batchesSent: 3, batchesReplayed: 3 }])
    t.same(
      (await resultsOf(out)).map((r) => r.screening_id),
      results.map((r) => r.screening_id),
      'the same screenings',
    )
    t.equal(await screeningCount(ctx), valid, 'still none screened twice')
    const keys = await ctx.database.db.selectFrom('idempotency_keys').select('key').where('org_id', '=', 'salford').execute()
    t.equal(keys.length, 3, 'one Idempotency-Key per batch')
    t.ok(
      keys.every((k) => /^bidscreen-[0-9a-f]{40}-200-[0-2]$/.test(k.key)),
      'made of the file hash, the batch size and the batch index',
    )

    const interrupt = new AbortController()
    interrupt.abort()
    await rm(out)
    await rm(`${out}.progress`)
    const stopped = await screen([], { signal: interrupt.signal })
    t.equal(stopped.code, 130, 'Ctrl-C ends with 130')
    t.match(stopped.logs, [{ msg: /^interrupted: run the same command again to resume/ }])
  })
}

for (const kind of databaseKinds) {
  t.test(`screen reads JSON Lines, one screening request per line; a line that is not one is a failed row [${kind}]`, async (t) => {
    const { ctx, url } = await listeningApp(t, kind)
    await seedRegister(ctx)
    const dir = await scratchDirectory(t)
    const input = join(dir, 'suppliers.jsonl')
    const lines = [
      JSON.stringify({ reference: 'BID-1', supplier: { name: 'Northern Paving Solutions Ltd', companyNumber: '09876543' } }),
      '',
      '{"reference": "BID-2", "supplier": ',
      JSON.stringify({ reference: 'BID-3', supplier: { name: 'Bright Futures Nursery CIC', colour: 'blue' } }),
      JSON.stringify({ supplier: { name: 'Bright Futures Nursery CIC' } }),
    ]
    await writeFile(input, `${lines.join('\n')}\n`)
    const out = join(dir, 'results.csv')
    const token = ctx.token({ sub: 'procurement-system', org: 'salford', roles: ['screener'] })
    const run = await bidscreen(['screen', input, '--out', out, '--url', url, '--token', token, '--batch-size', '2'])
    t.equal(run.code, 0)
    const results = await resultsOf(out)
    t.match(results, [
      { row: '1', reference: 'BID-1', band: 'high', error: '' },
      { row: '2', reference: '', band: '', error: 'line 3 is not JSON' },
      { row: '3', reference: 'BID-3', band: '', error: /^VALIDATION_FAILED/ },
      { row: '4', reference: '', band: 'none', screening_id: /^scr_/ },
    ])
    t.same(summaryOf(run.stdout), { high: 1, medium: 0, low: 0, none: 1, failed: 2 })
  })
}
