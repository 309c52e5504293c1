/**
 * The watchlist upload's vocabulary and limits (docs/design.md §3): what a risk level and an
 * entity type may be, and how long each value and list may get.
 */

export const RISK_LEVELS = ['low', 'medium', 'high'] as const
export type RiskLevel = (typeof RISK_LEVELS)[number]

export const ENTITY_TYPES = ['company', 'person', 'address', 'phone', 'email', 'website'] as const
export type EntityType = (typeof ENTITY_TYPES)[number]

/**
 * Longest accepted value of each field, in UTF-16 code units, and most items in each list.
 * Generous for real data (PAF's longest address element is 60 characters, Companies House names
 * are at most 160) yet bounded, so that one pathological upload cannot bloat the register, the
 * index or a 422 response.
 */
export const FIELD_LIMITS = {
  groupRef: 64,
  groupName: 200,
  handling: 2_000,
  notes: 20_000,
  name: 200,
  alias: 200,
  aliases: 50,
  role: 100,
  riskLevel: 16,
  companyNumber: 32,
  dateOfBirth: 32,
  nationality: 32,
  addressLine: 200,
  addressLines: 10,
  addresses: 20,
  town: 100,
  postcode: 16,
  country: 32,
  uprn: 12,
  phone: 64,
  email: 254,
  website: 500,
} as const

/** A UPRN a little over 12 characters is reported as a bad UPRN, not as an over-long field. */
export const UPRN_SLACK = 8

/** Most errors a failed upload returns; `totalErrors` still counts every one. */
export const MAX_REPORTED_ERRORS = 1_000
