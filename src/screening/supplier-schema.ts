import { z } from 'zod'
import { countryCode, dateOfBirthText, safeText } from '../rules/schemas.js'
import { tenderSchema } from '../tenders/tender-schema.js'

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

export const screeningRequestSchema = z.strictObject({
  reference: text(L.reference).optional(),
  supplier: supplierSchema,
  // The tender the supplier bids for: bidders of one tender are compared with each other (src/tenders).
  tender: tenderSchema.optional(),
})

export type ScreeningRequest = z.infer<typeof screeningRequestSchema>
export type SubmittedSupplier = z.infer<typeof supplierSchema>

export const MAX_BATCH_ITEMS = 1000
