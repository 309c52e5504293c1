/**
 * The JSON upload's shape as zod schemas: strict objects, so that a misspelt field is an error
 * rather than silently dropped intelligence. The parser checks one group header and one entity
 * at a time with them (so that a bad entity does not hide the others); the meaning of each
 * value (dates, postcodes, identifiers, characters) is then the shared validator's to check.
 */
import { z } from 'zod'
import { FIELD_LIMITS as L, UPRN_SLACK, type EntityType } from './limits.js'

const optionalText = (max: number) => z.string().max(max).nullish()
const textList = (itemMax: number, itemsMax: number) => z.array(z.string().max(itemMax)).max(itemsMax).nullish()

const WatchlistAddressJsonSchema = z.strictObject({
  lines: textList(L.addressLine, L.addressLines),
  town: optionalText(L.town),
  postcode: optionalText(L.postcode),
  country: optionalText(L.country).describe('ISO 3166-1 alpha-2; default GB'),
  // UPRNs are integers, so a JSON number is accepted as well as a string of digits.
  uprn: z.union([z.string().max(L.uprn + UPRN_SLACK), z.number().int().nonnegative()]).nullish(),
})

const addressList = z.array(WatchlistAddressJsonSchema).max(L.addresses).nullish()

export const WatchlistEntityJsonSchemas = {
  company: z.strictObject({
    type: z.literal('company'),
    name: z.string().max(L.name),
    aliases: textList(L.alias, L.aliases),
    companyNumber: optionalText(L.companyNumber),
    addresses: addressList,
  }),
  person: z.strictObject({
    type: z.literal('person'),
    name: z.string().max(L.name),
    aliases: textList(L.alias, L.aliases),
    dateOfBirth: optionalText(L.dateOfBirth).describe('YYYY, YYYY-MM or YYYY-MM-DD'),
    role: optionalText(L.role),
    nationality: optionalText(L.nationality).describe('ISO 3166-1 alpha-2'),
    addresses: addressList,
  }),
  address: z.strictObject({ type: z.literal('address'), address: WatchlistAddressJsonSchema }),
  phone: z.strictObject({ type: z.literal('phone'), value: z.string().max(L.phone) }),
  email: z.strictObject({ type: z.literal('email'), value: z.string().max(L.email) }),
  website: z.strictObject({ type: z.literal('website'), value: z.string().max(L.website) }),
} as const

/** A group's own fields; its entities are checked one by one, so that every bad one is reported. */
export const WatchlistGroupHeaderJsonSchema = z.strictObject({
  ref: z.string().max(L.groupRef),
  name: z.string().max(L.groupName),
  aliases: textList(L.alias, L.aliases),
  riskLevel: z.string().max(L.riskLevel).describe('low, medium or high'),
  handling: optionalText(L.handling),
  notes: optionalText(L.notes),
  entities: z.array(z.unknown()).nullish(),
})

/** One entity of a JSON upload, as written (before validation). */
export type WatchlistEntityJson = z.infer<(typeof WatchlistEntityJsonSchemas)[EntityType]>
export type WatchlistAddressJson = z.infer<typeof WatchlistAddressJsonSchema>
/** A whole JSON upload, as written (before validation). */
export interface WatchlistJson {
  groups: (Omit<z.infer<typeof WatchlistGroupHeaderJsonSchema>, 'entities'> & { entities?: WatchlistEntityJson[] | null })[]
}
