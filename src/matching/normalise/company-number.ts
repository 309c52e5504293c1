/**
 * Companies House company numbers.
 *
 * Reference: Companies House API documentation and `companieshouse/api-enumerations`
 * company_prefix_features.yml (see docs/domain-notes.md §1). A number is 8 characters: either
 * 8 digits (England & Wales, zero-padded on the left) or a 2-character prefix followed by 6
 * digits. Callers hold numbers with the leading zeros dropped (spreadsheets do that) and with
 * spaces, so both are repaired before comparison; anything else is rejected rather than guessed.
 */

import { removeInvisible } from '../text/fold.js'

/**
 * Every prefix Companies House issues (api-enumerations company_prefix_features.yml). Codes that
 * break the 2 + 6 pattern (e.g. `RS00592C`) are deliberately not accepted.
 */
const COMPANY_NUMBER_PREFIXES: ReadonlySet<string> = new Set([
  'AC',
  'BR',
  'ES',
  'FC',
  'GE',
  'GN',
  'GS',
  'IC',
  'IP',
  'LP',
  'NA',
  'NC',
  'NF',
  'NI',
  'NL',
  'NO',
  'NP',
  'NR',
  'NV',
  'NZ',
  'OC',
  'R0',
  'RC',
  'SA',
  'SC',
  'SE',
  'SF',
  'SI',
  'SL',
  'SO',
  'SP',
  'SR',
  'SZ',
  'ZC',
])

const MAX_RAW_LENGTH = 32
const SPACES = /[\s\u00A0\u202F\uFEFF]+/g
const DIGITS = /^[0-9]+$/

/**
 * The canonical 8-character form (`9876543` → `09876543`, `sc 12345` → `SC012345`) or null when
 * `raw` is not a valid company number format. All-zero numbers are rejected: Companies House
 * never issues them and a spreadsheet's empty cell often turns into one.
 */
export function canonicalCompanyNumber(input: string): string | null {
  if (typeof input !== 'string') return null
  // Invisible characters first: "0987\u200B6543" is 09876543.
  const raw = removeInvisible(input)
  if (raw.length === 0 || raw.length > MAX_RAW_LENGTH) return null
  const compact = raw.replace(SPACES, '').toUpperCase()
  if (DIGITS.test(compact)) {
    if (compact.length > 8 || /^0+$/.test(compact)) return null
    return compact.padStart(8, '0')
  }
  const prefix = compact.slice(0, 2)
  const digits = compact.slice(2)
  if (!COMPANY_NUMBER_PREFIXES.has(prefix)) return null
  if (digits.length === 0 || digits.length > 6 || !DIGITS.test(digits) || /^0+$/.test(digits)) {
    return null
  }
  return prefix + digits.padStart(6, '0')
}
