/**
 * A supplier given as an Open Contracting Data Standard party (an entry of a release's
 * `parties`), read into the screening request's supplier. The mapping is documented in
 * openapi.yaml (`OcdsParty`) and the README.
 *
 * Reference: OCDS 1.1 release schema, `Organization`, `Identifier`, `Address`, `ContactPoint`
 * (https://standard.open-contracting.org/1.1/en/schema/reference/), 1.2's `Address.country`,
 * the org-id scheme `GB-COH` for Companies House, and the beneficial owners extension
 * (open-contracting-extensions/ocds_beneficialOwners_extension, release-schema.json:
 * `Organization.beneficialOwners[]` of `Person {id, name, identifier, nationalities, address,
 * email, telephone, faxNumber}`; `nationality` before 2023-08-04).
 *
 * OCDS is extensible and publishers add fields (names in other languages, `details`), so fields
 * this mapping does not read are ignored, not refused; publishers also write null or "" for a
 * value they lack, which reads as absent. Pure.
 */
import { z } from 'zod'
import { countryCodeOfName, countryCodeOfNationality } from './country-names.js'
import { FieldOrigins, type FieldPath, type SourcedPerson, type SupplierDraft } from './supplier-draft.js'

// The roles of a party that bids (partyRole codelist). A buyer sent by mistake is refused rather
// than screened as if it were the supplier.
const BIDDER_ROLES: ReadonlySet<string> = new Set(['supplier', 'tenderer'])

// Bounds on lists the mapping reads, so that one request cannot make it slow; the supplier's own
// limits apply after mapping.
const MAX_IDENTIFIERS = 50
const MAX_OWNERS = 100
const MAX_ROLES = 30

const text = z.string().nullish()
const identifierSchema = z.object({ scheme: text, id: z.union([z.string(), z.number()]).nullish(), legalName: text })
const addressSchema = z.object({ streetAddress: text, locality: text, region: text, postalCode: text, countryName: text, country: text })
const contactPointSchema = z.object({ name: text, email: text, telephone: text, faxNumber: text, url: text })
const ownerSchema = z.object({ name: text, nationalities: z.array(z.string()).max(MAX_ROLES).nullish(), nationality: text })

export const ocdsPartySchema = z.object({
  name: text,
  identifier: identifierSchema.nullish(),
  additionalIdentifiers: z.array(identifierSchema).max(MAX_IDENTIFIERS).nullish(),
  address: addressSchema.nullish(),
  contactPoint: contactPointSchema.nullish(),
  roles: z
    .array(z.string())
    .max(MAX_ROLES)
    .nullish()
    .refine((roles) => roles == null || roles.some((role) => BIDDER_ROLES.has(role)), {
      message: 'must include "supplier" or "tenderer": only a party that bids is screened',
    }),
  beneficialOwners: z.array(ownerSchema).max(MAX_OWNERS).nullish(),
})

export type OcdsParty = z.output<typeof ocdsPartySchema>

/** A value given: trimmed, null and blank read as absent. */
function given(value: string | number | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined
  const trimmed = String(value).trim()
  return trimmed === '' ? undefined : trimmed
}

/**
 * A Companies House number as publishers write it. A number that went through a spreadsheet
 * comes out as "11111111.0" (the OCDS fictional example has it), which is the number 11111111.
 */
function companyNumberOf(id: string | number | null | undefined): string | undefined {
  const value = given(id)
  return value?.replace(/^(\d+)\.0+$/, '$1')
}

function isCompaniesHouse(identifier: { scheme?: string | null | undefined }): boolean {
  return given(identifier.scheme)?.toUpperCase() === 'GB-COH'
}

/**
 * The supplier drafted from an OCDS party, and its beneficial owners as people (to be merged
 * with any Companies House people before they join the draft); `at` is where the party sits in
 * the request.
 */
export function draftFromOcdsParty(party: OcdsParty, at: FieldPath = ['ocdsParty']): { draft: SupplierDraft; people: SourcedPerson[] } {
  const origins = new FieldOrigins(at, { passThrough: false })
  const supplier: Record<string, unknown> = {}
  const problems: SupplierDraft['problems'] = []
  const set = (field: string, value: unknown, source: FieldPath) => {
    supplier[field] = value
    origins.record([field], [...at, ...source])
  }

  // The legal name is the registered one, which a register built from Companies House holds; the
  // common name is screened too, as a trading name.
  const legalName = given(party.identifier?.legalName)
  const commonName = given(party.name)
  origins.record(['name'], legalName !== undefined ? [...at, 'identifier', 'legalName'] : [...at, 'name'])
  if (legalName !== undefined || commonName !== undefined) supplier.name = legalName ?? commonName
  const otherNames: { name: string; source: FieldPath }[] = []
  if (legalName !== undefined && commonName !== undefined) otherNames.push({ name: commonName, source: ['name'] })
  party.additionalIdentifiers?.forEach((identifier, i) => {
    const name = given(identifier.legalName)
    if (name !== undefined) otherNames.push({ name, source: ['additionalIdentifiers', i, 'legalName'] })
  })
  const tradingNames: string[] = []
  for (const { name, source } of otherNames) {
    const seen = [supplier.name as string, ...tradingNames].some((n) => n.toLowerCase() === name.toLowerCase())
    if (seen) continue
    origins.record(['tradingNames', tradingNames.length], [...at, ...source])
    tradingNames.push(name)
  }
  if (tradingNames.length > 0) set('tradingNames', tradingNames, ['additionalIdentifiers'])

  // Only a Companies House number is screened: the register holds no other scheme's identifiers.
  const additional = party.additionalIdentifiers?.findIndex(isCompaniesHouse) ?? -1
  if (party.identifier && isCompaniesHouse(party.identifier) && companyNumberOf(party.identifier.id) !== undefined) {
    set('companyNumber', companyNumberOf(party.identifier.id), ['identifier', 'id'])
  } else if (additional >= 0 && companyNumberOf(party.additionalIdentifiers![additional]!.id) !== undefined) {
    set('companyNumber', companyNumberOf(party.additionalIdentifiers![additional]!.id), ['additionalIdentifiers', additional, 'id'])
  }

  const address = party.address ? draftAddress(party.address, [...at, 'address'], origins, problems) : undefined
  if (address !== undefined) set('addresses', [address], ['address'])

  const contact = party.contactPoint
  // The contact point's `name` is whoever answers for the bid ("Contracts Team"), not a
  // connected person in the Procurement Act's sense, so it is not screened as one.
  const phones: string[] = []
  for (const field of ['telephone', 'faxNumber'] as const) {
    const phone = given(contact?.[field])
    if (phone === undefined || phones.includes(phone)) continue
    origins.record(['phones', phones.length], [...at, 'contactPoint', field])
    phones.push(phone)
  }
  if (phones.length > 0) set('phones', phones, ['contactPoint'])
  const email = given(contact?.email)
  if (email !== undefined) {
    set('emails', [email], ['contactPoint', 'email'])
    origins.record(['emails', 0], [...at, 'contactPoint', 'email'])
  }
  const url = given(contact?.url)
  if (url !== undefined) set('website', url, ['contactPoint', 'url'])

  const owners = (party.beneficialOwners ?? []).flatMap((owner, i) => {
    const person = draftOwner(owner, [...at, 'beneficialOwners', i])
    return person === undefined ? [] : [person]
  })
  return { draft: { supplier, origins, problems }, people: owners }
}

function draftAddress(address: z.output<typeof addressSchema>, at: FieldPath, origins: FieldOrigins, problems: SupplierDraft['problems']) {
  const draft: Record<string, unknown> = {}
  origins.record(['addresses', 0], at)
  // OCDS writes the street as one string; a publisher's line breaks are kept as lines. The region
  // (a county) is left out: the postcode and town already place the address, and the register's
  // addresses have no county to agree with.
  const lines = given(address.streetAddress)
    ?.split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
  if (lines !== undefined && lines.length > 0) {
    draft.lines = lines
    origins.record(['addresses', 0, 'lines'], [...at, 'streetAddress'])
  }
  const town = given(address.locality)
  if (town !== undefined) {
    draft.town = town
    origins.record(['addresses', 0, 'town'], [...at, 'locality'])
  }
  const postcode = given(address.postalCode)
  if (postcode !== undefined) {
    draft.postcode = postcode
    origins.record(['addresses', 0, 'postcode'], [...at, 'postalCode'])
  }
  // OCDS 1.2's `country` is already an ISO code; 1.1 has only the name.
  const countryField = given(address.country) !== undefined ? 'country' : 'countryName'
  const countryText = given(address[countryField])
  if (countryText !== undefined) {
    const code = countryCodeOfName(countryText)
    if (code === null) problems.push({ path: [...at, countryField], message: 'is not a country name or ISO 3166-1 alpha-2 code that this service knows' })
    else draft.country = code
    origins.record(['addresses', 0, 'country'], [...at, countryField])
  }
  return Object.keys(draft).length === 0 ? undefined : draft
}

/**
 * A beneficial owner as a connected person. The extension carries no date of birth; the
 * owner's own address and contact details are not the supplier's, and the matcher reads only a
 * person's name and date of birth, so they are not screened.
 */
function draftOwner(owner: z.output<typeof ownerSchema>, at: FieldPath): SourcedPerson | undefined {
  const name = given(owner.name)
  // The extension lets an owner go unnamed (a listed company's); there is nobody to screen.
  if (name === undefined) return undefined
  const person: SourcedPerson = { person: { name, role: 'beneficial owner' }, from: { person: at, name: [...at, 'name'] } }
  const nationalities = (owner.nationalities ?? []).map((value, i) => ({ value, source: [...at, 'nationalities', i] }))
  const older = given(owner.nationality)
  if (older !== undefined) nationalities.push({ value: older, source: [...at, 'nationality'] })
  const first = nationalities[0]
  if (first !== undefined) {
    // The codelist is closed (ISO codes); a value outside it reaches the supplier schema as written, which refuses it.
    person.person.nationality = countryCodeOfNationality(first.value) ?? first.value
    person.from.nationality = first.source
  }
  return person
}
