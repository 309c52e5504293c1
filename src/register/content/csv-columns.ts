/**
 * The CSV format's columns (docs/design.md §3): their names, which are required, which apply to
 * each entity type, and which logical field each one holds.
 */
import type { FieldName } from './field-checks.js'
import type { EntityType } from './limits.js'

export const CSV_COLUMNS = [
  'group_ref',
  'group_name',
  'group_risk_level',
  'group_handling',
  'group_notes',
  'entity_type',
  'name',
  'aliases',
  'date_of_birth',
  'nationality',
  'role',
  'company_number',
  'address_lines',
  'town',
  'postcode',
  'country',
  'uprn',
  'phone',
  'email',
  'website',
] as const
export type CsvColumn = (typeof CSV_COLUMNS)[number]

/** Without these no row could be valid, so their absence is reported once, not per row. */
export const REQUIRED_CSV_COLUMNS: readonly CsvColumn[] = ['group_ref', 'group_name', 'group_risk_level', 'entity_type']

/** Separator of several values in one cell (aliases, address lines). */
export const CSV_LIST_SEPARATOR = '|'

/**
 * Longest record csv-parse will buffer, in characters: above the sum of the field limits, and a
 * bound on memory when a stray quote would otherwise swallow the rest of the file into one field.
 */
export const MAX_CSV_RECORD_CHARS = 100_000

const ADDRESS_COLUMNS: readonly CsvColumn[] = ['address_lines', 'town', 'postcode', 'uprn']

/** Entity columns each type may fill; `country` is left out because it is ignored when alone. */
const APPLICABLE: Record<EntityType, ReadonlySet<CsvColumn>> = {
  company: new Set(['name', 'aliases', 'company_number', ...ADDRESS_COLUMNS]),
  person: new Set(['name', 'aliases', 'date_of_birth', 'nationality', 'role', ...ADDRESS_COLUMNS]),
  address: new Set(ADDRESS_COLUMNS),
  phone: new Set(['phone']),
  email: new Set(['email']),
  website: new Set(['website']),
}

const ENTITY_COLUMNS: readonly CsvColumn[] = [
  'name',
  'aliases',
  'date_of_birth',
  'nationality',
  'role',
  'company_number',
  ...ADDRESS_COLUMNS,
  'phone',
  'email',
  'website',
]

/** The entity columns of `present` that an entity of `type` may not fill. */
export function notApplicableColumns(type: EntityType, present: (column: CsvColumn) => boolean): CsvColumn[] {
  return ENTITY_COLUMNS.filter((column) => present(column) && !APPLICABLE[type].has(column))
}

export const GROUP_FIELD_COLUMNS = ['group_name', 'group_risk_level', 'group_handling', 'group_notes'] as const
export type GroupFieldColumn = (typeof GROUP_FIELD_COLUMNS)[number]

/** The column holding each logical field (the `value` of an identifier is in its type's column). */
export const FIELD_COLUMNS: Record<FieldName, string> = {
  groupRef: 'group_ref',
  groupName: 'group_name',
  groupAliases: 'group_aliases',
  riskLevel: 'group_risk_level',
  handling: 'group_handling',
  notes: 'group_notes',
  type: 'entity_type',
  name: 'name',
  aliases: 'aliases',
  companyNumber: 'company_number',
  dateOfBirth: 'date_of_birth',
  role: 'role',
  nationality: 'nationality',
  value: 'value',
  address: 'address_lines',
  lines: 'address_lines',
  town: 'town',
  postcode: 'postcode',
  country: 'country',
  uprn: 'uprn',
}

/** The group field each group column holds. */
export const GROUP_FIELD_OF: Partial<Record<FieldName, GroupFieldColumn>> = {
  groupName: 'group_name',
  riskLevel: 'group_risk_level',
  handling: 'group_handling',
  notes: 'group_notes',
}
