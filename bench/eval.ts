// `npm run eval`: matching quality on labelled data (issue 5, DESIGN.md §4).
//  1. A seeded synthetic register and supplier set with known answers: positives derived from a
//     register group by one kind of variant, negatives unrelated or deliberately close (hard).
//     A supplier is flagged when its band is medium or high; a flagged positive counts only if
//     its own group is among the matches.
//  2. FEBRL dataset 4a (register) against 4b (each record a corrupted duplicate of one in 4a):
//     pairwise precision/recall/F1 of person matches at the default threshold.
//  3. The 826 graded pairs of the nomenklatura name benchmark, scored with compareNames at the
//     default minimum match score.
// The last line is one JSON object for tools.
import { readFileSync } from 'node:fs'
import { compareNames, compileRegister, defaultMatchingOptions, screenSupplier, type RegisterInput, type Supplier } from '../src/matching/index.js'
import { parseCsv } from './lib/csv.js'
import {
  abbreviateStreet,
  buildRegister,
  companyName,
  nicknameOf,
  personName,
  registerAddress,
  spellingVariant,
  SyntheticWorld,
  title,
  typo,
  type SyntheticGroup,
} from './lib/synthetic-register.js'

const SHARED = new URL('../../shared/data/', import.meta.url)
const SEED = 20260412
const GROUPS = 1000
const PER_POSITIVE_KIND = 150
const PER_HARD_KIND = 150
const RANDOM_NEGATIVES = 600

interface Case {
  kind: string
  positive: boolean
  groupId: string | null
  supplier: Supplier
}

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b
}

function f1(p: number, r: number): number {
  return p + r === 0 ? 0 : (2 * p * r) / (p + r)
}

function fmt(x: number): string {
  return x.toFixed(4)
}

// ── 1. Synthetic register and suppliers. ──

function syntheticCases(world: SyntheticWorld, groups: SyntheticGroup[]): Case[] {
  const r = world.random
  const cases: Case[] = []
  const registeredCompanyKeys = new Set(groups.flatMap((g) => g.companies.map((c) => `${c.distinctive.join(' ')}|${c.trade}`)))
  const freshCompany = (): string => {
    for (;;) {
      const c = world.company()
      if (!registeredCompanyKeys.has(`${c.distinctive.join(' ')}|${c.trade}`)) return companyName(c)
    }
  }
  const pickGroup = (filter: (g: SyntheticGroup) => boolean = () => true): SyntheticGroup => {
    for (;;) {
      const g = r.pick(groups)
      if (filter(g)) return g
    }
  }
  const add = (kind: string, g: SyntheticGroup | null, supplier: Supplier): void => {
    cases.push({ kind, positive: g !== null, groupId: g?.group.id ?? null, supplier })
  }
  const monthOf = (dob: string): string => dob.slice(0, 7)

  for (let k = 0; k < PER_POSITIVE_KIND; k++) {
    {
      const g = pickGroup((x) => x.addresses.length > 0)
      const c = g.companies[0]!
      add('exact', g, { name: companyName(c), addresses: [registerAddress(g.addresses[0]!)] })
    }
    {
      const g = pickGroup()
      const c = g.companies[r.int(g.companies.length)]!
      const longest = c.distinctive.reduce((a, b) => (b.length > a.length ? b : a))
      add('typo', g, { name: companyName({ ...c, distinctive: c.distinctive.map((d) => (d === longest ? typo(d, r) : d)) }) })
    }
    {
      const g = pickGroup()
      const c = g.companies[r.int(g.companies.length)]!
      const swap: Record<string, string> = {
        Ltd: 'Limited',
        Limited: 'Ltd.',
        LLP: 'Limited Liability Partnership',
        PLC: 'Public Limited Company',
        CIC: 'Community Interest Company',
      }
      const legal = r.chance(0.3) ? '' : (swap[c.legal] ?? c.legal)
      add('legal_form', g, { name: companyName({ ...c, legal }).trim() })
    }
    {
      const g = pickGroup()
      const p = g.people[r.int(g.people.length)]!
      const given = [title(p.given), p.middle === null ? '' : title(p.middle)].filter((s) => s !== '').join(' ')
      add('word_order', g, { name: freshCompany(), people: [{ name: `${p.surname.toUpperCase()}, ${given}`, dateOfBirth: monthOf(p.dateOfBirth) }] })
    }
    {
      const g = pickGroup((x) => x.addresses.length > 0)
      const c = g.companies[0]!
      const a = g.addresses[0]!
      add('abbreviation', g, {
        name: companyName({ ...c, generic: null }).replace(/ Limited$/, ' Ltd'),
        addresses: [
          {
            lines: [`${a.flat === null ? '' : `Flt ${a.flat} `}${a.number} ${a.street} ${abbreviateStreet(a)}`],
            town: a.town,
            postcode: `${a.outward}${a.inward}`,
          },
        ],
      })
    }
    {
      const g = pickGroup((x) => x.people.some((p) => nicknameOf(p.given) !== null))
      const p = g.people.find((x) => nicknameOf(x.given) !== null)!
      add('nickname', g, { name: freshCompany(), people: [{ name: `${nicknameOf(p.given)} ${title(p.surname)}`, dateOfBirth: monthOf(p.dateOfBirth) }] })
    }
    {
      const g = pickGroup()
      const p = g.people[r.int(g.people.length)]!
      add('initials', g, {
        name: freshCompany(),
        people: [
          {
            name: `${p.given[0]!.toUpperCase()}. ${p.middle === null ? '' : `${p.middle[0]!.toUpperCase()}. `}${title(p.surname)}`,
            dateOfBirth: p.dateOfBirth,
          },
        ],
      })
    }
    {
      const g = pickGroup((x) => x.cyrillic !== null)
      add('transliteration', g, { name: freshCompany(), people: [{ name: g.cyrillic![1], dateOfBirth: '1975-06' }] })
    }
    {
      const g = pickGroup()
      const p = g.people[r.int(g.people.length)]!
      add('partial_dob', g, {
        name: freshCompany(),
        people: [{ name: personName(p), dateOfBirth: r.chance(0.5) ? p.dateOfBirth.slice(0, 4) : monthOf(p.dateOfBirth) }],
      })
    }
    {
      const g = pickGroup((x) => x.addresses.length > 0 && x.phones.length > 0)
      const a = g.addresses[0]!
      add('postcode_format', g, {
        name: freshCompany(),
        addresses: [
          {
            lines: [`${a.flat === null ? '' : `Flat ${a.flat}, `}${a.number} ${a.street} ${a.streetType}`, `${a.town} ${(a.outward + a.inward).toLowerCase()}`],
          },
        ],
        phones: [g.phones[0]!.replace(/^0/, '+44 ').replace(/ /g, '-')],
      })
    }
    {
      const g = pickGroup((x) => x.phones.length > 0)
      add('phone_format', g, { name: freshCompany(), phones: [g.phones[0]!.replace(/^0/, '+44 (0)').replace(/ /g, '')] })
    }
    {
      const g = pickGroup()
      const c = g.companies[r.int(g.companies.length)]!
      add('company_number', g, { name: freshCompany(), companyNumber: c.companyNumber.replace(/^0+/, '') })
    }
    {
      // Spelling families that transliteration produces (Mohammed/Muhammad), with a director.
      const g = pickGroup()
      const p = g.people[r.int(g.people.length)]!
      const family = ['Mohammed', 'Yusuf', 'Hussain', 'Mustafa', 'Sergei', 'Dmitri'][r.int(6)]!
      const variant = spellingVariant(family, r) ?? family
      // The register person is renamed in place for this case, so the register holds the head form.
      p.given = family.toLowerCase()
      add('spelling', g, { name: freshCompany(), people: [{ name: `${variant} ${title(p.surname)}`, dateOfBirth: monthOf(p.dateOfBirth) }] })
    }
  }

  for (let k = 0; k < RANDOM_NEGATIVES; k++) {
    const p = world.person()
    const a = world.address()
    add('negative_random', null, {
      name: freshCompany(),
      people: [{ name: personName(p), dateOfBirth: p.dateOfBirth }],
      addresses: [registerAddress(a)],
      phones: [world.phone()],
    })
  }
  for (let k = 0; k < PER_HARD_KIND; k++) {
    {
      // Common surname, same full name as a register person, different year of birth.
      const g = pickGroup()
      const p = g.people[r.int(g.people.length)]!
      const year = Number(p.dateOfBirth.slice(0, 4)) + (r.chance(0.5) ? 1 : -1) * (3 + r.int(10))
      add('hard_same_name_other_dob', null, { name: freshCompany(), people: [{ name: personName(p), dateOfBirth: `${year}${p.dateOfBirth.slice(4)}` }] })
    }
    {
      // Shares only the trade and generic words and legal form with a register company.
      const g = pickGroup()
      const c = g.companies[r.int(g.companies.length)]!
      let other = world.company()
      while (registeredCompanyKeys.has(`${other.distinctive.join(' ')}|${c.trade}`)) other = world.company()
      add('hard_generic_words', null, { name: companyName({ ...c, distinctive: other.distinctive }) })
    }
    {
      // Same street and town, different number and postcode.
      const g = pickGroup((x) => x.addresses.length > 0)
      const a = g.addresses[0]!
      const fresh = world.address()
      add('hard_same_street', null, {
        name: freshCompany(),
        addresses: [registerAddress({ ...a, number: a.number + 1 + r.int(20), outward: fresh.outward, inward: fresh.inward })],
      })
    }
    {
      // Same postcode, different building number.
      const g = pickGroup((x) => x.addresses.length > 0)
      const a = g.addresses[0]!
      add('hard_same_postcode', null, { name: freshCompany(), addresses: [registerAddress({ ...a, number: a.number + 1 + r.int(20), flat: null })] })
    }
  }
  return cases
}

function evaluateSynthetic(): { precision: number; recall: number } {
  const world = new SyntheticWorld(SEED)
  const owners = ['police_gmp', 'police_met', 'police_wmp', 'police_ps']
  const groups = Array.from({ length: GROUPS }, (_, i) => world.group(i, owners[i % owners.length]!, { companies: 2, people: 4, addresses: 1, contacts: true }))
  // Cases are drawn before the register is built: the spelling cases rename register people.
  const cases = syntheticCases(world, groups)
  const register = compileRegister(buildRegister(groups))
  const scope = { allowedOwners: new Set(owners) }
  const byKind = new Map<string, { n: number; flagged: number; correct: number; positive: boolean }>()
  let tp = 0
  let fp = 0
  let positives = 0
  for (const c of cases) {
    const result = screenSupplier(register, c.supplier, scope)
    const flagged = result.band === 'medium' || result.band === 'high'
    const correct = c.positive && result.matches.some((m) => m.groupId === c.groupId)
    const stats = byKind.get(c.kind) ?? { n: 0, flagged: 0, correct: 0, positive: c.positive }
    stats.n++
    if (flagged) stats.flagged++
    if (flagged && correct) stats.correct++
    byKind.set(c.kind, stats)
    if (c.positive) positives++
    if (flagged && correct) tp++
    else if (flagged) fp++
  }
  const precision = ratio(tp, tp + fp)
  const recall = ratio(tp, positives)
  console.log(`synthetic register: ${register.size} entities in ${GROUPS} groups; ${cases.length} suppliers (${positives} linked)`)
  console.log('  kind                         n   flagged   recall / false-positive rate')
  for (const [kind, s] of byKind) {
    const figure = s.positive ? `recall ${fmt(ratio(s.correct, s.n))}` : `false positives ${fmt(ratio(s.flagged, s.n))}`
    console.log(`  ${kind.padEnd(26)} ${String(s.n).padStart(4)} ${String(s.flagged).padStart(8)}   ${figure}`)
  }
  console.log(`  overall at band >= medium: precision ${fmt(precision)}  recall ${fmt(recall)}  F1 ${fmt(f1(precision, recall))}`)
  return { precision, recall }
}

// ── 2. FEBRL 4a ↔ 4b. ──

function evaluateFebrl(): number {
  const read = (name: string): string[][] => parseCsv(readFileSync(new URL(`febrl/${name}`, SHARED), 'utf8')).slice(1)
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
  const input: RegisterInput = { version: 1, groups: [], entities: [] }
  const groupsNeeded = Math.ceil(a.length / 50)
  for (let g = 0; g < groupsNeeded; g++) {
    input.groups.push({ id: `febrl_${g}`, ref: `F${g}`, name: `F${g}`, aliases: [], riskLevel: 'medium', handling: '', ownerOrgId: 'febrl' })
  }
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
  const truePairs = b.length
  for (const row of b) {
    const dob = toDob(row[9] ?? '')
    const result = screenSupplier(
      register,
      {
        name: '',
        people: [{ name: `${row[1] ?? ''} ${row[2] ?? ''}`.trim(), ...(dob === undefined ? {} : { dateOfBirth: dob }) }],
        addresses: [address(row)],
      },
      scope,
    )
    const cluster = clusterOf(row[0] ?? '')
    for (const match of result.matches) {
      if (match.field !== 'supplier.people[0]') continue
      if (clusterOf(match.entity.id) === cluster) tp++
      else fp++
    }
  }
  const precision = ratio(tp, tp + fp)
  const recall = ratio(tp, truePairs)
  const score = f1(precision, recall)
  console.log(`FEBRL 4a (${a.length} register people) vs 4b (${b.length} duplicates): precision ${fmt(precision)}  recall ${fmt(recall)}  F1 ${fmt(score)}`)
  return score
}

// ── 3. nomenklatura name benchmark. ──

function evaluateNameBench(): { precision: number; recall: number } {
  const rows = parseCsv(readFileSync(new URL('name_pairs/nomenklatura_name_bench_cases.csv', SHARED), 'utf8')).slice(1)
  const threshold = defaultMatchingOptions.minMatchScore
  let tp = 0
  let fp = 0
  let fn = 0
  const bySchema = new Map<string, { tp: number; fp: number; fn: number }>()
  for (const row of rows) {
    const [, schema = '', name1 = '', name2 = '', isMatch = ''] = row
    const kind = schema === 'Person' ? 'person' : 'company'
    const predicted = compareNames(name1, name2, kind) >= threshold
    const actual = isMatch === 'true'
    const s = bySchema.get(kind) ?? { tp: 0, fp: 0, fn: 0 }
    if (predicted && actual) (tp++, s.tp++)
    else if (predicted) (fp++, s.fp++)
    else if (actual) (fn++, s.fn++)
    bySchema.set(kind, s)
  }
  const precision = ratio(tp, tp + fp)
  const recall = ratio(tp, tp + fn)
  console.log(`name bench (${rows.length} pairs, threshold ${threshold}): precision ${fmt(precision)}  recall ${fmt(recall)}  F1 ${fmt(f1(precision, recall))}`)
  for (const [kind, s] of bySchema) {
    console.log(`  ${kind.padEnd(8)} precision ${fmt(ratio(s.tp, s.tp + s.fp))}  recall ${fmt(ratio(s.tp, s.tp + s.fn))}`)
  }
  console.log('  OpenSanctions logic-v2 published: precision 0.76 / recall 0.82 at 0.70; 0.93 / 0.60 at 0.85')
  return { precision, recall }
}

const started = performance.now()
const synthetic = evaluateSynthetic()
const febrlF1 = evaluateFebrl()
const bench = evaluateNameBench()
console.log(`eval finished in ${((performance.now() - started) / 1000).toFixed(1)} s`)
const round = (x: number): number => Math.round(x * 10000) / 10000
console.log(
  JSON.stringify({
    precision: round(synthetic.precision),
    recall: round(synthetic.recall),
    f1: round(f1(synthetic.precision, synthetic.recall)),
    febrlF1: round(febrlF1),
    nameBenchPrecision: round(bench.precision),
    nameBenchRecall: round(bench.recall),
  }),
)
