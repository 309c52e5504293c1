/**
 * Seeded generator of a synthetic OCG register and of suppliers derived from it, for the
 * quality evaluation (bench/eval.ts) and the speed benchmark (bench/matching-bench.ts). Same seed,
 * same data. Person names come from the FEBRL name columns plus common UK names; company names
 * are distinctive word + trade word(s) + legal form, as UK supplier names are.
 */
import { readFileSync } from 'node:fs'
import type { Address, RegisterEntity, RegisterGroup, RegisterInput, RiskLevel, Supplier } from '../../src/matching/index.js'
import { parseCsv } from './csv.js'

/** Mulberry32: a small, fast, seedable PRNG (Tommy Ettinger, public domain). */
export class Random {
  private state: number
  constructor(seed: number) {
    this.state = seed >>> 0
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  int(n: number): number {
    return Math.floor(this.next() * n)
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T
  }
  chance(p: number): boolean {
    return this.next() < p
  }
}

const SHARED = new URL('../../../shared/data/', import.meta.url)

const UK_GIVEN = [
  'james',
  'john',
  'robert',
  'michael',
  'william',
  'david',
  'richard',
  'joseph',
  'thomas',
  'charles',
  'daniel',
  'matthew',
  'anthony',
  'mark',
  'steven',
  'paul',
  'andrew',
  'joshua',
  'kenneth',
  'kevin',
  'brian',
  'george',
  'edward',
  'ronald',
  'timothy',
  'jason',
  'jeffrey',
  'ryan',
  'jacob',
  'gary',
  'nicholas',
  'eric',
  'stephen',
  'jonathan',
  'larry',
  'justin',
  'scott',
  'frank',
  'benjamin',
  'gregory',
  'samuel',
  'raymond',
  'patrick',
  'alexander',
  'jack',
  'dennis',
  'jerry',
  'tyler',
  'aaron',
  'henry',
  'douglas',
  'peter',
  'adam',
  'nathan',
  'zachary',
  'walter',
  'kyle',
  'harold',
  'carl',
  'jeremy',
  'keith',
  'roger',
  'gerald',
  'ethan',
  'arthur',
  'terry',
  'christian',
  'sean',
  'lawrence',
  'austin',
  'joe',
  'noah',
  'jesse',
  'albert',
  'bryan',
  'billy',
  'bruce',
  'willie',
  'jordan',
  'dylan',
  'alan',
  'ralph',
  'gabriel',
  'roy',
  'juan',
  'wayne',
  'eugene',
  'logan',
  'randy',
  'louis',
  'russell',
  'vincent',
  'philip',
  'bobby',
  'johnny',
  'bradley',
  'mary',
  'patricia',
  'jennifer',
  'linda',
  'elizabeth',
  'barbara',
  'susan',
  'jessica',
  'sarah',
  'karen',
  'nancy',
  'margaret',
  'lisa',
  'betty',
  'dorothy',
  'sandra',
  'ashley',
  'kimberly',
  'donna',
  'emily',
  'michelle',
  'carol',
  'amanda',
  'melissa',
  'deborah',
  'stephanie',
  'rebecca',
  'laura',
  'sharon',
  'cynthia',
  'kathleen',
  'amy',
  'shirley',
  'angela',
  'helen',
  'anna',
  'brenda',
  'pamela',
  'nicole',
  'samantha',
  'katherine',
  'emma',
  'ruth',
  'christine',
  'catherine',
  'debra',
  'rachel',
  'carolyn',
  'janet',
  'virginia',
  'maria',
  'heather',
  'diane',
  'julie',
  'joyce',
  'victoria',
  'kelly',
  'christina',
  'joan',
  'evelyn',
  'lauren',
  'judith',
  'olivia',
  'frances',
  'martha',
  'cheryl',
  'megan',
  'andrea',
  'hannah',
  'jacqueline',
  'ann',
  'jean',
  'alice',
  'kathryn',
  'gloria',
  'teresa',
  'doris',
  'sara',
  'janice',
  'julia',
  'marie',
  'madison',
  'grace',
  'judy',
  'theresa',
  'beverly',
  'denise',
  'marilyn',
  'amber',
  'danielle',
  'abigail',
  'brittany',
  'rose',
  'diana',
  'natalie',
  'sophia',
  'alexis',
  'lori',
  'kayla',
  'jane',
  'mohammed',
  'ahmed',
  'ali',
  'hassan',
  'omar',
  'imran',
  'tariq',
  'bilal',
  'priya',
  'anil',
  'sanjay',
  'rajesh',
  'piotr',
  'tomasz',
  'krzysztof',
  'andrzej',
  'agnieszka',
  'katarzyna',
  'connor',
  'liam',
  'niamh',
  'siobhan',
  'ciaran',
  'declan',
  'aoife',
]
const UK_SURNAMES = [
  'smith',
  'jones',
  'williams',
  'taylor',
  'brown',
  'davies',
  'evans',
  'wilson',
  'thomas',
  'johnson',
  'roberts',
  'robinson',
  'thompson',
  'wright',
  'walker',
  'white',
  'edwards',
  'hughes',
  'green',
  'hall',
  'lewis',
  'harris',
  'clarke',
  'patel',
  'jackson',
  'wood',
  'turner',
  'martin',
  'cooper',
  'hill',
  'ward',
  'morris',
  'moore',
  'clark',
  'lee',
  'king',
  'baker',
  'harrison',
  'morgan',
  'allen',
  'james',
  'scott',
  'phillips',
  'watson',
  'davis',
  'parker',
  'price',
  'bennett',
  'young',
  'griffiths',
  'mitchell',
  'kelly',
  'cook',
  'carter',
  'richardson',
  'bailey',
  'collins',
  'bell',
  'shaw',
  'murphy',
  'miller',
  'cox',
  'richards',
  'khan',
  'marshall',
  'anderson',
  'simpson',
  'ellis',
  'adams',
  'singh',
  'begum',
  'wilkinson',
  'foster',
  'chapman',
  'powell',
  'webb',
  'rogers',
  'gray',
  'mason',
  'ali',
  'hunt',
  'hussain',
  'campbell',
  'matthews',
  'owen',
  'palmer',
  'holmes',
  'mills',
  'barnes',
  'knight',
  'lloyd',
  'butler',
  'russell',
  'barker',
  'fisher',
  'stevens',
  'jenkins',
  'murray',
  'dixon',
  'harvey',
  'graham',
  'pearson',
  'ahmed',
  'fletcher',
  'walsh',
  'kaur',
  'gibson',
  'howard',
  'andrews',
  'stewart',
  'elliott',
  'reynolds',
  'saunders',
  'payne',
  'fox',
  'ford',
  'pearce',
  'day',
  'brooks',
  'west',
  'lawrence',
  'cole',
  'atkinson',
  'bradley',
  'spencer',
  'gill',
  'dawson',
  'ball',
  'burton',
  'oconnor',
  'mcdonald',
  'doyle',
  'byrne',
  'obrien',
  'nowak',
  'kowalski',
  'wisniewski',
  'mohammed',
  'rahman',
  'chowdhury',
  'sharma',
  'kumar',
  'okafor',
  'mensah',
  'osei',
]
const DISTINCTIVE = [
  'northern',
  'pennine',
  'mersey',
  'irwell',
  'lowry',
  'canalside',
  'redrock',
  'ironbridge',
  'blackstone',
  'greenfield',
  'oakwood',
  'ashford',
  'kingsway',
  'riverside',
  'hillcrest',
  'brookfield',
  'castlegate',
  'millbank',
  'stonehaven',
  'westgate',
  'eastfield',
  'harbour',
  'summit',
  'pinnacle',
  'apex',
  'vertex',
  'falcon',
  'phoenix',
  'titan',
  'orion',
  'atlas',
  'sterling',
  'crown',
  'regal',
  'premier',
  'elite',
  'swift',
  'rapid',
  'alpha',
  'omega',
  'delta',
  'zenith',
  'horizon',
  'meridian',
  'trident',
  'vanguard',
  'sentinel',
  'guardian',
  'beacon',
  'anchor',
  'compass',
  'keystone',
  'cornerstone',
  'bedrock',
  'granite',
  'flint',
  'cobalt',
  'onyx',
  'ember',
  'cedar',
  'willow',
  'hawthorn',
  'heather',
  'thistle',
  'bramble',
  'ivy',
  'maple',
  'rowan',
  'aspen',
  'hazel',
]
const TRADES = [
  'construction',
  'paving',
  'groundworks',
  'scaffolding',
  'roofing',
  'haulage',
  'waste management',
  'cleaning',
  'security',
  'recruitment',
  'building',
  'plant hire',
  'skip hire',
  'landscaping',
  'demolition',
  'logistics',
  'facilities management',
  'electrical',
  'plumbing',
  'catering',
  'transport',
  'recycling',
  'civil engineering',
  'surfacing',
  'drainage',
  'fencing',
  'joinery',
  'interiors',
  'car wash',
  'vehicle recovery',
  'tarmac',
  'property maintenance',
]
const GENERIC = ['services', 'solutions', 'group', 'holdings', 'uk', 'contractors', 'enterprises', 'trading', 'international', 'partners']
const LEGAL = ['Ltd', 'Limited', 'Ltd', 'Ltd', 'Limited', 'LLP', 'PLC', 'CIC']
const STREET_TYPES = ['Road', 'Street', 'Lane', 'Avenue', 'Close', 'Drive', 'Way', 'Crescent', 'Court', 'Place', 'Terrace', 'Gardens', 'Grove']
const STREET_ABBREVIATIONS: Readonly<Record<string, string>> = {
  Road: 'Rd',
  Street: 'St',
  Lane: 'Ln',
  Avenue: 'Ave',
  Close: 'Cl',
  Drive: 'Dr',
  Crescent: 'Cres',
  Court: 'Ct',
  Place: 'Pl',
  Terrace: 'Terr',
  Gardens: 'Gdns',
  Grove: 'Gr',
  Way: 'Way',
}
const TOWNS: readonly [string, string][] = [
  ['Manchester', 'M'],
  ['Salford', 'M'],
  ['Bolton', 'BL'],
  ['Oldham', 'OL'],
  ['Stockport', 'SK'],
  ['Wigan', 'WN'],
  ['Liverpool', 'L'],
  ['Leeds', 'LS'],
  ['Bradford', 'BD'],
  ['Sheffield', 'S'],
  ['Birmingham', 'B'],
  ['Coventry', 'CV'],
  ['Nottingham', 'NG'],
  ['Leicester', 'LE'],
  ['Newcastle upon Tyne', 'NE'],
  ['Sunderland', 'SR'],
  ['Glasgow', 'G'],
  ['Edinburgh', 'EH'],
  ['Cardiff', 'CF'],
  ['Bristol', 'BS'],
  ['London', 'E'],
  ['London', 'N'],
  ['London', 'SE'],
  ['London', 'SW'],
  ['Preston', 'PR'],
  ['Blackburn', 'BB'],
  ['Hull', 'HU'],
  ['Middlesbrough', 'TS'],
]
const ONSETS = ['b', 'c', 'd', 'f', 'g', 'h', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'w', 'br', 'cr', 'dr', 'gr', 'tr', 'st', 'pl', 'sh']
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ea', 'oa']
const MIDDLES = ['l', 'm', 'n', 'r', 'v', 'x', 'z', 'nd', 'rm', 'lv', 'st', 'rn', 'mb', 'nt']
const CODAS = ['n', 'r', 'x', 'ne', 'ra', 'ton', 'ley', 'wood', 'field', 'by']
const UNIT_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ'
const ROLES = ['principal member', 'associate', 'money launderer', 'enforcer', 'facilitator']
/** Cyrillic spellings of names with a common Latin transliteration. */
const CYRILLIC_NAMES: readonly [string, string][] = [
  ['Владимир Петров', 'Vladimir Petrov'],
  ['Дмитрий Иванов', 'Dmitriy Ivanov'],
  ['Сергей Смирнов', 'Sergey Smirnov'],
  ['Алексей Кузнецов', 'Aleksey Kuznetsov'],
  ['Андрей Попов', 'Andrey Popov'],
  ['Николай Соколов', 'Nikolay Sokolov'],
  ['Михаил Лебедев', 'Mikhail Lebedev'],
  ['Олег Козлов', 'Oleg Kozlov'],
  ['Игорь Новиков', 'Igor Novikov'],
  ['Юрий Морозов', 'Yuriy Morozov'],
]
/** Spelling families that transliteration produces. */
const SPELLING_FAMILIES: readonly string[][] = [
  ['Mohammed', 'Muhammad', 'Mohamed', 'Mohammad'],
  ['Yusuf', 'Yousef', 'Youssef'],
  ['Aleksandr', 'Alexander', 'Oleksandr'],
  ['Hussain', 'Hussein', 'Husain'],
  ['Abdul', 'Abdel'],
  ['Mustafa', 'Mostafa'],
  ['Sergei', 'Sergey', 'Serhiy'],
  ['Dmitri', 'Dmitry', 'Dmytro'],
]
const NICKNAMES: Readonly<Record<string, string>> = {
  william: 'Bill',
  robert: 'Bob',
  richard: 'Dick',
  james: 'Jim',
  john: 'Jack',
  michael: 'Mike',
  daniel: 'Danny',
  thomas: 'Tom',
  joseph: 'Joe',
  anthony: 'Tony',
  edward: 'Ted',
  stephen: 'Steve',
  andrew: 'Andy',
  christopher: 'Chris',
  nicholas: 'Nick',
  matthew: 'Matt',
  margaret: 'Peggy',
  elizabeth: 'Liz',
  katherine: 'Kate',
  patricia: 'Pat',
  jennifer: 'Jenny',
  rebecca: 'Becky',
  samuel: 'Sam',
  benjamin: 'Ben',
  alexander: 'Alex',
  timothy: 'Tim',
  gregory: 'Greg',
  peter: 'Pete',
  david: 'Dave',
  kenneth: 'Ken',
}

function title(word: string): string {
  return word.replace(/(^|[\s-])([a-z])/g, (_, pre: string, ch: string) => pre + ch.toUpperCase())
}

function loadFebrlNames(): { given: string[]; surnames: string[] } {
  const rows = parseCsv(readFileSync(new URL('febrl/febrl_dataset3.csv', SHARED), 'utf8')).slice(1)
  const given = new Set<string>()
  const surnames = new Set<string>()
  for (const row of rows) {
    if (!(row[0] ?? '').endsWith('-org')) continue
    if (/^[a-z]{3,}$/.test(row[1] ?? '')) given.add(row[1] as string)
    if (/^[a-z]{3,}$/.test(row[2] ?? '')) surnames.add(row[2] as string)
  }
  return { given: [...given], surnames: [...surnames] }
}

export interface SyntheticPerson {
  given: string
  middle: string | null
  surname: string
  dateOfBirth: string
}

export interface SyntheticCompany {
  distinctive: string[]
  trade: string
  generic: string | null
  legal: string
  companyNumber: string
}

export interface SyntheticAddress {
  number: number
  flat: number | null
  street: string
  streetType: string
  town: string
  outward: string
  inward: string
}

/** Everything a group is made of, kept structured so variants can be derived from it. */
export interface SyntheticGroup {
  group: RegisterGroup
  companies: SyntheticCompany[]
  people: SyntheticPerson[]
  addresses: SyntheticAddress[]
  phones: string[]
  domain: string
  cyrillic: [string, string] | null
}

export class SyntheticWorld {
  readonly random: Random
  private readonly given: string[]
  private readonly surnames: string[]
  private companySerial = 1_000_000
  private readonly usedPostcodes = new Set<string>()

  constructor(seed: number) {
    this.random = new Random(seed)
    const febrl = loadFebrlNames()
    this.given = [...UK_GIVEN, ...febrl.given]
    this.surnames = [...UK_SURNAMES, ...UK_SURNAMES, ...febrl.surnames]
  }

  person(): SyntheticPerson {
    const r = this.random
    const year = 1950 + r.int(50)
    const month = 1 + r.int(12)
    const day = 1 + r.int(28)
    return {
      given: r.pick(this.given),
      middle: r.chance(0.4) ? r.pick(this.given) : null,
      surname: r.pick(this.surnames),
      dateOfBirth: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    }
  }

  /** A made-up brand word ("Corvane", "Delmora"): real registers are full of coined names. */
  coinedWord(): string {
    const r = this.random
    return r.pick(ONSETS) + r.pick(VOWELS) + r.pick(MIDDLES) + r.pick(VOWELS) + (r.chance(0.5) ? r.pick(CODAS) : '')
  }

  company(): SyntheticCompany {
    const r = this.random
    const roll = r.next()
    const distinctive =
      roll < 0.3
        ? [r.pick(this.surnames)]
        : roll < 0.55
          ? [r.pick(DISTINCTIVE), r.pick(this.surnames)]
          : roll < 0.9
            ? [this.coinedWord()]
            : [r.pick(DISTINCTIVE)]
    this.companySerial += 1 + r.int(5000)
    return {
      distinctive,
      trade: r.pick(TRADES),
      generic: r.chance(0.5) ? r.pick(GENERIC) : null,
      legal: r.pick(LEGAL),
      companyNumber: String(this.companySerial).padStart(8, '0'),
    }
  }

  address(): SyntheticAddress {
    const r = this.random
    const [town, area] = r.pick(TOWNS)
    let outward = ''
    let inward = ''
    do {
      outward = `${area}${1 + r.int(20)}`
      inward = `${r.int(10)}${UNIT_LETTERS[r.int(UNIT_LETTERS.length)]}${UNIT_LETTERS[r.int(UNIT_LETTERS.length)]}`
    } while (this.usedPostcodes.has(`${outward} ${inward}`))
    this.usedPostcodes.add(`${outward} ${inward}`)
    return {
      number: 1 + r.int(300),
      flat: r.chance(0.2) ? 1 + r.int(20) : null,
      street: title(r.chance(0.5) ? r.pick(this.surnames) : r.pick(DISTINCTIVE)),
      streetType: r.pick(STREET_TYPES),
      town,
      outward,
      inward,
    }
  }

  phone(): string {
    const r = this.random
    return r.chance(0.5)
      ? `07${700 + r.int(300)} ${String(r.int(1_000_000)).padStart(6, '0')}`
      : `0161 ${String(r.int(10_000_000))
          .padStart(7, '0')
          .replace(/^(\d{3})/, '$1 ')}`
  }

  group(index: number, owner: string, shape: { companies: number; people: number; addresses: number; contacts: boolean }): SyntheticGroup {
    const r = this.random
    const riskLevel: RiskLevel = r.pick(['low', 'medium', 'medium', 'high', 'high'])
    const companies = Array.from({ length: shape.companies }, () => this.company())
    const people = Array.from({ length: shape.people }, () => this.person())
    const addresses = Array.from({ length: shape.addresses }, () => this.address())
    const cyrillic = r.chance(0.1) ? r.pick(CYRILLIC_NAMES) : null
    return {
      group: {
        id: `grp_${index}`,
        ref: `OCG-${String(index).padStart(5, '0')}`,
        name: `${title(r.pick(DISTINCTIVE))} Crew ${index}`,
        aliases: [],
        riskLevel,
        handling: 'Contact the force SOC unit quoting the reference.',
        ownerOrgId: owner,
      },
      companies,
      people,
      addresses,
      phones: shape.contacts ? [this.phone()] : [],
      domain: `${(companies[0]?.distinctive ?? ['x']).join('')}${index}.example`,
      cyrillic,
    }
  }
}

export function companyName(c: SyntheticCompany): string {
  return [...c.distinctive.map(title), title(c.trade), c.generic === null ? '' : title(c.generic), c.legal].filter((p) => p !== '').join(' ')
}

export function personName(p: SyntheticPerson): string {
  return [title(p.given), p.middle === null ? '' : title(p.middle), title(p.surname)].filter((s) => s !== '').join(' ')
}

export function registerAddress(a: SyntheticAddress): Address {
  const first = `${a.flat === null ? '' : `Flat ${a.flat}, `}${a.number} ${a.street} ${a.streetType}`
  return { lines: [first], town: a.town, postcode: `${a.outward} ${a.inward}`, country: 'GB' }
}

/** The register entities of a group. */
export function groupEntities(g: SyntheticGroup): RegisterEntity[] {
  const out: RegisterEntity[] = []
  const id = (kind: string, k: number): string => `${g.group.id}_${kind}${k}`
  g.companies.forEach((c, k) => {
    out.push({
      id: id('c', k),
      groupId: g.group.id,
      type: 'company',
      name: companyName(c),
      companyNumber: c.companyNumber,
      addresses: g.addresses.length > 0 && k === 0 ? [registerAddress(g.addresses[0] as SyntheticAddress)] : [],
    })
  })
  g.people.forEach((p, k) => {
    out.push({ id: id('p', k), groupId: g.group.id, type: 'person', name: personName(p), dateOfBirth: p.dateOfBirth, role: ROLES[k % ROLES.length] as string })
  })
  if (g.cyrillic !== null) out.push({ id: id('p', 99), groupId: g.group.id, type: 'person', name: g.cyrillic[0], dateOfBirth: '1975-06-01' })
  g.addresses.forEach((a, k) => out.push({ id: id('a', k), groupId: g.group.id, type: 'address', address: registerAddress(a) }))
  g.phones.forEach((phone, k) => out.push({ id: id('t', k), groupId: g.group.id, type: 'phone', value: phone }))
  if (g.phones.length > 0) {
    out.push({ id: id('w', 0), groupId: g.group.id, type: 'website', value: `https://www.${g.domain}/` })
    out.push({ id: id('m', 0), groupId: g.group.id, type: 'email', value: `info@${g.domain}` })
  }
  return out
}

export function buildRegister(groups: readonly SyntheticGroup[], version = 1): RegisterInput {
  return { version, groups: groups.map((g) => g.group), entities: groups.flatMap(groupEntities) }
}

// ── Variants: how a supplier's data differs from the register's. ──

export function typo(word: string, r: Random): string {
  if (word.length < 5) return word
  const k = 1 + r.int(word.length - 2)
  switch (r.int(3)) {
    case 0:
      return word.slice(0, k) + word.slice(k + 1)
    case 1:
      return word.slice(0, k) + (word[k + 1] ?? '') + (word[k] ?? '') + word.slice(k + 2)
    default:
      return word.slice(0, k) + 'aeiou'[r.int(5)] + word.slice(k + 1)
  }
}

export function abbreviateStreet(a: SyntheticAddress): string {
  return STREET_ABBREVIATIONS[a.streetType] ?? a.streetType
}

export function nicknameOf(given: string): string | null {
  return NICKNAMES[given] ?? null
}

export function spellingVariant(name: string, r: Random): string | null {
  for (const family of SPELLING_FAMILIES) {
    const hit = family.find((f) => f.toLowerCase() === name.toLowerCase())
    if (hit !== undefined) {
      const others = family.filter((f) => f !== hit)
      return r.pick(others)
    }
  }
  return null
}

export const SPELLING_FAMILY_HEADS = SPELLING_FAMILIES.map((f) => f[0] as string)

export function freshSupplierName(world: SyntheticWorld): string {
  return companyName(world.company())
}

export type { Supplier }
export { title, TRADES, GENERIC, DISTINCTIVE }
