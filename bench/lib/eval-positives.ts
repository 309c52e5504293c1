/**
 * Positive classes: suppliers that truly belong to a register group, linked through every
 * supplier field in the spellings real suppliers use. Each class draws one case per call. A class
 * is "weak only" when its one link is a phone, an e-mail, a website, an address or a director
 * (see isWeakOnly); the eval checks that at least 30 % of positives are.
 */
import type { SupplierPerson } from '../../src/matching/index.js'
import type { CaseContext } from './case-context.js'
import type { CrossScriptName } from './pools.js'
import { companyName, personName, registerAddress } from './synthetic-render.js'
import {
  abbreviatedName,
  abbreviationCount,
  addressVariant,
  companyNumberVariant,
  emailVariant,
  legalVariant,
  partialDate,
  phoneVariant,
  swappedDate,
  title,
  typo,
  websiteVariant,
} from './variants.js'
import type { SyntheticGroup, SyntheticPerson } from './synthetic-world.js'

type PositiveClass = (ctx: CaseContext) => void

const yearMonth = (p: SyntheticPerson): string => p.trueDateOfBirth.slice(0, 7)
const latinPeople = (g: SyntheticGroup): SyntheticPerson[] => g.people.filter((p) => p.script === null)
const withFullDob = (g: SyntheticGroup): SyntheticPerson[] => latinPeople(g).filter((p) => p.dateOfBirth !== null && p.dateOfBirth.length === 10)
const withDob = (g: SyntheticGroup): SyntheticPerson[] => latinPeople(g).filter((p) => p.dateOfBirth !== null)

/** Both parts common: a careful human would not link on name and year alone. */
function bothCommon(ctx: CaseContext, p: SyntheticPerson): boolean {
  return ctx.pool.givenNames.common.includes(p.given) && ctx.pool.surnames.common.includes(p.surname)
}

function crossScript(script: CrossScriptName['script']): PositiveClass {
  return (ctx) => {
    const r = ctx.r
    const g = ctx.pickGroup()
    const name = r.pick(ctx.pool.crossScriptNames.filter((n) => n.script === script))
    const inScript = r.chance(0.5)
    const p = ctx.plantPerson(g, { script: { name, inScript }, home: null, aliases: [] })
    p.dateOfBirth = p.trueDateOfBirth
    const [first = '', ...rest] = name.latin.split(' ')
    const last = rest.join(' ')
    const latinForms =
      script === 'chinese'
        ? [name.latin, `${last} ${first}`, `${first.toUpperCase()} ${last}`]
        : script === 'korean'
          ? [name.latin, `${last} ${first}`, `${first} ${last.replace('-', '')}`, `${first.toUpperCase()} ${last.replace('-', ' ')}`]
          : [name.latin, `${last.toUpperCase()} ${first}`]
    const supplierName = inScript ? r.pick(latinForms) : name.native
    ctx.positive(`transliteration_${script}`, g, ['person'], {
      name: ctx.freshCompanyName(),
      people: [{ name: supplierName, dateOfBirth: r.chance(0.5) ? p.trueDateOfBirth : yearMonth(p) }],
    })
  }
}

function director(ctx: CaseContext, kind: string, g: SyntheticGroup, person: SupplierPerson): void {
  ctx.positive(kind, g, ['person'], { name: ctx.freshCompanyName(), people: [{ ...person, role: 'Director' }] })
}

export const POSITIVE_CLASSES: Readonly<Record<string, PositiveClass>> = {
  company_exact: (ctx) => {
    const g = ctx.pickGroup((x) => x.companies[0]?.office != null)
    const c = g.companies[0]!
    ctx.positive('company_exact', g, ['name', 'address'], { name: companyName(c), addresses: [registerAddress(c.office!)] })
  },
  company_typo: (ctx) => {
    const g = ctx.pickGroup()
    const c = ctx.r.pick(g.companies)
    const words = [...c.distinctive, ...c.trade.split(' ')]
    const longest = words.reduce((a, b) => (b.length > a.length ? b : a))
    const name = companyName(c).replace(title(longest), title(typo(longest, ctx.r)))
    ctx.positive('company_typo', g, ['name'], { name })
  },
  company_word_order: (ctx) => {
    const r = ctx.r
    const g = ctx.pickGroup()
    // "Kelly & Moss Roofing" written "Moss & Kelly Roofing"; "Pennine Smith" written "Smith Pennine".
    let words: string[]
    do {
      const surname = title(ctx.world.surname())
      words = r.chance(0.5) ? [surname, '&', title(ctx.world.surname())] : [title(r.pick(ctx.pool.distinctiveWords)), surname]
    } while (words[0] === words[words.length - 1] || !ctx.world.claimDistinctive(words) || !ctx.world.claimDistinctive([...words].reverse()))
    const c = ctx.plantCompany(g, { distinctive: words })
    ctx.positive('company_word_order', g, ['name'], { name: companyName({ ...c, distinctive: [...words].reverse() }) })
  },
  company_legal_form: (ctx) => {
    const g = ctx.pickGroup()
    const c = ctx.r.pick(g.companies)
    ctx.positive('company_legal_form', g, ['name'], { name: companyName(c, legalVariant(c, ctx.r)) })
  },
  company_abbreviations: (ctx) => {
    const r = ctx.r
    const g = ctx.pickGroup()
    const abbreviable = ctx.pool.genericWords.filter((w) => ctx.pool.wordAbbreviations[w] !== undefined)
    const [t1, t2] = r.sample(ctx.pool.abbreviableTrades, 2)
    const trade = r.chance(0.6) && t2 !== undefined ? `${t1} and ${t2}` : (t1 as string)
    const c = ctx.plantCompany(g, { trade, generic: abbreviable.length > 0 ? r.pick(abbreviable) : null })
    if (abbreviationCount(c, ctx.pool) < 2) throw new Error('pool: abbreviation class needs two abbreviable words')
    ctx.positive('company_abbreviations', g, ['name'], { name: abbreviatedName(c, ctx.pool, r) })
  },
  trading_name: (ctx) => {
    const r = ctx.r
    const g = ctx.pickGroup()
    const c = r.pick(g.companies)
    const traded = c.aliases.length > 0 && r.chance(0.5) ? r.pick(c.aliases) : companyName(c, legalVariant(c, r))
    ctx.positive('trading_name', g, ['tradingName'], { name: ctx.freshCompanyName(), tradingNames: [traded] })
  },
  sole_trader: (ctx) => {
    const r = ctx.r
    const g = ctx.pickGroup()
    const rare = ctx.world.rareName()
    const corroborated = r.chance(0.5)
    const p = ctx.plantPerson(g, { ...rare, middle: null, script: null, home: corroborated ? ctx.world.address(g.town) : null })
    const trade = `${title(p.surname)} ${title(r.pick(ctx.pool.trades))}`
    const name = r.chance(0.7) ? `${personName(p)} ${r.pick(ctx.pool.tradingAsForms)} ${trade}` : personName(p)
    ctx.positive('sole_trader', g, corroborated ? ['name', 'address'] : ['name'], {
      name,
      ...(corroborated ? { addresses: [registerAddress(p.home!)] } : {}),
    })
  },
  group_name: (ctx) => {
    const g = ctx.pickGroup()
    const legal = ctx.r.pick(ctx.world.legalForm('company').register)
    ctx.positive('group_name', g, ['name'], { name: `${g.group.name.replace(/^The /, '')} ${legal}` })
  },
  group_alias: (ctx) => {
    const g = ctx.pickGroup((x) => x.group.aliases.length > 0)
    const legal = ctx.r.pick(ctx.world.legalForm('company').register)
    ctx.positive('group_alias', g, ['name'], { name: `${ctx.r.pick(g.group.aliases).replace(/^The /, '')} ${legal}` })
  },
  phoenix: (ctx) => {
    const g = ctx.pickGroup((x) => x.premises.length > 0 && withDob(x).length > 0)
    const p = ctx.r.pick(withDob(g))
    ctx.positive('phoenix', g, ['person', 'address'], {
      name: ctx.freshCompanyName(),
      people: [{ name: personName(p), dateOfBirth: yearMonth(p), role: 'Director' }],
      addresses: [registerAddress(g.premises[0]!)],
    })
  },
  person_typo: (ctx) => {
    const g = ctx.pickGroup((x) => withFullDob(x).some((p) => p.surname.length >= 5))
    const p = ctx.r.pick(withFullDob(g).filter((x) => x.surname.length >= 5))
    director(ctx, 'person_typo', g, { name: personName({ ...p, surname: typo(p.surname, ctx.r) }), dateOfBirth: p.trueDateOfBirth })
  },
  person_word_order: (ctx) => {
    const g = ctx.pickGroup((x) => withDob(x).length > 0)
    const p = ctx.r.pick(withDob(g))
    const given = [title(p.given), p.middle === null ? '' : title(p.middle)].filter((s) => s !== '').join(' ')
    director(ctx, 'person_word_order', g, { name: `${p.surname.toUpperCase()}, ${given}`, dateOfBirth: yearMonth(p) })
  },
  nickname: (ctx) => {
    const g = ctx.pickGroup()
    const [formal, diminutive] = ctx.r.pick(ctx.pool.nicknames)
    const p = ctx.plantPerson(g, { given: formal, middle: null, script: null })
    p.dateOfBirth = p.trueDateOfBirth
    director(ctx, 'nickname', g, { name: `${diminutive} ${title(p.surname)}`, dateOfBirth: yearMonth(p) })
  },
  initials: (ctx) => {
    const g = ctx.pickGroup((x) => withFullDob(x).length > 0)
    const p = ctx.r.pick(withFullDob(g))
    const initials = [p.given, ...(p.middle === null ? [] : [p.middle])].map((n) => `${n[0]!.toUpperCase()}.`).join(' ')
    director(ctx, 'initials', g, { name: `${initials} ${title(p.surname)}`, dateOfBirth: p.trueDateOfBirth })
  },
  transliteration_cyrillic: crossScript('cyrillic'),
  transliteration_chinese: crossScript('chinese'),
  transliteration_korean: crossScript('korean'),
  spelling_family: (ctx) => {
    const r = ctx.r
    const g = ctx.pickGroup()
    const family = r.pick(ctx.pool.spellingFamilies)
    const [held, written] = r.sample(family, 2)
    const p = ctx.plantPerson(g, { given: (held as string).toLowerCase(), script: null })
    p.dateOfBirth = p.trueDateOfBirth
    director(ctx, 'spelling_family', g, { name: `${written} ${title(p.surname)}`, dateOfBirth: yearMonth(p) })
  },
  partial_dob: (ctx) => {
    const g = ctx.pickGroup((x) => withFullDob(x).length > 0)
    const p = ctx.r.pick(withFullDob(g))
    const partial = partialDate(p.trueDateOfBirth, ctx.r)
    // A year alone says little about "John Smith"; keep the class to links a careful human makes.
    director(ctx, 'partial_dob', g, { name: personName(p), dateOfBirth: partial.length === 4 && bothCommon(ctx, p) ? yearMonth(p) : partial })
  },
  swapped_dob: (ctx) => {
    const r = ctx.r
    const g = ctx.pickGroup()
    const month = 1 + r.int(12)
    let day = 1 + r.int(12)
    if (day === month) day = (day % 12) + 1
    const pad = (n: number): string => String(n).padStart(2, '0')
    const full = `${1950 + r.int(50)}-${pad(month)}-${pad(day)}`
    const p = ctx.plantPerson(g, { trueDateOfBirth: full, dateOfBirth: full, script: null })
    director(ctx, 'swapped_dob', g, { name: personName(p), dateOfBirth: swappedDate(full) })
  },
  rare_name_no_dob: (ctx) => {
    const g = ctx.pickGroup()
    const p = ctx.plantPerson(g, { ...ctx.world.rareName(), middle: null, dateOfBirth: null, script: null })
    director(ctx, 'rare_name_no_dob', g, { name: personName(p), dateOfBirth: yearMonth(p) })
  },
  address_postcode_format: (ctx) => {
    const g = ctx.pickGroup((x) => x.premises.length > 0)
    ctx.positive('address_postcode_format', g, ['address'], {
      name: ctx.freshCompanyName(),
      addresses: [addressVariant(g.premises[0]!, 'postcode', ctx.pool, ctx.r)],
    })
  },
  address_glasgow_flat: (ctx) => {
    const g = ctx.pickGroup((x) => x.town.nation === 'scotland')
    const a = ctx.plantPremises(g, { flat: `${ctx.r.int(4)}/${1 + ctx.r.int(3)}` })
    ctx.positive('address_glasgow_flat', g, ['address'], { name: ctx.freshCompanyName(), addresses: [addressVariant(a, 'glasgow_flat', ctx.pool, ctx.r)] })
  },
  address_flat_line: (ctx) => {
    const g = ctx.pickGroup()
    const a = ctx.plantPremises(g, { flat: String(1 + ctx.r.int(24)) })
    ctx.positive('address_flat_line', g, ['address'], { name: ctx.freshCompanyName(), addresses: [addressVariant(a, 'flat_line', ctx.pool, ctx.r)] })
  },
  address_street_abbreviation: (ctx) => {
    const g = ctx.pickGroup()
    const a = ctx.plantPremises(g, { streetType: ctx.r.pick(ctx.pool.streetTypes.filter((t) => t.short.length > 0)) })
    ctx.positive('address_street_abbreviation', g, ['address'], {
      name: ctx.freshCompanyName(),
      addresses: [addressVariant(a, 'street_abbreviation', ctx.pool, ctx.r)],
    })
  },
  phone_format: (ctx) => {
    const g = ctx.pickGroup((x) => x.phones.length > 0)
    ctx.positive('phone_format', g, ['phone'], { name: ctx.freshCompanyName(), phones: [phoneVariant(ctx.r.pick(g.phones), ctx.r)] })
  },
  email_format: (ctx) => {
    const g = ctx.pickGroup((x) => x.emails.length > 0)
    ctx.positive('email_format', g, ['email'], { name: ctx.freshCompanyName(), emails: [emailVariant(ctx.r.pick(g.emails), ctx.r)] })
  },
  website_format: (ctx) => {
    const g = ctx.pickGroup((x) => x.websites.length > 0)
    ctx.positive('website_format', g, ['website'], { name: ctx.freshCompanyName(), website: websiteVariant(ctx.r.pick(g.websites), ctx.r) })
  },
  company_number_format: (ctx) => {
    const g = ctx.pickGroup()
    const c = ctx.r.pick(g.companies)
    ctx.positive('company_number_format', g, ['companyNumber'], { name: ctx.freshCompanyName(), companyNumber: companyNumberVariant(c.companyNumber, ctx.r) })
  },
}
