/**
 * Countries: ISO 3166-1 alpha-2, the one rule for a supplier's address country and nationality
 * and for the register's (issue 13). Codes are upper case; `UK`, which people write for the
 * United Kingdom and which ISO reserves for it, is read as `GB`.
 *
 * Reference: ISO 3166-1 officially assigned alpha-2 codes (the ISO Online Browsing Platform),
 * plus XK, the user-assigned code for Kosovo that UK agencies and the EU use. Pure.
 */

/** Officially assigned ISO 3166-1 alpha-2 codes, plus XK (Kosovo). */
export const ISO_COUNTRY_CODES: ReadonlySet<string> = new Set(
  (
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS ' +
    'BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC ' +
    'EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY ' +
    'HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ ' +
    'LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW ' +
    'MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA ' +
    'RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH ' +
    'TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW XK'
  ).split(' '),
)

/** The country of an address that names none: the register is kept by UK police forces. */
export const DEFAULT_COUNTRY = 'GB'

const TWO_LETTERS = /^[A-Za-z]{2}$/

/** ISO alpha-2 in upper case, `UK` read as `GB`; null when `value` is not such a code. */
export function canonicalCountry(value: string): string | null {
  if (!TWO_LETTERS.test(value)) return null
  const upper = value.toUpperCase()
  if (upper === 'UK') return 'GB'
  return ISO_COUNTRY_CODES.has(upper) ? upper : null
}

export const COUNTRY_CODE_MESSAGE = 'must be an ISO 3166-1 alpha-2 code such as GB'
