/**
 * The one way a screening request's other inputs become its supplier: an OCDS party in place of
 * `supplier`, and Companies House officers and PSCs added to the supplier's people. Only drafts:
 * the supplier schema (src/screening/supplier-schema.ts) checks the result, so every text rule
 * and limit holds whatever the input, and names the input's own field when one fails. Pure.
 */
import { companiesHousePeople, type CompaniesHouseRecords } from './companies-house.js'
import { draftFromOcdsParty, type OcdsParty } from './ocds-party.js'
import { appendPeople, FieldOrigins, mergeSamePeople, type SupplierDraft } from './supplier-draft.js'

export interface ScreeningInput {
  /** The supplier as the request gives it, already checked. */
  supplier?: Readonly<Record<string, unknown>> | undefined
  ocdsParty?: OcdsParty | undefined
  companiesHouse?: CompaniesHouseRecords | undefined
}

/** The supplier to screen, drafted from the request's inputs, with where each field came from. */
export function draftSupplier(input: ScreeningInput): SupplierDraft {
  const fromParty = input.ocdsParty === undefined ? undefined : draftFromOcdsParty(input.ocdsParty)
  const draft = fromParty?.draft ?? { supplier: { ...input.supplier }, origins: new FieldOrigins(['supplier'], { passThrough: true }), problems: [] }
  const registerPeople = input.companiesHouse === undefined ? [] : companiesHousePeople(input.companiesHouse)
  // The supplier's own people stand as given; those read from other input are merged where the
  // same person is listed twice (a director who is also a PSC, an owner who is also a PSC).
  const people = mergeSamePeople([...(fromParty?.people ?? []), ...registerPeople])
  appendPeople(draft, people, registerPeople.length > 0 ? ['companiesHouse'] : ['ocdsParty', 'beneficialOwners'])
  return draft
}
