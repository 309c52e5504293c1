import { z } from 'zod'
import { storableDateTime } from '../pagination.js'
import { safeText } from '../rules/schemas.js'

/**
 * The tender a screening is made for (issue 16): the caller's own id for it, and what OCDS
 * publishes of it. Only the id is required, since bidders are compared by it; the rest is context
 * for the officer and, later, for aggregates by CPV division and region.
 */
export const tenderSchema = z.strictObject({
  id: safeText({ max: 200 }),
  title: safeText({ max: 500 }).optional(),
  // Common Procurement Vocabulary codes, as OCDS `items.classification` (scheme CPV) holds them:
  // eight digits and, optionally, the check digit after a hyphen ("45233140-2").
  cpvCodes: z
    .array(z.string().regex(/^\d{8}(-\d)?$/, 'must be a CPV code: eight digits, optionally "-" and a check digit'))
    .max(50)
    .optional(),
  // The estimated value, in `currency`; never negative.
  value: z.number().nonnegative().optional(),
  // ISO 4217: three capital letters (GBP, EUR).
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 currency code of three capital letters')
    .optional(),
  // Where the work is: an ITL (formerly NUTS) code such as "TLD3", or a name ("Greater Manchester").
  region: safeText({ max: 100 }).optional(),
  // When bids close.
  closesAt: storableDateTime.optional(),
})

export type Tender = z.infer<typeof tenderSchema>

// The screenings table's `tender` column holds this document, so that reads need no cast.
declare module '../db/database.js' {
  interface JsonDocuments {
    screeningTender: Tender
  }
}
