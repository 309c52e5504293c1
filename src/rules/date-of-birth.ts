/**
 * Dates of birth: the one rule for what is a date of birth (issue 13), used by the supplier
 * schema, the register's validator and the matcher.
 *
 * A date of birth is a real calendar date (days per month, leap years), at the precision known:
 * `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (Companies House publishes month and year only, so a partial
 * date is normal). It is plausible from 1900, the earliest year either validator ever accepted
 * (anyone born before is past 125: a typing error, such as 1891 for 1981), up to today.
 *
 * The API and the register accept the ISO form only (`isoDateOfBirthProblem`). The matcher also
 * reads the forms of record-linkage files (`YYYYMMDD`, day-first `DD/MM/YYYY`, one-digit months
 * and days: `readDateOfBirth`) and holds them to the same calendar rule; it keeps no clock, so it
 * leaves "not after today" to the validators, which both sides' values have passed. Pure.
 */

/** Dates of birth before this year are taken to be typing errors. */
export const EARLIEST_BIRTH_YEAR = 1900

/** A date at the precision given: a month without a day, or a year alone, is normal. */
export interface DateOfBirthParts {
  readonly year: number
  readonly month: number | null
  readonly day: number | null
}

const ISO = /^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$/
const ISO_LENIENT = /^([0-9]{4})(?:-([0-9]{1,2})(?:-([0-9]{1,2}))?)?$/
const COMPACT = /^([0-9]{4})([0-9]{2})([0-9]{2})$/
const DAY_FIRST = /^([0-9]{1,2})[/.]([0-9]{1,2})[/.]([0-9]{4})$/

function partsOf(year: string | undefined, month: string | undefined, day: string | undefined): DateOfBirthParts {
  return { year: Number(year), month: month === undefined ? null : Number(month), day: day === undefined ? null : Number(day) }
}

/** The parts of an ISO `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (shape only), or null. */
function parseIsoDateOfBirth(text: string): DateOfBirthParts | null {
  const m = ISO.exec(text)
  return m === null ? null : partsOf(m[1], m[2], m[3])
}

/**
 * The parts of a date of birth written in any form the matcher reads (shape only), or null:
 * ISO with one- or two-digit month and day, compact `YYYYMMDD`, and UK day-first `DD/MM/YYYY`
 * or `DD.MM.YYYY`.
 */
export function readDateOfBirth(text: string): DateOfBirthParts | null {
  let m = ISO_LENIENT.exec(text)
  if (m !== null) return partsOf(m[1], m[2], m[3])
  if ((m = COMPACT.exec(text)) !== null) return partsOf(m[1], m[2], m[3])
  if ((m = DAY_FIRST.exec(text)) !== null) return partsOf(m[3], m[2], m[1])
  return null
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0')
}

/** `YYYY`, `YYYY-MM` or `YYYY-MM-DD` of the parts, at their precision. */
function isoDateOfBirth(parts: DateOfBirthParts): string {
  let text = pad(parts.year, 4)
  if (parts.month !== null) text += `-${pad(parts.month, 2)}`
  if (parts.month !== null && parts.day !== null) text += `-${pad(parts.day, 2)}`
  return text
}

/**
 * Why the parts are not a plausible date of birth, or null when they are. `today` (`YYYY-MM-DD`)
 * is the latest acceptable day; without it (the matcher keeps no clock) the date is not checked
 * against the future.
 */
export function datePartsProblem(parts: DateOfBirthParts, today?: string): string | null {
  const { year, month, day } = parts
  if (year < EARLIEST_BIRTH_YEAR) return `date of birth must not be before ${EARLIEST_BIRTH_YEAR}`
  if (month === null && day !== null) return 'date of birth has a day without a month'
  if (month !== null && (month < 1 || month > 12)) return 'date of birth has a month outside 01–12'
  if (month !== null && day !== null && (day < 1 || day > daysInMonth(year, month))) return 'date of birth is not a real calendar date'
  if (today !== undefined) {
    // Same-precision prefixes of ISO dates compare correctly as strings.
    const iso = isoDateOfBirth(parts)
    if (iso > today.slice(0, iso.length)) return 'date of birth must not be in the future'
  }
  return null
}

/** Whether the parts are a plausible date of birth (see `datePartsProblem`). */
export function isPlausibleDateOfBirth(parts: DateOfBirthParts, today?: string): boolean {
  return datePartsProblem(parts, today) === null
}

/** Why an ISO date of birth sent to the API or the register is unacceptable, or null. */
export function isoDateOfBirthProblem(value: string, today: string): string | null {
  const parts = parseIsoDateOfBirth(value)
  if (parts === null) return 'date of birth must be YYYY, YYYY-MM or YYYY-MM-DD'
  return datePartsProblem(parts, today)
}

/** `YYYY-MM-DD` of a moment, in UTC: the "today" of the checks above. */
export function utcDay(moment: Date): string {
  return moment.toISOString().slice(0, 10)
}
