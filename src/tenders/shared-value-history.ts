/**
 * Values that many of an authority's suppliers have given (a formation agent's office, a
 * mailbox provider, an answering service): two bidders agreeing on one say little about each
 * other. The matcher already weighs as shared a value that three or more bidders of the tender
 * hold (its `sharedValueMinGroups`); this adds the authority's own screening history, counted in
 * distinct suppliers (the screenings' `supplier_key`) as the matcher counts groups, from the keys
 * stored with each screening (`supplier_values`). Pure.
 */
import { canonicalDomain, canonicalEmail, phoneToE164, premisesKeyOf, type Match, type Supplier } from '../matching/index.js'

/**
 * Distinct suppliers of the authority that must have given a value for it to be a shared value
 * rather than an identity. An office that twenty unrelated suppliers have given is a formation
 * agent's, accountant's or serviced office: real premises of one firm are given by that firm and
 * perhaps a sister company or two, well under twenty.
 */
export const SHARED_VALUE_MIN_SUPPLIERS = 20

const FIELD = /^supplier\.(addresses|phones|emails)\[(\d+)\]$/

/**
 * The key of the value a bidder's matched field gave, as counted across suppliers: premises (the
 * matcher's own key), an E.164 phone number, an e-mail address when the address itself agreed,
 * otherwise the business domain. Null for names, people and company numbers, which are not
 * counted this way (the matcher weighs names by their own frequency).
 */
export function matchedValueKey(supplier: Supplier, match: Match): string | null {
  const agreed = (feature: string) => match.reasons.some((r) => r.feature === feature)
  if (match.field === 'supplier.website') {
    const domain = supplier.website === undefined ? null : canonicalDomain(supplier.website)
    return domain === null ? null : `domain:${domain}`
  }
  const parts = FIELD.exec(match.field)
  if (parts === null) return null
  const index = Number(parts[2])
  switch (parts[1]) {
    case 'addresses': {
      const address = supplier.addresses?.[index]
      return address === undefined ? null : premisesKeyOf(address)
    }
    case 'phones': {
      const phone = supplier.phones?.[index]
      const e164 = phone === undefined ? null : phoneToE164(phone)
      return e164 === null ? null : `tel:${e164}`
    }
    default: {
      const raw = supplier.emails?.[index]
      const email = raw === undefined ? null : canonicalEmail(raw)
      if (email === null) return null
      return agreed('email') ? `email:${email}` : `domain:${email.slice(email.lastIndexOf('@') + 1)}`
    }
  }
}

/** Every key a supplier's values count under (see matchedValueKey); stored with each screening. */
export function supplierValueKeys(supplier: Supplier): Set<string> {
  const keys = new Set<string>()
  for (const address of supplier.addresses ?? []) {
    const key = premisesKeyOf(address)
    if (key !== null) keys.add(key)
  }
  for (const phone of supplier.phones ?? []) {
    const e164 = phoneToE164(phone)
    if (e164 !== null) keys.add(`tel:${e164}`)
  }
  for (const raw of supplier.emails ?? []) {
    const email = canonicalEmail(raw)
    if (email === null) continue
    keys.add(`email:${email}`)
    keys.add(`domain:${email.slice(email.lastIndexOf('@') + 1)}`)
  }
  const domain = supplier.website === undefined ? null : canonicalDomain(supplier.website)
  if (domain !== null) keys.add(`domain:${domain}`)
  return keys
}

const WHAT: Readonly<Record<string, [string, string]>> = {
  premises: ['address', 'likely a formation agent, accountant or serviced office'],
  tel: ['phone number', 'likely a switchboard or answering service'],
  email: ['e-mail address', 'likely a shared inbox or agent'],
  domain: ['domain', 'likely a mailbox provider or host'],
}

/**
 * Marks the match weak when its value is one the authority's suppliers share widely, with a
 * reason saying how widely, as the matcher marks a value many register groups hold: the match
 * then carries at most the matcher's `weakEvidenceCap` (alone, band low).
 */
export function weakenIfShared(supplier: Supplier, match: Match, suppliersHolding: ReadonlyMap<string, number>): void {
  const key = matchedValueKey(supplier, match)
  const count = key === null ? 0 : (suppliersHolding.get(key) ?? 0)
  if (key === null || count < SHARED_VALUE_MIN_SUPPLIERS) return
  const [what, likely] = WHAT[key.slice(0, key.indexOf(':'))] ?? ['value', 'a value many use']
  match.weak = true
  match.reasons.push({
    feature: 'shared_value',
    score: 0,
    query: match.query,
    candidate: match.entity.name,
    detail: `this ${what} was given by ${count} suppliers screened by this authority: ${likely}`,
  })
}
