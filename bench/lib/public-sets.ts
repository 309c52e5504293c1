/**
 * Public labelled sets, vendored in bench/data/public (see SOURCES.md there). The matcher never
 * used them and nobody tunes on them: they are reported, pairwise, at the default threshold.
 *  - FEBRL 4a (register) against 4b (each a corrupted duplicate of one 4a record): person F1.
 *  - nomenklatura's name bench: 826 graded name pairs through compareNames.
 *  - company_name_matcher's 127 company pairs through compareNames (company kind).
 *  - yente: UN sanctions people as the register (+ US Congress members, common US names), screened
 *    with their perturbed copies (true pairs) and with synthetic people who must match nobody.
 */
import { readFileSync } from 'node:fs'
import { compareNames, compileRegister, defaultMatchingOptions, screenSupplier, type RegisterInput, type ScreeningResult } from '../../src/matching/index.js'
import { parseCsv } from './csv.js'

const PUBLIC_DATA = new URL('../data/public/', import.meta.url)

export interface PairFigures {
  precision: number
  recall: number
  f1: number
}

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b
}

export function f1Of(p: number, r: number): number {
  return p + r === 0 ? 0 : (2 * p * r) / (p + r)
}

function figures(tp: number, fp: number, positives: number): PairFigures {
  const precision = ratio(tp, tp + fp)
  const recall = ratio(tp, positives)
  return { precision, recall, f1: f1Of(precision, recall) }
}

const fmt = (x: number): string => x.toFixed(4)

function readRows(path: string): string[][] {
  return parseCsv(readFileSync(new URL(path, PUBLIC_DATA), 'utf8'))
}

/** One group per 50 people: group size does not matter to pairwise person matching. */
function personRegister(owner: string, people: number): RegisterInput {
  const input: RegisterInput = { version: 1, groups: [], entities: [] }
  for (let g = 0; g * 50 < people; g++) {
    input.groups.push({ id: `${owner}_${g}`, ref: `${owner}${g}`, name: `${owner} ${g}`, aliases: [], riskLevel: 'medium', handling: '', ownerOrgId: owner })
  }
  return input
}

export function evaluateFebrl(): PairFigures {
  const read = (name: string): string[][] => readRows(`febrl/${name}`).slice(1)
  const toDob = (raw: string): string | undefined => (/^[0-9]{8}$/.test(raw) ? `${raw.slice(0, 4)}-${raw.slice(4, 6)}-${raw.slice(6, 8)}` : undefined)
  const address = (row: string[]): { lines: string[]; town: string; postcode: string; country: string } => ({
    lines: [`${row[3] ?? ''} ${row[4] ?? ''}`.trim(), row[5] ?? ''].filter((l) => l !== ''),
    town: row[6] ?? '',
    postcode: row[7] ?? '',
    country: 'AU',
  })
  const clusterOf = (id: string): string => id.replace(/^rec-([0-9]+)-.*$/, '$1')
  const a = read('febrl_dataset4a.csv')
  const b = read('febrl_dataset4b.csv')
  const input = personRegister('febrl', a.length)
  a.forEach((row, i) => {
    const dob = toDob(row[9] ?? '')
    input.entities.push({
      id: row[0] ?? `a${i}`,
      groupId: `febrl_${Math.floor(i / 50)}`,
      type: 'person',
      name: `${row[1] ?? ''} ${row[2] ?? ''}`.trim(),
      ...(dob === undefined ? {} : { dateOfBirth: dob }),
      addresses: [address(row)],
    })
  })
  const register = compileRegister(input)
  const scope = { allowedOwners: new Set(['febrl']) }
  let tp = 0
  let fp = 0
  for (const row of b) {
    const dob = toDob(row[9] ?? '')
    const result = screenSupplier(
      register,
      { name: '', people: [{ name: `${row[1] ?? ''} ${row[2] ?? ''}`.trim(), ...(dob === undefined ? {} : { dateOfBirth: dob }) }], addresses: [address(row)] },
      scope,
    )
    const cluster = clusterOf(row[0] ?? '')
    for (const match of result.matches) {
      if (match.field !== 'supplier.people[0]') continue
      if (clusterOf(match.entity.id) === cluster) tp++
      else fp++
    }
  }
  const out = figures(tp, fp, b.length)
  console.log(
    `FEBRL 4a (${a.length} register people) vs 4b (${b.length} duplicates): precision ${fmt(out.precision)}  recall ${fmt(out.recall)}  F1 ${fmt(out.f1)}`,
  )
  return out
}

export function evaluateNameBench(): PairFigures {
  const rows = readRows('name_pairs/nomenklatura_name_bench_cases.csv').slice(1)
  const threshold = defaultMatchingOptions.minMatchScore
  const total = { tp: 0, fp: 0, fn: 0 }
  const bySchema = new Map<string, { tp: number; fp: number; fn: number }>()
  for (const row of rows) {
    const [, schema = '', name1 = '', name2 = '', isMatch = ''] = row
    const kind = schema === 'Person' ? 'person' : 'company'
    const predicted = compareNames(name1, name2, kind) >= threshold
    const actual = isMatch === 'true'
    const s = bySchema.get(kind) ?? { tp: 0, fp: 0, fn: 0 }
    for (const t of [total, s]) {
      if (predicted && actual) t.tp++
      else if (predicted) t.fp++
      else if (actual) t.fn++
    }
    bySchema.set(kind, s)
  }
  const out = figures(total.tp, total.fp, total.tp + total.fn)
  console.log(`name bench (${rows.length} pairs, threshold ${threshold}): precision ${fmt(out.precision)}  recall ${fmt(out.recall)}  F1 ${fmt(out.f1)}`)
  for (const [kind, s] of bySchema) console.log(`  ${kind.padEnd(8)} precision ${fmt(ratio(s.tp, s.tp + s.fp))}  recall ${fmt(ratio(s.tp, s.tp + s.fn))}`)
  console.log('  OpenSanctions logic-v2 published: precision 0.76 / recall 0.82 at 0.70; 0.93 / 0.60 at 0.85')
  return out
}

/** A pair the matcher rejects as input (e.g. nothing left after folding) scores 0. */
function safeCompare(a: string, b: string): number {
  try {
    return compareNames(a, b, 'company')
  } catch {
    return 0
  }
}

export function evaluateCompanyPairs(): PairFigures {
  const rows = readRows('company_pairs/company_name_matcher_test_pairs.csv').slice(1)
  const threshold = defaultMatchingOptions.minMatchScore
  let tp = 0
  let fp = 0
  let positives = 0
  for (const [x = '', y = '', target = ''] of rows) {
    const actual = target.trim() === '1'
    const predicted = safeCompare(x, y) >= threshold
    if (actual) positives++
    if (predicted && actual) tp++
    else if (predicted) fp++
  }
  const out = figures(tp, fp, positives)
  console.log(
    `company pairs (${rows.length} pairs, ${positives} same, threshold ${threshold}): precision ${fmt(out.precision)}  recall ${fmt(out.recall)}  F1 ${fmt(out.f1)}`,
  )
  return out
}

export function evaluateYente(): PairFigures {
  const people = (file: string): { name: string; dateOfBirth?: string }[] =>
    readRows(`name_pairs/${file}`)
      .slice(1)
      .map(([name = '', , , , , dob = '']) => ({ name, ...(/^[0-9]{4}(-[0-9]{2}){0,2}$/.test(dob) ? { dateOfBirth: dob } : {}) }))
  const untreated = people('yente_positives_un_untreated.csv')
  const congress = people('yente_positives_us_congress_untreated.csv')
  const listed = [...untreated.map((p, i) => ({ ...p, id: `un_${i}` })), ...congress.map((p, i) => ({ ...p, id: `us_${i}` }))]
  const input = personRegister('yente', listed.length)
  listed.forEach((p, i) =>
    input.entities.push({
      id: p.id,
      groupId: `yente_${Math.floor(i / 50)}`,
      type: 'person',
      name: p.name,
      ...(p.dateOfBirth === undefined ? {} : { dateOfBirth: p.dateOfBirth }),
    }),
  )
  const register = compileRegister(input)
  const scope = { allowedOwners: new Set(['yente']) }
  const screen = (p: { name: string; dateOfBirth?: string }): ScreeningResult => screenSupplier(register, { name: 'Bidder Ltd', people: [p] }, scope)
  const personMatches = (r: ScreeningResult): string[] =>
    r.matches.filter((m) => m.field === 'supplier.people[0]' && m.entity.kind === 'person').map((m) => m.entity.id)
  let tp = 0
  let fp = 0
  let fpNegatives = 0
  people('yente_positives_un_treated.csv').forEach((p, i) => {
    for (const id of personMatches(screen(p))) {
      if (id === `un_${i}`) tp++
      else fp++
    }
  })
  const negatives = [...people('yente_negatives_global.csv'), ...people('yente_negatives_us.csv')]
  for (const p of negatives) fpNegatives += personMatches(screen(p)).length
  const out = figures(tp, fp + fpNegatives, untreated.length)
  console.log(
    `yente (${listed.length} register people; ${untreated.length} perturbed copies, ${negatives.length} negatives): precision ${fmt(out.precision)}  recall ${fmt(out.recall)}  ` +
      `(false pairs: ${fp} from copies, ${fpNegatives} from negatives)`,
  )
  return out
}
