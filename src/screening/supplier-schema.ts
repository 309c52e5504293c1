import { z } from 'zod'
import { countryCode, dateOfBirthText, safeText } from '../rules/schemas.js'
import { companiesHouseSchema } from './input/companies-house.js'
import { ocdsPartySchema } from './input/ocds-party.js'
import { draftSupplier } from './input/screening-input.js'
import { tenderSchema, type Tender } from '../tenders/tender-schema.js'

/**
 * The screening request (docs/design.md §3). Only `supplier.name` is required; unknown fields are
 * rejected so that a caller's misspelt field is not silently ignored. Lengths and list sizes are
 * bounded so that one request cannot make matching slow for everyone.
 */
const SUPPLIER_LIMITS = {
  name: 300,
  tradingNames: 20,
  companyNumber: 20,
  addresses: 20,
  addressLines: 10,
  addressLine: 200,
  town: 100,
  postcode: 16,
  people: 50,
  personName: 200,
  role: 100,
  phones: 10,
  phone: 40,
  emails: 10,
  email: 254,
  website: 500,
  reference: 200,
} as const

const L = SUPPLIER_LIMITS
// The one text rule (src/rules/text.ts), the register's too: no control characters (PostgreSQL
// cannot even store NUL), no direction overrides (they make a name on screen differ from the
// name stored), no lone surrogates or noncharacters.
const text = (max: number) => safeText({ max })

const addressSchema = z.strictObject({
  lines: z.array(text(L.addressLine)).max(L.addressLines).optional(),
  town: text(L.town).optional(),
  postcode: text(L.postcode).optional(),
  // The register's rule: an ISO 3166-1 alpha-2 code, `UK` read as `GB`.
  country: countryCode().optional(),
  uprn: z.union([z.string().regex(/^\d{1,12}$/, 'must be up to 12 digits'), z.number().int().nonnegative().max(999_999_999_999).transform(String)]).optional(),
})

const personSchema = z.strictObject({
  name: text(L.personName),
  // The register's rule: a real date from 1900 to today, at the precision given.
  dateOfBirth: dateOfBirthText().optional(),
  role: text(L.role).optional(),
  nationality: countryCode().optional(),
})

export const supplierSchema = z.strictObject({
  name: text(L.name),
  tradingNames: z.array(text(L.name)).max(L.tradingNames).optional(),
  companyNumber: text(L.companyNumber).optional(),
  addresses: z.array(addressSchema).max(L.addresses).optional(),
  people: z.array(personSchema).max(L.people).optional(),
  phones: z.array(text(L.phone)).max(L.phones).optional(),
  emails: z.array(text(L.email)).max(L.emails).optional(),
  website: text(L.website).optional(),
})

export type SubmittedSupplier = z.infer<typeof supplierSchema>

/** What is screened, and stored: the supplier after any mapping (docs: openapi.yaml ScreeningRequest). */
export interface ScreeningRequest {
  reference?: string
  supplier: SubmittedSupplier
  tender?: Tender
}

/**
 * The request as sent: the supplier as such, or an OCDS party in its place, and with either,
 * Companies House records of its people (src/screening/input). Only the mapped supplier is kept;
 * the original input is not stored.
 */
const screeningInputSchema = z.strictObject({
  reference: text(L.reference).optional(),
  supplier: supplierSchema.optional(),
  ocdsParty: ocdsPartySchema.optional(),
  companiesHouse: companiesHouseSchema.optional(),
  // The tender the supplier bids for: bidders of one tender are compared with each other (src/tenders).
  tender: tenderSchema.optional(),
})

export const screeningRequestSchema = screeningInputSchema.transform((input, ctx): ScreeningRequest => {
  const { supplier, ocdsParty, companiesHouse, ...rest } = input
  // `reference` and `tender` are kept only when given, as before this mapping existed: the
  // request is an Idempotency-Key's fingerprint.
  const request = (screened: SubmittedSupplier): ScreeningRequest => ({
    ...(rest.reference === undefined ? {} : { reference: rest.reference }),
    supplier: screened,
    ...(rest.tender === undefined ? {} : { tender: rest.tender }),
  })
  if (supplier !== undefined && ocdsParty !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['ocdsParty'], message: 'give either supplier or ocdsParty, not both' })
    return z.NEVER
  }
  if (supplier === undefined && ocdsParty === undefined) {
    ctx.addIssue({ code: 'custom', path: ['supplier'], message: 'is required (or ocdsParty in its place)' })
    return z.NEVER
  }
  if (supplier !== undefined && companiesHouse === undefined) return request(supplier)
  // Mapped input meets the same rules as a supplier given as such; a problem names the field sent.
  const draft = draftSupplier({ supplier, ocdsParty, companiesHouse })
  for (const problem of draft.problems) ctx.addIssue({ code: 'custom', path: [...problem.path], message: problem.message })
  const checked = supplierSchema.safeParse(draft.supplier)
  if (!checked.success) {
    for (const issue of checked.error.issues) ctx.addIssue({ ...issue, path: [...draft.origins.sourceOf(issue.path)] })
  }
  return checked.success && draft.problems.length === 0 ? request(checked.data) : z.NEVER
})

export const MAX_BATCH_ITEMS = 1000
