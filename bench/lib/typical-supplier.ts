// A supplier of typical shape (1 name, 2 trading names, 3 people, 2 addresses), optionally
// linked to a register group by a varied company name, a director and an address.
import type { Supplier } from '../../src/matching/index.js'
import { companyName, personName, registerAddress } from './synthetic-render.js'
import type { SyntheticGroup, SyntheticWorld } from './synthetic-world.js'
import { typo } from './variants.js'

export function typicalSupplier(world: SyntheticWorld, groups: readonly SyntheticGroup[], linked: boolean): Supplier {
  const r = world.random
  const people = Array.from({ length: 3 }, () => world.person())
  const supplier: Supplier = {
    name: companyName(world.company()),
    tradingNames: [companyName(world.company()), companyName(world.company())],
    people: people.map((p) => ({ name: personName(p), dateOfBirth: p.trueDateOfBirth.slice(0, 7) })),
    addresses: [registerAddress(world.address()), registerAddress(world.address())],
  }
  if (linked) {
    const g = r.pick(groups)
    const c = g.companies[0]
    const p = g.people[0]
    if (c !== undefined) supplier.name = companyName({ ...c, distinctive: c.distinctive.map((d) => typo(d, r)) })
    if (p !== undefined) supplier.people![0] = { name: personName(p), dateOfBirth: p.trueDateOfBirth.slice(0, 7) }
    if (g.premises[0] !== undefined) supplier.addresses![0] = registerAddress(g.premises[0])
  }
  return supplier
}
