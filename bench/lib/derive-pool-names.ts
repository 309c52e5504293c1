/**
 * Writes the `derived` person-name lists of bench/data/pools/{dev,test}.json from public data in
 * a directory given on the command line, so that the two splits draw people from different public sources (issue 10,
 * point 5): dev from FEBRL dataset3 (synthetic Australian records), test from the Wikidata
 * people of splink's historical_figures_with_errors_50k (mostly British), minus every name dev
 * uses. Run once by hand (`npx tsx bench/lib/derive-pool-names.ts <data directory>`, then prettier); the eval reads
 * only the pool files, so these large sources are not vendored.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { parseCsv } from './csv.js'
import { sourceDataDir } from './source-data.js'
import { loadPool, POOL_DIR, type Pool } from './pools.js'

const SHARED = sourceDataDir('derive-pool-names.ts')
const NAME = /^[a-z]{3,}$/
/** Words that the historical file carries in name columns but are titles, not names. */
const TITLES = new Set([
  'sir',
  'lady',
  'lord',
  'dame',
  'baronet',
  'baron',
  'earl',
  'count',
  'duke',
  'viscount',
  'marquess',
  'king',
  'queen',
  'prince',
  'princess',
  'saint',
  'rev',
  'bishop',
])

function febrlNames(): { given: Set<string>; surnames: Set<string> } {
  const rows = parseCsv(readFileSync(new URL('febrl/febrl_dataset3.csv', SHARED), 'utf8')).slice(1)
  const given = new Set<string>()
  const surnames = new Set<string>()
  for (const row of rows) {
    if (!(row[0] ?? '').endsWith('-org')) continue
    if (NAME.test(row[1] ?? '')) given.add(row[1] as string)
    if (NAME.test(row[2] ?? '')) surnames.add(row[2] as string)
  }
  return { given, surnames }
}

/** The most frequent spelling of each column per person: the file injects errors into copies. */
function historicalNames(): { given: Set<string>; surnames: Set<string> } {
  const rows = parseCsv(readFileSync(new URL('splink/historical_figures_with_errors_50k.csv', SHARED), 'utf8'))
  const header = rows[0] ?? []
  const col = (name: string): number => header.indexOf(name)
  const [cluster, first, last] = [col('cluster'), col('first_name'), col('surname')]
  const counts = new Map<string, { given: Map<string, number>; surname: Map<string, number> }>()
  for (const row of rows.slice(1)) {
    const key = row[cluster] ?? ''
    const entry = counts.get(key) ?? { given: new Map(), surname: new Map() }
    for (const [value, into] of [
      [row[first] ?? '', entry.given],
      [row[last] ?? '', entry.surname],
    ] as const) {
      if (value !== '') into.set(value, (into.get(value) ?? 0) + 1)
    }
    counts.set(key, entry)
  }
  const mode = (m: Map<string, number>): string | null => [...m].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null
  const given = new Set<string>()
  const surnames = new Set<string>()
  for (const { given: g, surname: s } of counts.values()) {
    const a = mode(g)
    const b = mode(s)
    if (a !== null && NAME.test(a) && !TITLES.has(a)) given.add(a)
    if (b !== null && NAME.test(b) && !TITLES.has(b)) surnames.add(b)
  }
  return { given, surnames }
}

/** Every lower-cased word anywhere in a pool, so the test split can avoid all of dev's vocabulary. */
function allWords(pool: Pool): Set<string> {
  const out = new Set<string>()
  const walk = (x: unknown): void => {
    if (typeof x === 'string') for (const w of x.toLowerCase().split(/[^a-z]+/)) out.add(w)
    else if (Array.isArray(x)) x.forEach(walk)
    else if (x !== null && typeof x === 'object') Object.entries(x).forEach(([k, v]) => k !== 'about' && k !== 'sources' && walk(v))
  }
  walk(pool)
  return out
}

function write(split: 'dev' | 'test', pool: Pool, given: Iterable<string>, surnames: Iterable<string>): void {
  const hand = new Set([...pool.givenNames.common, ...pool.givenNames.other, ...pool.surnames.common, ...pool.surnames.other])
  const next: Pool = {
    ...pool,
    givenNames: { ...pool.givenNames, derived: [...given].filter((n) => !hand.has(n)).sort() },
    surnames: { ...pool.surnames, derived: [...surnames].filter((n) => !hand.has(n)).sort() },
  }
  writeFileSync(new URL(`${split}.json`, POOL_DIR), `${JSON.stringify(next, null, 2)}\n`)
  console.log(`${split}: ${next.givenNames.derived.length} derived given names, ${next.surnames.derived.length} derived surnames`)
}

const dev = loadPool('dev')
const febrl = febrlNames()
write('dev', dev, febrl.given, febrl.surnames)
const devWords = allWords(loadPool('dev'))
devWords.forEach((w) => w.length < 3 && devWords.delete(w))
// Re-read dev after writing so its derived names are excluded from test too.
const devAfter = allWords(JSON.parse(readFileSync(new URL('dev.json', POOL_DIR), 'utf8')) as Pool)
const historical = historicalNames()
const test = loadPool('test')
write(
  'test',
  test,
  [...historical.given].filter((n) => !devAfter.has(n)),
  [...historical.surnames].filter((n) => !devAfter.has(n)),
)
