/**
 * Telephone numbers to E.164.
 *
 * Reference: libphonenumber-js (a port of Google's libphonenumber) with its "min" metadata.
 * We ask only whether a number is *possible* (right length for its country), not *valid*
 * (allocated range): intelligence data holds old and unallocated numbers.
 *
 * libphonenumber-js spends 30–90 µs on a UK number (it tries the number against the patterns
 * of every territory sharing +44), which made phones a tenth of a 100,000-row upload. The
 * overwhelmingly common shape — a 10-digit UK national significant number written nationally
 * (`0161 496 0000`) or internationally (`+44 161 496 0000`, `+44 (0)161 …`, `0044 …`) with
 * ASCII spaces, hyphens, dots or brackets — is therefore answered directly; every other input
 * goes to the library. A differential test holds the shortcut to the library's answers.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js'
import { CONTROL_CHARACTER } from '../../rules/text.js'
import { removeInvisible } from '../text/fold.js'

/** Longer than any formatted phone number with an extension; keeps parsing bounded. */
const MAX_RAW_LENGTH = 64
/** No phone number holds a control character or line separator (the one text rule). */
const CONTROL = CONTROL_CHARACTER

/** Only plain ASCII formatting may take the shortcut; anything else is the library's to judge. */
const UK_SHAPE = /^\+?[0-9(][0-9 ().-]*[0-9]$/
const SEPARATORS = /[ ().-]/g
const UK_NATIONAL = /^0([1-9][0-9]{9})$/
const UK_INTERNATIONAL = /^\+440?([1-9][0-9]{9})$/
const UK_INTERNATIONAL_FROM_UK = /^00440?([1-9][0-9]{9})$/

/**
 * `raw` in E.164 (`0161 496 0000` → `+441614960000`), reading national numbers as numbers of
 * `defaultCountry` (ISO 3166 alpha-2); null when it is not a possible phone number. Extensions
 * are dropped: the line, not the desk, identifies the subscriber.
 */
export function phoneToE164(input: string, defaultCountry = 'GB'): string | null {
  if (typeof input !== 'string') return null
  const raw = removeInvisible(input).trim()
  if (raw.length > MAX_RAW_LENGTH) return null
  if (raw.length === 0 || CONTROL.test(raw)) return null
  const country = defaultCountry.toUpperCase()
  // At most one bracketed group, closed: unbalanced brackets are the library's to judge.
  if (UK_SHAPE.test(raw) && raw.indexOf('(', raw.indexOf(')')) === -1) {
    const compact = raw.replace(SEPARATORS, '')
    const match = UK_INTERNATIONAL.exec(compact) ?? (country === 'GB' ? (UK_NATIONAL.exec(compact) ?? UK_INTERNATIONAL_FROM_UK.exec(compact)) : null)
    if (match !== null) return `+44${match[1]}`
  }
  return phoneToE164ViaLibrary(raw, country)
}

/**
 * The library's answer for any input: the reference the shortcut in phoneToE164 is tested
 * against. Callers use phoneToE164.
 */
export function phoneToE164ViaLibrary(input: string, defaultCountry = 'GB'): string | null {
  if (typeof input !== 'string') return null
  // Trimmed first: the library refuses " +44 …" with a leading space but not " 0161 …".
  const raw = removeInvisible(input).trim()
  if (raw.length > MAX_RAW_LENGTH) return null
  if (raw.length === 0 || CONTROL.test(raw)) return null
  const parsed = parsePhoneNumberFromString(raw, {
    defaultCountry: defaultCountry.toUpperCase() as CountryCode,
    extract: false,
  })
  if (parsed === undefined || !parsed.isPossible()) return null
  return parsed.number
}
