/**
 * The labelled suppliers of one seed and the helpers the classes share. Classes may plant the
 * register fact they need into a group (a nicknamed person, a Glasgow flat) before the register
 * is built, drawn from the same pool as everything else, so planting adds no vocabulary.
 */
import type { Supplier } from '../../src/matching/index.js'
import type { Pool } from './pools.js'
import type { Random } from './random.js'
import { companyName, personName, registerAddress } from './synthetic-render.js'
import type { SyntheticAddress, SyntheticCompany, SyntheticGroup, SyntheticPerson, SyntheticWorld } from './synthetic-world.js'

/** The supplier fields that carry a link to the group. */
export type LinkField = 'name' | 'tradingName' | 'companyNumber' | 'address' | 'person' | 'phone' | 'email' | 'website'

/** Fields that are weak evidence on their own: a human would want a second one. */
const WEAK: ReadonlySet<LinkField> = new Set(['address', 'person', 'phone', 'email', 'website'])

export interface EvalCase {
  kind: string
  positive: boolean
  groupId: string | null
  linkFields: LinkField[]
  supplier: Supplier
}

export function isWeakOnly(c: EvalCase): boolean {
  return c.positive && c.linkFields.length === 1 && WEAK.has(c.linkFields[0] as LinkField)
}

export class CaseContext {
  readonly cases: EvalCase[] = []
  readonly r: Random
  readonly pool: Pool

  constructor(
    readonly world: SyntheticWorld,
    readonly groups: SyntheticGroup[],
  ) {
    this.r = world.random
    this.pool = world.pool
  }

  pickGroup(filter: (g: SyntheticGroup) => boolean = () => true): SyntheticGroup {
    for (let k = 0; k < 10_000; k++) {
      const g = this.r.pick(this.groups)
      if (filter(g)) return g
    }
    throw new Error('no group fits this class: the register shape lacks what the class needs')
  }

  /** A company name no register company shares a distinctive word sequence with. */
  freshCompanyName(): string {
    return companyName(this.world.company())
  }

  freshPerson(): SyntheticPerson {
    return this.world.person()
  }

  freshAddress(): SyntheticAddress {
    return this.world.address()
  }

  plantPerson(g: SyntheticGroup, overrides: Partial<SyntheticPerson>): SyntheticPerson {
    const p = { ...this.world.person(g.town), ...overrides }
    g.people.push(p)
    return p
  }

  plantCompany(g: SyntheticGroup, words: Parameters<SyntheticWorld['company']>[1]): SyntheticCompany {
    const c = this.world.company(g.town, words)
    g.companies.push(c)
    return c
  }

  plantPremises(g: SyntheticGroup, overrides: Partial<SyntheticAddress>): SyntheticAddress {
    const a = { ...this.world.address(g.town), ...overrides }
    g.premises.push(a)
    return a
  }

  positive(kind: string, g: SyntheticGroup, linkFields: LinkField[], supplier: Supplier): void {
    this.cases.push({ kind, positive: true, groupId: g.group.id, linkFields, supplier: this.withFiller(supplier) })
  }

  negative(kind: string, supplier: Supplier, filler = true): void {
    this.cases.push({ kind, positive: false, groupId: null, linkFields: [], supplier: filler ? this.withFiller(supplier) : supplier })
  }

  /**
   * Real suppliers carry more than the one field that links them: an unrelated director, an
   * office, a phone. They must not hide a link, nor create one.
   */
  private withFiller(s: Supplier): Supplier {
    const r = this.r
    const out: Supplier = { ...s }
    if (r.chance(0.5)) {
      const p = this.freshPerson()
      out.people = [...(s.people ?? []), { name: personName(p), dateOfBirth: p.trueDateOfBirth.slice(0, 7), role: 'Director' }]
    }
    if (r.chance(0.3)) out.addresses = [...(s.addresses ?? []), registerAddress(this.freshAddress())]
    if (r.chance(0.3)) out.phones = [...(s.phones ?? []), this.world.phone()]
    return out
  }
}
