/**
 * How the synthetic register writes its values: the register's own (canonical) spelling of each
 * company, person and address, and the register input built from a world's groups. Suppliers
 * are derived from the same structures in other spellings (bench/lib/variants.ts).
 */
import type { Address, RegisterEntity, RegisterInput } from '../../src/matching/index.js'
import { title, type SyntheticAddress, type SyntheticCompany, type SyntheticGroup, type SyntheticPerson } from './synthetic-world.js'

export function companyName(c: SyntheticCompany, legal: string = c.legalSpelling): string {
  const words = [...c.distinctive.map(title), title(c.trade), c.generic === null ? '' : title(c.generic), legal]
  // "Building and Roofing", not "Building And Roofing".
  return words
    .filter((p) => p !== '')
    .join(' ')
    .replace(/ And /g, ' and ')
}

/** The person's Latin name, given names first. */
export function personName(p: Pick<SyntheticPerson, 'given' | 'middle' | 'surname'>): string {
  return [title(p.given), p.middle === null ? '' : title(p.middle), title(p.surname)].filter((s) => s !== '').join(' ')
}

/** The name as the register holds it (a cross-script person in script or in Latin letters). */
function registerPersonName(p: SyntheticPerson): string {
  if (p.script !== null) return p.script.inScript ? p.script.name.native : p.script.name.latin
  return personName(p)
}

export function streetLine(a: SyntheticAddress, streetType: string = a.streetType.long): string {
  return `${a.number} ${a.street} ${streetType}`
}

export function postcode(a: SyntheticAddress): string {
  return `${a.outward} ${a.inward}`
}

function registerLines(a: SyntheticAddress, flatWord: string): string[] {
  const lines: string[] = []
  if (a.building !== null) lines.push(a.suite === null ? a.building : `Suite ${a.suite}, ${a.building}`)
  if (a.flat === null) lines.push(streetLine(a))
  else if (a.flatOwnLine) lines.push(`${flatWord} ${a.flat}`, streetLine(a))
  else lines.push(`${flatWord} ${a.flat}, ${streetLine(a)}`)
  return lines
}

export function registerAddress(a: SyntheticAddress, flatWord = 'Flat'): Address {
  return { lines: registerLines(a, flatWord), town: a.town.town, postcode: postcode(a), country: 'GB' }
}

/** The register entities of a group. */
export function groupEntities(g: SyntheticGroup, flatWord = 'Flat'): RegisterEntity[] {
  const out: RegisterEntity[] = []
  const id = (kind: string, k: number): string => `${g.group.id}_${kind}${k}`
  g.companies.forEach((c, k) => {
    out.push({
      id: id('c', k),
      groupId: g.group.id,
      type: 'company',
      name: companyName(c),
      ...(c.aliases.length > 0 ? { aliases: c.aliases } : {}),
      companyNumber: c.companyNumber,
      addresses: c.office === null ? [] : [registerAddress(c.office, flatWord)],
    })
  })
  g.people.forEach((p, k) => {
    out.push({
      id: id('p', k),
      groupId: g.group.id,
      type: 'person',
      name: registerPersonName(p),
      ...(p.aliases.length > 0 ? { aliases: p.aliases } : {}),
      ...(p.dateOfBirth === null ? {} : { dateOfBirth: p.dateOfBirth }),
      role: p.role,
      ...(p.home === null ? {} : { addresses: [registerAddress(p.home, flatWord)] }),
    })
  })
  g.premises.forEach((a, k) => out.push({ id: id('a', k), groupId: g.group.id, type: 'address', address: registerAddress(a, flatWord) }))
  ;[...g.phones, ...g.switchboards].forEach((value, k) => out.push({ id: id('t', k), groupId: g.group.id, type: 'phone', value }))
  g.emails.forEach((value, k) => out.push({ id: id('m', k), groupId: g.group.id, type: 'email', value }))
  g.websites.forEach((value, k) => out.push({ id: id('w', k), groupId: g.group.id, type: 'website', value }))
  return out
}

export function buildRegister(groups: readonly SyntheticGroup[], flatWord = 'Flat', version = 1): RegisterInput {
  return { version, groups: groups.map((g) => g.group), entities: groups.flatMap((g) => groupEntities(g, flatWord)) }
}
