/**
 * Derives the compact run-time data files of src/matching/data/ from the public sources in
 * ../shared/data (see ../shared/data/SOURCES.md). The service must not read ../shared at run
 * time, so the derived files are committed; run this again (`npx tsx bench/lib/derive-matching-data.ts`)
 * when a source changes. Values are folded with the matcher's own text folding so that look-ups
 * at run time are plain map gets.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { parse as parseYaml } from 'yaml'
import { foldText } from '../../src/matching/text/fold.js'
import { parseCsv } from './csv.js'

const SHARED = new URL('../../../shared/data/', import.meta.url)
const OUT = new URL('../../src/matching/data/', import.meta.url)

function readShared(path: string): string {
  return readFileSync(new URL(path, SHARED), 'utf8').replace(/^\uFEFF/, '')
}

function writeJson(name: string, value: unknown): void {
  writeFileSync(new URL(name, OUT), `${JSON.stringify(value)}\n`)
}

/**
 * Aliases that are ordinary words or too short to strip safely: "in" (LLC in rigour) would eat
 * "Made In", a bare letter would eat an initial.
 */
const UNSAFE_LEGAL_FORM_ALIASES = new Set(['in', 'lt', 'll', 'lc', 'a', 'e', 'o', 'the', 'and', 'co op', 'fund', 'trust', 'bank'])

/**
 * Common forms rigour's alias list lacks as bare abbreviations (it has "Public JSC" but not
 * "JSC", "Limited Liability Partnership" but not "LLP" alone), and the generic words a company
 * name ends with. "Company", "Corporation" and "Inc" count as the plain limited-company family:
 * "General Motors Company" and "General Motors Corporation" are one body.
 */
const SUPPLEMENTARY_LEGAL_FORMS: [string, string, string][] = [
  ['plc', 'PLC', 'JSC'],
  ['public limited company', 'PLC', 'JSC'],
  ['public ltd co', 'PLC', 'JSC'],
  ['ltd', 'Ltd', 'LLC'],
  ['limited', 'Ltd', 'LLC'],
  ['co ltd', 'Co Ltd', 'LLC'],
  ['company limited', 'Ltd', 'LLC'],
  ['llp', 'LLP', 'LLP'],
  ['limited liability partnership', 'LLP', 'LLP'],
  ['lp', 'LP', 'LP'],
  ['limited partnership', 'LP', 'LP'],
  ['cic', 'CIC', 'NGO'],
  ['community interest company', 'CIC', 'NGO'],
  ['cio', 'CIO', 'NGO'],
  ['charitable incorporated organisation', 'CIO', 'NGO'],
  ['jsc', 'JSC', 'JSC'],
  ['ojsc', 'OJSC', 'JSC'],
  ['pjsc', 'PJSC', 'JSC'],
  ['cjsc', 'CJSC', 'JSC'],
  ['ag', 'AG', 'JSC'],
  ['sa', 'SA', 'JSC'],
  ['nv', 'NV', 'JSC'],
  ['spa', 'SpA', 'JSC'],
  ['se', 'SE', 'JSC'],
  ['bv', 'BV', 'LLC'],
  ['gmbh', 'GmbH', 'LLC'],
  ['srl', 'SRL', 'LLC'],
  ['sarl', 'SARL', 'LLC'],
  ['sl', 'SL', 'LLC'],
  ['sp z oo', 'Sp. z o.o.', 'LLC'],
  ['spzoo', 'Sp. z o.o.', 'LLC'],
  ['sro', 's.r.o.', 'LLC'],
  ['kft', 'Kft', 'LLC'],
  ['aps', 'ApS', 'LLC'],
  ['as', 'AS', 'JSC'],
  ['ab', 'AB', 'JSC'],
  ['oy', 'Oy', 'LLC'],
  ['oyj', 'Oyj', 'JSC'],
  ['llc', 'LLC', 'LLC'],
  ['pty ltd', 'Pty Ltd', 'LLC'],
  ['pty', 'Pty', 'LLC'],
  ['pte ltd', 'Pte Ltd', 'LLC'],
  ['inc', 'Inc', 'LLC'],
  ['incorporated', 'Inc', 'LLC'],
  ['corp', 'Corp', 'LLC'],
  ['corporation', 'Corp', 'LLC'],
  ['company', 'Co', 'LLC'],
  ['co', 'Co', 'LLC'],
  ['kg', 'KG', 'LP'],
  ['ohg', 'OHG', 'GP'],
  ['cyf', 'Cyf', 'LLC'],
  ['cyfyngedig', 'Cyf', 'LLC'],
  ['ccc', 'CCC', 'JSC'],
]

function deriveLegalForms(): void {
  const rows = parseCsv(readShared('legal_forms/rigour_org_types.csv'))
  const forms = new Map<string, [string, string]>()
  for (const [alias, display, family] of SUPPLEMENTARY_LEGAL_FORMS) forms.set(alias, [display, family])
  for (const row of rows.slice(1)) {
    const [alias = '', display = '', , generic = ''] = row
    const folded = foldText(alias)
    if (folded.length < 2 || UNSAFE_LEGAL_FORM_ALIASES.has(folded)) continue
    if (!forms.has(folded)) forms.set(folded, [display.trim(), generic.trim() || display.trim()])
  }
  // GB forms from the GLEIF ELF list that rigour lacks (Welsh forms, CIO, BenCom, …).
  const simple = parseCsv(readShared('legal_forms/legal_forms_simple.csv'))
  for (const row of simple.slice(1)) {
    const [form = '', abbreviations = '', country = ''] = row
    if (country !== 'GB') continue
    for (const alias of [form, ...abbreviations.split(';')]) {
      const folded = foldText(alias)
      if (folded.length < 2 || UNSAFE_LEGAL_FORM_ALIASES.has(folded) || forms.has(folded)) continue
      const display = abbreviations.split(';')[0]?.trim() || form.trim()
      forms.set(folded, [display, /partnership/i.test(form) ? 'LP' : /society|union|co-operative/i.test(form) ? 'COOP' : 'LLC'])
    }
  }
  writeJson('legal-forms.json', {
    source:
      'opensanctions/rigour resources/names/org_types.yml (MIT) via shared/data/legal_forms/rigour_org_types.csv, plus GB rows of the GLEIF ELF list (shared/data/legal_forms/legal_forms_simple.csv); folded alias -> [display, generic family]',
    forms: [...forms.entries()].map(([alias, [display, generic]]) => [alias, display, generic]),
  })
}

function deriveNicknames(): void {
  const groups = new Map<string, Set<string>>()
  const add = (canonical: string, nickname: string): void => {
    const c = foldText(canonical)
    const n = foldText(nickname)
    if (c.length < 2 || n.length < 2 || c === n || c.includes(' ') || n.includes(' ')) return
    let set = groups.get(c)
    if (set === undefined) groups.set(c, (set = new Set()))
    set.add(n)
  }
  for (const row of parseCsv(readShared('names/nicknames_carltonnorthern.csv')).slice(1)) {
    add(row[0] ?? '', row[2] ?? '')
  }
  for (const row of parseCsv(readShared('names/nicknames_onyxrev.csv')).slice(1)) {
    add((row[1] ?? '').trim(), (row[2] ?? '').trim())
  }
  const symbols = parseYaml(readShared('rigour/symbols.yml')) as Record<string, Record<string, string[]>>
  for (const variants of Object.values(symbols.person_nick ?? {})) {
    const [nick, ...canonicals] = variants
    for (const canonical of canonicals) add(canonical, nick ?? '')
  }
  writeJson('nicknames.json', {
    source:
      'carltonnorthern/nicknames names.csv (Apache-2.0), onyxrev/common_nickname_csv (public domain), rigour symbols.yml person_nick (MIT); canonical given name -> nicknames',
    names: Object.fromEntries([...groups.entries()].sort().map(([c, set]) => [c, [...set].sort()])),
  })
}

/** Titles rigour lacks but UK registers and Companies House exports carry. */
const EXTRA_TITLES = [
  'mstr',
  'dr',
  'rev',
  'revd',
  'cllr',
  'councillor',
  'sgt',
  'insp',
  'det',
  'dc',
  'ds',
  'pc',
  'esq',
  'jr',
  'jnr',
  'snr',
  'sr',
  'obe',
  'mbe',
  'cbe',
  'kc',
  'qc',
  'phd',
  'bsc',
  'msc',
  'shaikh',
  'sheikh',
  'haji',
  'hajji',
  'alhaji',
  'mr and mrs',
]

function deriveTitles(): void {
  const stopwords = parseYaml(readShared('rigour/stopwords.yml')) as Record<string, string[]>
  const titles = new Set<string>()
  for (const title of [...(stopwords.PERSON_NAME_PREFIXES ?? []), ...EXTRA_TITLES]) {
    const folded = foldText(title)
    // "the" alone and military ranks that are also given names would erase real name parts.
    if (folded.length === 0 || folded === 'the' || folded === 'general' || folded === 'private') continue
    titles.add(folded)
  }
  writeJson('person-titles.json', {
    source:
      'opensanctions/rigour resources/names/stopwords.yml PERSON_NAME_PREFIXES (MIT), plus UK post-nominals and ranks listed in bench/lib/derive-matching-data.ts',
    titles: [...titles].sort(),
  })
}

/** UK thoroughfare and premises abbreviations Royal Mail addresses use that the OpenCage list lacks. */
const EXTRA_STREET_FORMS: [string, string][] = [
  ['rd', 'road'],
  ['st', 'street'],
  ['ave', 'avenue'],
  ['av', 'avenue'],
  ['ln', 'lane'],
  ['cres', 'crescent'],
  ['ct', 'court'],
  ['dr', 'drive'],
  ['pl', 'place'],
  ['sq', 'square'],
  ['terr', 'terrace'],
  ['ter', 'terrace'],
  ['tce', 'terrace'],
  ['gdns', 'gardens'],
  ['gdn', 'garden'],
  ['cl', 'close'],
  ['gr', 'grove'],
  ['gro', 'grove'],
  ['pde', 'parade'],
  ['wy', 'way'],
  ['wk', 'walk'],
  ['mws', 'mews'],
  ['hse', 'house'],
  ['bldg', 'building'],
  ['bldgs', 'buildings'],
  ['ind', 'industrial'],
  ['est', 'estate'],
  ['pk', 'park'],
  ['cnr', 'corner'],
  ['grn', 'green'],
  ['hl', 'hill'],
  ['mt', 'mount'],
  ['n', 'north'],
  ['s', 'south'],
  ['e', 'east'],
  ['w', 'west'],
  ['upr', 'upper'],
  ['lwr', 'lower'],
  ['gt', 'great'],
  ['lt', 'little'],
  ['ctr', 'centre'],
  ['cen', 'centre'],
  ['center', 'centre'],
  ['bvd', 'boulevard'],
  ['blvd', 'boulevard'],
  ['hwy', 'highway'],
  ['app', 'approach'],
  ['flt', 'flat'],
  ['apt', 'flat'],
  ['apartment', 'flat'],
  ['no', 'number'],
]

function deriveStreetForms(): void {
  const forms = new Map<string, string>()
  for (const row of parseCsv(readShared('uk_addresses/address_abbreviations_en.csv')).slice(1)) {
    const [component, long = '', short = ''] = row
    if (component !== 'road') continue
    // The OpenCage list maps "Cl" to Circle (US); in UK addresses Cl is Close, set below.
    if (short.toLowerCase() === 'cl') continue
    forms.set(foldText(short), foldText(long))
  }
  for (const [short, long] of EXTRA_STREET_FORMS) forms.set(short, long)
  forms.delete('jr')
  writeJson('street-forms.json', {
    source:
      'OpenCageData/address-formatting conf/abbreviations/en.yaml road entries (MIT) via shared/data/uk_addresses/address_abbreviations_en.csv, plus Royal Mail style UK forms listed in bench/lib/derive-matching-data.ts; abbreviation -> long form',
    forms: Object.fromEntries([...forms.entries()].sort()),
  })
}

/**
 * Org-name descriptors (company, group, holdings, services…) from rigour's symbol list, folded to
 * one canonical term per symbol so that "Corp" and "Corporation" agree, and so that they start
 * with a low background weight before the register's own IDF is known.
 */
function deriveOrgSymbols(): void {
  const symbols = parseYaml(readShared('rigour/symbols.yml')) as Record<string, Record<string, string[]>>
  const terms = new Map<string, string>()
  for (const [key, variants] of Object.entries(symbols.org_symbols ?? {})) {
    const canonical = foldText(variants[0] ?? key)
    if (canonical.length < 2 || canonical.includes(' ')) continue
    for (const variant of [key, ...variants]) {
      const folded = foldText(variant)
      // Only Latin-script variants survive folding as themselves; multi-word phrases would need
      // a phrase matcher and are rare in UK supplier names.
      if (folded.length < 2 || folded.includes(' ') || !/^[a-z0-9]+$/.test(folded)) continue
      if (!terms.has(folded)) terms.set(folded, canonical)
    }
  }
  writeJson('org-symbols.json', {
    source: 'opensanctions/rigour resources/names/symbols.yml org_symbols (MIT); folded term -> canonical descriptor',
    terms: Object.fromEntries([...terms.entries()].sort()),
  })
}

deriveLegalForms()
deriveNicknames()
deriveTitles()
deriveStreetForms()
deriveOrgSymbols()
console.log('matching data derived into src/matching/data/')
