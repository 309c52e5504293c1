/**
 * Derives the compact run-time data files of src/matching/data/ from public sources (their
 * origins and licences: src/matching/data/README.md), read from a directory given on the command
 * line. The service, the eval and the benches never read those sources, so the derived files are
 * committed; a maintainer runs this again when a source changes:
 * `npx tsx bench/lib/derive-matching-data.ts <data directory>`. Values are folded with the matcher's own text folding so that look-ups
 * at run time are plain map gets.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { parse as parseYaml } from 'yaml'
import { abbreviates } from '../../src/matching/text/abbreviation.js'
import { foldText } from '../../src/matching/text/fold.js'
import { parseCsv } from './csv.js'
import { sourceDataDir } from './source-data.js'

const SHARED = sourceDataDir('derive-matching-data.ts')
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
      'opensanctions/rigour resources/names/org_types.yml (MIT) via data set file legal_forms/rigour_org_types.csv, plus GB rows of the GLEIF ELF list (data set file legal_forms/legal_forms_simple.csv); folded alias -> [display, generic family]',
    forms: [...forms.entries()].map(([alias, [display, generic]]) => [alias, display, generic]),
  })
}

/** Whether two given names share a form: their first letter, or a letter pair past one's first letter. */
function shareForm(a: string, b: string): boolean {
  if (a[0] === b[0]) return true
  const pairsIn = (word: string, from: number): Set<string> => {
    const pairs = new Set<string>()
    for (let i = from; i + 1 < word.length; i++) pairs.add(word.slice(i, i + 2))
    return pairs
  }
  const inA = pairsIn(a, 0)
  const inB = pairsIn(b, 0)
  for (const pair of pairsIn(a, 1)) if (inB.has(pair)) return true
  for (const pair of pairsIn(b, 1)) if (inA.has(pair)) return true
  return false
}

/**
 * Nicknames, with a strength per pair read from the data. A diminutive is made from its name,
 * clipped or rhymed on it (Dan/Daniel, Bill/William, Ted/Edward), so its form shares the
 * name's first letter or a letter pair; the rhymes that share neither (Peggy/Margaret,
 * Polly/Mary) are old enough that two of the lists give them. A pair only one list gives whose
 * forms share nothing (Ian/John, Ivan/John, Bill/Robert) is a cognate or a loose association:
 * listed under `cognates` too, and scored lower than a nickname. (onyxrev's list is nearly a
 * subset of carltonnorthern's: agreement says the pair is in the genealogical core both kept.)
 */
function deriveNicknames(): void {
  const groups = new Map<string, Set<string>>()
  /** Unordered pair "a b" (a < b) → the lists that give it. */
  const sources = new Map<string, Set<string>>()
  const pairKey = (x: string, y: string): string => (x < y ? `${x} ${y}` : `${y} ${x}`)
  const add = (canonical: string, nickname: string, source: string): void => {
    const c = foldText(canonical)
    const n = foldText(nickname)
    if (c.length < 2 || n.length < 2 || c === n || c.includes(' ') || n.includes(' ')) return
    let set = groups.get(c)
    if (set === undefined) groups.set(c, (set = new Set()))
    set.add(n)
    const key = pairKey(c, n)
    let from = sources.get(key)
    if (from === undefined) sources.set(key, (from = new Set()))
    from.add(source)
  }
  for (const row of parseCsv(readShared('names/nicknames_carltonnorthern.csv')).slice(1)) {
    add(row[0] ?? '', row[2] ?? '', 'carltonnorthern')
  }
  for (const row of parseCsv(readShared('names/nicknames_onyxrev.csv')).slice(1)) {
    add((row[1] ?? '').trim(), (row[2] ?? '').trim(), 'onyxrev')
  }
  const symbols = parseYaml(readShared('rigour/symbols.yml')) as Record<string, Record<string, string[]>>
  for (const variants of Object.values(symbols.person_nick ?? {})) {
    const [nick, ...canonicals] = variants
    for (const canonical of canonicals) add(canonical, nick ?? '', 'rigour')
  }
  const cognate = (c: string, n: string): boolean => (sources.get(pairKey(c, n))?.size ?? 0) < 2 && !shareForm(c, n)
  const sorted = [...groups.entries()].sort()
  const cognates = sorted.map(([c, set]): [string, string[]] => [c, [...set].filter((n) => cognate(c, n)).sort()]).filter(([, list]) => list.length > 0)
  writeJson('nicknames.json', {
    source:
      'carltonnorthern/nicknames names.csv (Apache-2.0), onyxrev/common_nickname_csv (public domain), rigour symbols.yml person_nick (MIT); canonical given name -> nicknames',
    rule: 'cognates: pairs one list gives whose forms share neither first letter nor a letter pair (see deriveNicknames)',
    names: Object.fromEntries(sorted.map(([c, set]) => [c, [...set].sort()])),
    cognates: Object.fromEntries(cognates),
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

/**
 * The groups of rigour's address forms (normal form → variants, multilingual) that UK addresses
 * use, each with the English word its members fold to. Groups for other countries' streets
 * (calle, ulitsa, prospekt…), US highway types and ones whose members are not one thing in UK
 * English (`pl`: place and plot; `co`: county and care of) are left out.
 */
const RIGOUR_UK_ADDRESS_GROUPS: Record<string, string> = {
  apt: 'flat',
  av: 'avenue',
  rd: 'road',
  no: 'number',
  twr: 'tower',
  rm: 'room',
  bldg: 'building',
  blk: 'block',
  blvd: 'boulevard',
  st: 'street',
  dr: 'drive',
  ln: 'lane',
  pt: 'point',
  ct: 'court',
  ter: 'terrace',
  unt: 'unit',
  sq: 'square',
  cnr: 'corner',
  hts: 'heights',
  mt: 'mount',
  hl: 'hill',
  ctr: 'centre',
  pk: 'park',
  est: 'estate',
  stn: 'station',
  bnglw: 'bungalow',
  ind: 'industrial',
  ste: 'suite',
  fl: 'floor',
  hwy: 'highway',
  jct: 'junction',
}

/**
 * Members that mean something else in a UK address: "nr" is "near" as often as "number", "fl"
 * is as often "flat" as "floor", "per" (pereulok) and "central" are ordinary words.
 */
const RIGOUR_ADDRESS_EXCLUDED = new Set(['nr', 'fl', 'per', 'central', 'mountain', 'kom', 'd'])

/** rigour's UK-relevant address forms as abbreviation or variant → English word. */
function rigourAddressForms(): Map<string, string> {
  const yaml = parseYaml(readShared('rigour/address_forms.yml')) as { forms: Record<string, unknown[]> }
  const forms = new Map<string, string>()
  for (const [key, english] of Object.entries(RIGOUR_UK_ADDRESS_GROUPS)) {
    for (const member of [key, ...(yaml.forms[key] ?? [])]) {
      const folded = foldText(String(member))
      // Single ASCII words only: the parser looks words up one at a time.
      if (folded.length < 2 || folded.includes(' ') || folded === english || RIGOUR_ADDRESS_EXCLUDED.has(folded)) continue
      forms.set(folded, english)
    }
  }
  return forms
}

function deriveStreetForms(): void {
  const forms = new Map<string, string>()
  for (const row of parseCsv(readShared('uk_addresses/address_abbreviations_en.csv')).slice(1)) {
    const [component, long = '', short = ''] = row
    if (component !== 'road') continue
    // The OpenCage list maps "Cl" to Circle (US); in UK addresses Cl is Close, set below.
    if (short.toLowerCase() === 'cl') continue
    forms.set(foldText(short), foldText(long))
  }
  for (const [variant, english] of rigourAddressForms()) if (!forms.has(variant)) forms.set(variant, english)
  for (const [short, long] of EXTRA_STREET_FORMS) forms.set(short, long)
  forms.delete('jr')
  // One look-up must reach the final word: "bldgs" → "buildings" → "building".
  for (const [short, long] of forms) {
    let target = long
    for (let hops = 0; forms.has(target) && forms.get(target) !== target && hops < 5; hops++) target = forms.get(target) as string
    forms.set(short, target)
  }
  for (const [short, long] of forms) if (short === long) forms.delete(short)
  writeJson('street-forms.json', {
    source:
      'OpenCageData/address-formatting conf/abbreviations/en.yaml road entries (MIT) via data set file uk_addresses/address_abbreviations_en.csv; the UK-relevant groups of opensanctions/rigour resources/addresses/forms.yml (MIT) via data set file rigour/address_forms.yml; Royal Mail style UK forms listed in bench/lib/derive-matching-data.ts; abbreviation or variant -> English word',
    forms: Object.fromEntries([...forms.entries()].sort()),
  })
}

/**
 * Common English abbreviations of company-name words that rigour's lists lack (they give
 * "mgmt", "intl", "bros", "assoc", "dev", and the domain keys "eng" and "tech", but not
 * "svcs" or "constr"). Kept to the standard short forms of words found in UK company names;
 * each must abbreviate its word (src/matching/text/abbreviation.ts), which the derivation checks.
 */
const SUPPLEMENTARY_ORG_ABBREVIATIONS: [string, string][] = [
  ['svc', 'service'],
  ['svcs', 'services'],
  ['servs', 'services'],
  ['constr', 'construction'],
  ['const', 'construction'],
  ['cnstr', 'construction'],
  ['bldg', 'building'],
  ['bldgs', 'buildings'],
  ['bldrs', 'builders'],
  ['hldgs', 'holdings'],
  ['hldg', 'holding'],
  ['engg', 'engineering'],
  ['engr', 'engineering'],
  ['engrs', 'engineers'],
  ['mgt', 'management'],
  ['mngmt', 'management'],
  ['mfg', 'manufacturing'],
  ['mfrs', 'manufacturers'],
  ['mktg', 'marketing'],
  ['elec', 'electrical'],
  ['maint', 'maintenance'],
  ['contr', 'contractors'],
  ['contrs', 'contractors'],
  ['equip', 'equipment'],
  ['props', 'properties'],
  ['prop', 'property'],
  ['invest', 'investments'],
  ['invs', 'investments'],
  ['fin', 'financial'],
  ['sys', 'systems'],
  ['solns', 'solutions'],
  ['transp', 'transport'],
  ['inds', 'industries'],
  ['ind', 'industries'],
  ['ents', 'enterprises'],
  ['ent', 'enterprises'],
  ['assn', 'association'],
  ['assocs', 'associates'],
  ['accts', 'accountants'],
  ['dept', 'department'],
  ['distn', 'distribution'],
  ['dist', 'distribution'],
  ['mech', 'mechanical'],
  ['tech', 'technology'],
  ['techs', 'technologies'],
  ['telecom', 'telecommunications'],
  ['telecoms', 'telecommunications'],
  ['comms', 'communications'],
  ['govt', 'government'],
  ['natl', 'national'],
  ['univ', 'university'],
  ['hosp', 'hospital'],
  ['prods', 'products'],
  ['prod', 'products'],
  ['supp', 'supplies'],
  ['sups', 'supplies'],
]

/**
 * Org-name descriptors (company, group, holdings, services…) from rigour's symbol list, folded to
 * one canonical term per symbol so that "Corp" and "Corporation" agree, and so that they start
 * with a low background weight before the register's own IDF is known. Abbreviations of other
 * name words ("constr", "eng") become `expansions`: the word written out, weighted as any word.
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
  // Abbreviations from rigour's org-domain groups: the group's key ("eng", "tech", "distrib")
  // and the members written as abbreviations ("mfg.", "shpg": a final dot, or no vowel past the
  // first letter) that abbreviate the group's first member, its English word. The groups' other
  // members are translations, not spellings, and are left alone.
  const abbreviations = new Map<string, string>()
  for (const [key, variants] of Object.entries(symbols.org_domains ?? {})) {
    const long = foldText(String(variants[0] ?? ''))
    if (!/^[a-z]+$/.test(long)) continue
    const shorts = [key, ...variants.map(String).filter((v) => v.trim().endsWith('.') || /^[a-z][^aeiou]+$/.test(foldText(v)))]
    for (const short of shorts.map((v) => foldText(v))) {
      if (abbreviates(short, long) && !abbreviations.has(short)) abbreviations.set(short, long)
    }
  }
  for (const [short, long] of SUPPLEMENTARY_ORG_ABBREVIATIONS) {
    if (!abbreviates(short, long)) throw new Error(`supplementary abbreviation ${short} does not abbreviate ${long}`)
    if (!abbreviations.has(short)) abbreviations.set(short, long)
  }
  // An abbreviation of a descriptor is that descriptor ("svcs" → "service"); of anything else,
  // the written-out word. Words that are names in their own right stay as they are.
  const expansions = new Map<string, string>()
  for (const [short, long] of abbreviations) {
    if (terms.has(short)) continue
    const symbol = terms.get(long)
    if (symbol !== undefined) terms.set(short, symbol)
    else expansions.set(short, long)
  }
  writeJson('org-symbols.json', {
    source:
      'opensanctions/rigour resources/names/symbols.yml org_symbols (MIT); abbreviations from its org_domains groups and the supplementary list in bench/lib/derive-matching-data.ts; terms: folded term -> canonical descriptor; expansions: abbreviation -> word',
    terms: Object.fromEntries([...terms.entries()].sort()),
    expansions: Object.fromEntries([...expansions.entries()].sort()),
  })
}

/**
 * Korean surnames in Hangul → their romanisations, most usual first, from the KR rows of
 * sigpwned/popular-names-by-country (CC0, compiled from Wikipedia's list of Korean surnames):
 * each name group is one surname with its spellings (김: Kim, Gim, Ghim). Single letters ("O",
 * "U") are dropped: a one-letter part reads as an initial.
 */
function deriveKoreanSurnames(): void {
  const groups = new Map<string, { hangul: string[]; latin: string[] }>()
  for (const row of parseCsv(readShared('names/common_surnames_by_country_sigpwned.csv')).slice(1)) {
    const [country, , , group = '', localized = '', romanized = ''] = row
    if (country !== 'KR' && country !== 'KP') continue
    let entry = groups.get(group)
    if (entry === undefined) groups.set(group, (entry = { hangul: [], latin: [] }))
    if (/^[\uAC00-\uD7AF]{1,2}$/.test(localized.trim())) entry.hangul.push(localized.trim())
    const latin = foldText(romanized)
    if (/^[a-z]{2,}$/.test(latin) && !entry.latin.includes(latin)) entry.latin.push(latin)
  }
  const surnames = new Map<string, string[]>()
  for (const { hangul, latin } of groups.values()) {
    for (const name of hangul) {
      const list = surnames.get(name) ?? []
      for (const spelling of latin) if (!list.includes(spelling)) list.push(spelling)
      if (list.length > 0) surnames.set(name, list)
    }
  }
  writeJson('korean-surnames.json', {
    source:
      'sigpwned/popular-names-by-country-dataset common-surnames-by-country.csv KR rows (CC0) via data set file names/common_surnames_by_country_sigpwned.csv; Hangul surname -> romanisations, most usual first',
    surnames: Object.fromEntries([...surnames.entries()].sort()),
  })
}

deriveLegalForms()
deriveNicknames()
deriveTitles()
deriveStreetForms()
deriveOrgSymbols()
deriveKoreanSurnames()
console.log('matching data derived into src/matching/data/')
