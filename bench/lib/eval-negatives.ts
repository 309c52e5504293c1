/**
 * Unlinked suppliers: hard negatives that share something with the register that is not
 * identity (a common name, a mailbox provider, a formation agent's office, a switchboard, a
 * street, initials, a generic trade name), and random suppliers of full shape. A careful human
 * would link none of them to a group.
 */
import type { CaseContext } from './case-context.js'
import { companyName, personName, registerAddress } from './synthetic-render.js'
import { otherDate, phoneVariant, title } from './variants.js'
import type { SyntheticGroup, SyntheticWorld } from './synthetic-world.js'

type NegativeClass = (ctx: CaseContext) => void

/** Values the register shares across at least `min` groups: the traps of this seed. */
export function sharedValues(groups: readonly SyntheticGroup[], world: SyntheticWorld, min: number) {
  const count = <T>(values: (g: SyntheticGroup) => T[]): Map<T, number> => {
    const m = new Map<T, number>()
    for (const g of groups) for (const v of new Set(values(g))) m.set(v, (m.get(v) ?? 0) + 1)
    return m
  }
  const providers = count((g) => g.emails.map((e) => e.slice(e.indexOf('@') + 1)))
  // Postcodes are unique per generated address, so an office's postcode names it.
  const officeKeys = new Set(world.sharedOffices.map((o) => `${o.outward} ${o.inward}`))
  const offices = count((g) =>
    g.companies.flatMap((c) => (c.office === null ? [] : [`${c.office.outward} ${c.office.inward}`])).filter((k) => officeKeys.has(k)),
  )
  const boards = count((g) => g.switchboards)
  const keep = <T>(m: Map<T, number>): T[] => [...m].filter(([, n]) => n >= min).map(([v]) => v)
  return {
    providers: keep(providers).filter((p) => world.pool.mailboxProviders.includes(p)),
    offices: world.sharedOffices.filter((o) => (offices.get(`${o.outward} ${o.inward}`) ?? 0) >= min),
    switchboards: keep(boards),
    counts: { providers, offices, boards },
  }
}

export function hardNegativeClasses(shared: ReturnType<typeof sharedValues>): Readonly<Record<string, NegativeClass>> {
  return {
    hard_common_name_no_dob: (ctx) => {
      const r = ctx.r
      const g = ctx.pickGroup()
      const given = r.pick(ctx.pool.givenNames.common)
      const surname = r.pick(ctx.pool.surnames.common)
      const p = ctx.plantPerson(g, { given, surname, middle: null, script: null })
      p.dateOfBirth = r.chance(0.5) ? null : p.trueDateOfBirth
      ctx.negative('hard_common_name_no_dob', { name: ctx.freshCompanyName(), people: [{ name: personName(p), role: 'Director' }] })
    },
    hard_same_name_other_dob: (ctx) => {
      const g = ctx.pickGroup((x) => x.people.some((p) => p.script === null && p.dateOfBirth?.length === 10))
      const p = ctx.r.pick(g.people.filter((x) => x.script === null && x.dateOfBirth?.length === 10))
      ctx.negative('hard_same_name_other_dob', {
        name: ctx.freshCompanyName(),
        people: [{ name: personName(p), dateOfBirth: otherDate(p.trueDateOfBirth, ctx.r) }],
      })
    },
    hard_missing_surname: (ctx) => {
      const r = ctx.r
      const g = ctx.pickGroup()
      const middle = r.pick(ctx.pool.givenNamesAlsoSurnames)
      const p = ctx.plantPerson(g, { middle, script: null })
      while (p.surname === middle || p.given === middle) [p.given, p.surname] = [ctx.world.givenName(), ctx.world.surname()]
      p.dateOfBirth = r.chance(0.5) ? null : p.trueDateOfBirth
      // "Peter James" is someone whose surname is James, not Peter James Morgan without his surname.
      ctx.negative('hard_missing_surname', { name: ctx.freshCompanyName(), people: [{ name: `${title(p.given)} ${title(middle)}` }] })
    },
    hard_initials_other_words: (ctx) => {
      const r = ctx.r
      const g = ctx.pickGroup()
      let words: string[]
      let initials: string[]
      do {
        words = [ctx.world.surname(), '&', ctx.world.surname()]
        initials = [words[0]![0]!.toUpperCase(), '&', words[2]![0]!.toUpperCase()]
      } while (!ctx.world.claimDistinctive(words) || !ctx.world.claimDistinctive(initials))
      const registerHasWords = r.chance(0.6)
      const c = ctx.plantCompany(g, { distinctive: registerHasWords ? words : initials })
      const supplier = { ...c, distinctive: registerHasWords ? initials : words }
      ctx.negative('hard_initials_other_words', { name: companyName(supplier) })
    },
    hard_word_added: (ctx) => {
      const r = ctx.r
      const g = ctx.pickGroup()
      const [base, extra] = distinctivePair(ctx)
      const c = ctx.plantCompany(g, { distinctive: [base] })
      ctx.negative('hard_word_added', { name: companyName({ ...c, distinctive: r.chance(0.5) ? [base, extra] : [extra, base] }) })
    },
    hard_word_lacking: (ctx) => {
      const g = ctx.pickGroup()
      const [base, extra] = distinctivePair(ctx)
      const c = ctx.plantCompany(g, { distinctive: [base, extra] })
      ctx.negative('hard_word_lacking', { name: companyName({ ...c, distinctive: [base] }) })
    },
    hard_generic_words: (ctx) => {
      const g = ctx.pickGroup()
      const c = ctx.r.pick(g.companies)
      ctx.negative('hard_generic_words', { name: companyName({ ...c, distinctive: ctx.world.distinctive() }) })
    },
    hard_shared_mailbox: (ctx) => {
      const p = ctx.freshPerson()
      ctx.negative('hard_shared_mailbox', { name: ctx.freshCompanyName(), emails: [ctx.world.mailbox(p, shared.providers)] })
    },
    hard_formation_agent: (ctx) => {
      const office = ctx.r.pick(shared.offices)
      const suite = office.building !== null && ctx.r.chance(0.5) ? 1 + ctx.r.int(400) : null
      ctx.negative('hard_formation_agent', { name: ctx.freshCompanyName(), addresses: [registerAddress({ ...office, suite })] })
    },
    hard_switchboard: (ctx) => {
      const phone = ctx.r.pick(shared.switchboards)
      ctx.negative('hard_switchboard', { name: ctx.freshCompanyName(), phones: [ctx.r.chance(0.5) ? phone : phoneVariant(phone, ctx.r)] })
    },
    hard_same_street: (ctx) => {
      const g = ctx.pickGroup((x) => x.premises.length > 0)
      const a = g.premises[0]!
      // Another postcode of the same town: a different stretch of the same street.
      const fresh = ctx.world.address(a.town)
      ctx.negative('hard_same_street', {
        name: ctx.freshCompanyName(),
        addresses: [registerAddress({ ...a, number: a.number + 1 + ctx.r.int(20), flat: null, outward: fresh.outward, inward: fresh.inward })],
      })
    },
    hard_same_postcode: (ctx) => {
      const g = ctx.pickGroup((x) => x.premises.length > 0)
      const a = g.premises[0]!
      ctx.negative('hard_same_postcode', {
        name: ctx.freshCompanyName(),
        addresses: [registerAddress({ ...a, number: a.number + 1 + ctx.r.int(20), flat: null })],
      })
    },
  }
}

/**
 * A shared word that many unrelated firms use ("Pennine", "Northern") and a second distinctive
 * word. A shared coined word ("Corvane") would be real evidence, so the shared one never is.
 */
function distinctivePair(ctx: CaseContext): [string, string] {
  const r = ctx.r
  for (;;) {
    const base = r.pick(ctx.pool.distinctiveWords)
    const extra = r.chance(0.5) ? r.pick(ctx.pool.distinctiveWords) : title(ctx.world.surname())
    if (base === extra.toLowerCase()) continue
    if (ctx.world.claimDistinctive([base, extra]) && ctx.world.claimDistinctive([extra, base])) return [base, extra]
  }
}

/** A supplier of full, ordinary shape with no link at all. */
export function randomNegative(ctx: CaseContext): void {
  const r = ctx.r
  const w = ctx.world
  const company = w.company()
  const people = Array.from({ length: 1 + r.int(3) }, () => ctx.freshPerson())
  const domain = w.domain([...company.distinctive, company.trade.split(' ')[0] ?? ''])
  const mail = r.chance(0.7) ? `info@${domain}` : w.mailbox(people[0]!, w.pool.handListProviders)
  ctx.negative(
    'negative_random',
    {
      name: companyName(company),
      ...(r.chance(0.2) ? { tradingNames: [ctx.freshCompanyName()] } : {}),
      companyNumber: company.companyNumber,
      people: people.map((p) => ({ name: personName(p), dateOfBirth: p.trueDateOfBirth.slice(0, 7), role: 'Director' })),
      addresses: [registerAddress(ctx.freshAddress())],
      phones: [w.phone()],
      emails: [mail],
      ...(r.chance(0.5) ? { website: `https://www.${domain}/` } : {}),
    },
    false,
  )
}
