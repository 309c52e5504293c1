/**
 * Seeded generator of a synthetic OCG register (bench/eval.ts, bench/matching-bench.ts,
 * bench/http-bench.ts). All vocabulary comes from a pool file (bench/data/pools/<split>.json), none
 * from the matcher; the code only decides the shape. The shape carries the traps a real register
 * has: people without a date of birth, group names and aliases, formation-agent and accountant
 * offices shared by companies of many unrelated groups, mailbox providers shared by many people,
 * switchboard numbers shared by several groups, SC/NI/OC company numbers and flats.
 */
import type { RiskLevel } from '../../src/matching/index.js'
import type { LegalForm, Pool, Town } from './pools.js'
import { Random } from './random.js'
import type { GroupShape, SyntheticAddress, SyntheticCompany, SyntheticGroup, SyntheticPerson } from './synthetic-types.js'

export type { GroupShape, SyntheticAddress, SyntheticCompany, SyntheticGroup, SyntheticPerson }

const UNIT_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ'
const RISK: readonly RiskLevel[] = ['low', 'medium', 'medium', 'high', 'high']

export function title(word: string): string {
  return word.replace(/(^|[\s-])([a-z])/g, (_, pre: string, ch: string) => pre + ch.toUpperCase())
}

export class SyntheticWorld {
  readonly random: Random
  /** Shared registered offices: formation agents (named buildings) and accountants. */
  readonly sharedOffices: SyntheticAddress[]
  readonly switchboards: string[]
  private readonly usedPostcodes = new Set<string>()
  private readonly usedNumbers = new Set<string>()
  private readonly usedDistinctive = new Set<string>()
  private readonly usedDomains = new Set<string>()
  private readonly usedGroupNames = new Set<string>()

  constructor(
    seed: number,
    readonly pool: Pool,
  ) {
    this.random = new Random(seed)
    const r = this.random
    this.sharedOffices = Array.from({ length: 6 }, (_, k) => {
      const a = this.address(r.pick(pool.towns))
      a.flat = null
      if (k < 3) a.building = `${r.pick(pool.buildingNames)} ${r.pick(pool.buildingKinds)}`
      return a
    })
    this.switchboards = Array.from({ length: 3 }, () => this.landline(r.pick(pool.towns)))
  }

  givenName(): string {
    const r = this.random
    const g = this.pool.givenNames
    return r.chance(0.35) ? r.pick(g.common) : r.chance(0.4) ? r.pick(g.other) : r.pick(g.derived.length > 0 ? g.derived : g.other)
  }

  surname(): string {
    const r = this.random
    const s = this.pool.surnames
    return r.chance(0.35) ? r.pick(s.common) : r.chance(0.4) ? r.pick(s.other) : r.pick(s.derived.length > 0 ? s.derived : s.other)
  }

  /** A name that is neither a common given name nor a common surname: rare enough to stand alone. */
  rareName(): { given: string; surname: string } {
    const r = this.random
    const pick = (p: Pool['givenNames']): string => r.pick(p.derived.length > 0 && r.chance(0.6) ? p.derived : p.other)
    return { given: pick(this.pool.givenNames), surname: pick(this.pool.surnames) }
  }

  fullDate(): string {
    const r = this.random
    const pad = (n: number): string => String(n).padStart(2, '0')
    return `${1950 + r.int(50)}-${pad(1 + r.int(12))}-${pad(1 + r.int(28))}`
  }

  person(town?: Town): SyntheticPerson {
    const r = this.random
    const full = this.fullDate()
    const roll = r.next()
    // Registers often lack a date of birth or hold only part of it.
    const dateOfBirth = roll < 0.75 ? full : roll < 0.83 ? full.slice(0, 7) : roll < 0.88 ? full.slice(0, 4) : null
    const given = this.givenName()
    const middle = r.chance(0.35) ? this.givenName() : null
    return {
      given,
      middle: middle === given ? null : middle,
      surname: this.surname(),
      dateOfBirth,
      trueDateOfBirth: full,
      script: null,
      aliases: [],
      home: town !== undefined && r.chance(0.4) ? this.address(town) : null,
      role: r.pick(this.pool.roles),
    }
  }

  /** A made-up brand word: real registers are full of coined names. */
  coinedWord(): string {
    const r = this.random
    const p = this.pool.coinedWordParts
    return r.pick(p.onsets) + r.pick(p.vowels) + r.pick(p.middles) + r.pick(p.vowels) + (r.chance(0.5) ? r.pick(p.codas) : '')
  }

  legalForm(kind?: LegalForm['kind']): LegalForm {
    const r = this.random
    const forms = this.pool.legalForms.filter((f) => kind === undefined || f.kind === kind)
    let roll = r.next() * forms.reduce((a, f) => a + f.weight, 0)
    for (const f of forms) {
      roll -= f.weight
      if (roll <= 0) return f
    }
    return forms[0] as LegalForm
  }

  /** Distinctive words no other company in this world has, so an accidental link is impossible. */
  distinctive(): string[] {
    const r = this.random
    for (let attempt = 0; ; attempt++) {
      const roll = r.next()
      const words =
        roll < 0.3
          ? [this.surname()]
          : roll < 0.55
            ? [r.pick(this.pool.distinctiveWords), this.surname()]
            : roll < 0.9 || attempt > 20
              ? [this.coinedWord()]
              : [r.pick(this.pool.distinctiveWords)]
      if (this.claimDistinctive(words)) return words
    }
  }

  /** Reserves a distinctive key; false when some company already uses it. */
  claimDistinctive(words: readonly string[]): boolean {
    const key = words.join(' ').toLowerCase()
    if (this.usedDistinctive.has(key)) return false
    this.usedDistinctive.add(key)
    return true
  }

  companyNumber(legal: LegalForm, nation: Town['nation']): string {
    const r = this.random
    const prefixes: Record<LegalForm['kind'], Record<Town['nation'], string>> = {
      company: { england: '', wales: '', scotland: 'SC', ni: 'NI' },
      plc: { england: '', wales: '', scotland: 'SC', ni: 'NI' },
      llp: { england: 'OC', wales: 'OC', scotland: 'SO', ni: 'NC' },
      lp: { england: 'LP', wales: 'LP', scotland: 'SL', ni: 'NL' },
    }
    for (;;) {
      const prefix = prefixes[legal.kind][nation]
      // Older English companies have leading zeros, which suppliers often drop.
      const digits =
        prefix === ''
          ? r.chance(0.5)
            ? `0${String(r.int(10_000_000)).padStart(7, '0')}`
            : String(10_000_000 + r.int(5_000_000))
          : String(r.int(1_000_000)).padStart(6, '0')
      const number = prefix + digits
      if (!this.usedNumbers.has(number)) {
        this.usedNumbers.add(number)
        return number
      }
    }
  }

  company(town?: Town, words?: { distinctive?: string[]; trade?: string; generic?: string | null; legal?: LegalForm }): SyntheticCompany {
    const r = this.random
    const home = town ?? r.pick(this.pool.towns)
    const legal = words?.legal ?? this.legalForm()
    // Companies of many groups sit at a formation agent's or accountant's office.
    const office = r.chance(0.15) ? r.pick(this.sharedOffices) : null
    return {
      distinctive: words?.distinctive ?? this.distinctive(),
      trade: words?.trade ?? r.pick(this.pool.trades),
      generic: words?.generic !== undefined ? words.generic : r.chance(0.45) ? r.pick(this.pool.genericWords) : null,
      legal,
      legalSpelling: r.pick(legal.register),
      companyNumber: this.companyNumber(legal, home.nation),
      office: office === null ? null : { ...office, suite: office.building !== null && r.chance(0.5) ? 1 + r.int(400) : null },
      aliases: [],
    }
  }

  address(town?: Town): SyntheticAddress {
    const r = this.random
    const t = town ?? r.pick(this.pool.towns)
    let outward: string
    let inward: string
    do {
      outward = `${t.area}${1 + r.int(20)}`
      inward = `${r.int(10)}${UNIT_LETTERS[r.int(UNIT_LETTERS.length)]}${UNIT_LETTERS[r.int(UNIT_LETTERS.length)]}`
    } while (this.usedPostcodes.has(`${outward} ${inward}`))
    this.usedPostcodes.add(`${outward} ${inward}`)
    const flat = r.chance(0.25) ? this.flat(t) : null
    return {
      building: null,
      suite: null,
      number: 1 + r.int(300),
      flat,
      flatOwnLine: r.chance(0.3),
      street: r.chance(0.4) ? title(this.surname()) : r.pick(this.pool.streetNames),
      streetType: r.pick(this.pool.streetTypes),
      town: t,
      outward,
      inward,
    }
  }

  /** Scottish tenements number flats by floor and position ("1/2"); elsewhere a plain number. */
  flat(t: Town): string {
    const r = this.random
    return t.nation === 'scotland' && r.chance(0.7) ? `${r.int(4)}/${1 + r.int(3)}` : String(1 + r.int(24))
  }

  landline(t: Town): string {
    const r = this.random
    const rest = 11 - t.dialCode.length
    const digits = String(r.int(10 ** rest))
      .padStart(rest, '0')
      .replace(/^0/, '4')
    return rest === 8
      ? `${t.dialCode} ${digits.slice(0, 4)} ${digits.slice(4)}`
      : rest === 7
        ? `${t.dialCode} ${digits.slice(0, 3)} ${digits.slice(3)}`
        : `${t.dialCode} ${digits}`
  }

  phone(t?: Town): string {
    const r = this.random
    return r.chance(0.6) ? `07${700 + r.int(300)} ${String(r.int(1_000_000)).padStart(6, '0')}` : this.landline(t ?? r.pick(this.pool.towns))
  }

  /** A web domain nobody else in this world has. */
  domain(words: readonly string[]): string {
    const r = this.random
    const base = words
      .join('')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '')
      .slice(0, 24)
    for (let k = 0; ; k++) {
      const d = `${base}${k === 0 ? '' : k}${r.pick(this.pool.webSuffixes)}`
      if (!this.usedDomains.has(d)) {
        this.usedDomains.add(d)
        return d
      }
    }
  }

  /** A personal mailbox: usually at a provider that no hand list knows, shared by many people. */
  mailbox(p: SyntheticPerson, providers: readonly string[] = this.pool.mailboxProviders): string {
    const r = this.random
    const year = p.trueDateOfBirth.slice(2, 4)
    const local = r.chance(0.5) ? `${p.given}.${p.surname}${year}` : `${p.given[0] ?? 'x'}${p.surname}${r.int(100)}`
    return `${local}@${r.pick(providers)}`
  }

  /**
   * A group name and maybe an alias. Unique while the pool allows it (a small register has no two
   * "Canal Crew"s); a very large one (the speed bench) reuses names, as real registers do.
   */
  groupName(town: Town): { name: string; aliases: string[] } {
    const r = this.random
    const fill = (pattern: string): string =>
      pattern.replace('{surname}', title(this.surname())).replace('{word}', r.pick(this.pool.groupWords)).replace('{town}', town.town)
    for (let attempt = 0; ; attempt++) {
      const name = fill(r.pick(this.pool.groupNamePatterns))
      const aliases = r.chance(0.6) ? [fill(r.pick(this.pool.groupAliasPatterns))] : []
      const keys = [name, ...aliases].map((n) => n.toLowerCase().replace(/^the /, ''))
      if (attempt < 50 && keys.some((k) => this.usedGroupNames.has(k))) continue
      keys.forEach((k) => this.usedGroupNames.add(k))
      return { name, aliases }
    }
  }

  group(index: number, owner: string, shape: GroupShape): SyntheticGroup {
    const r = this.random
    const town = r.pick(this.pool.towns)
    const companies = Array.from({ length: shape.companies }, () => this.company(town))
    for (const c of companies) if (r.chance(0.15)) c.aliases.push(`${title(this.distinctive().join(' '))} ${title(c.trade)}`)
    const people = Array.from({ length: shape.people }, () => this.person(town))
    if (shape.contacts && r.chance(0.08)) {
      const p = people[r.int(people.length)] as SyntheticPerson
      p.script = { name: r.pick(this.pool.crossScriptNames), inScript: r.chance(0.5) }
    }
    const premises = Array.from({ length: shape.addresses }, () => this.address(town))
    const first = companies[0]
    if (first !== undefined && first.office === null && premises[0] !== undefined) first.office = premises[0]
    const { name, aliases } = this.groupName(town)
    const g: SyntheticGroup = {
      group: {
        id: `grp_${index}`,
        ref: `OCG-${String(index).padStart(5, '0')}`,
        name,
        aliases,
        riskLevel: r.pick(RISK),
        handling: 'Contact the force SOC unit quoting the reference.',
        ownerOrgId: owner,
      },
      town,
      companies,
      people,
      premises,
      phones: [],
      switchboards: [],
      emails: [],
      websites: [],
    }
    if (shape.contacts) this.addContacts(g)
    return g
  }

  private addContacts(g: SyntheticGroup): void {
    const r = this.random
    if (r.chance(0.75)) g.phones.push(this.phone(g.town))
    if (r.chance(0.25)) g.phones.push(this.landline(g.town))
    if (r.chance(0.08)) g.switchboards.push(r.pick(this.switchboards))
    const c = g.companies[0]
    const domain = c === undefined ? null : this.domain([...c.distinctive, c.trade.split(' ')[0] ?? ''])
    if (domain !== null && r.chance(0.6)) g.websites.push(r.chance(0.5) ? `https://www.${domain}/` : `www.${domain}`)
    if (domain !== null && r.chance(0.4)) g.emails.push(`${r.pick(['info', 'accounts', 'office', 'enquiries'])}@${domain}`)
    for (const p of g.people) {
      if (p.script !== null || !r.chance(0.3)) continue
      g.emails.push(this.mailbox(p, r.chance(0.7) ? this.pool.mailboxProviders : this.pool.handListProviders))
    }
  }
}
