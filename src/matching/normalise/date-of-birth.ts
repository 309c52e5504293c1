/**
 * Dates of birth at the precision given (docs/design.md §3): `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, and
 * the compact `YYYYMMDD` of record-linkage files. Companies House publishes month and year only,
 * so a partial date is normal, not an error. Invalid dates are treated as absent (neutral).
 */

import { removeInvisible } from '../text/fold.js'

export interface PartialDate {
  readonly year: number
  readonly month: number | null
  readonly day: number | null
  /** As given, for reasons. */
  readonly text: string
}

const ISO = /^([0-9]{4})(?:-([0-9]{1,2})(?:-([0-9]{1,2}))?)?$/
const COMPACT = /^([0-9]{4})([0-9]{2})([0-9]{2})$/
const DAY_FIRST = /^([0-9]{1,2})[/.]([0-9]{1,2})[/.]([0-9]{4})$/

function valid(year: number, month: number | null, day: number | null): boolean {
  if (year < 1850 || year > 2100) return false
  if (month !== null && (month < 1 || month > 12)) return false
  if (day !== null && (day < 1 || day > 31)) return false
  return true
}

export function parseDateOfBirth(raw: string | undefined): PartialDate | null {
  if (typeof raw !== 'string') return null
  const text = removeInvisible(raw).trim()
  if (text.length === 0 || text.length > 20) return null
  let year: number
  let month: number | null = null
  let day: number | null = null
  let m = ISO.exec(text)
  if (m !== null) {
    year = Number(m[1])
    month = m[2] === undefined ? null : Number(m[2])
    day = m[3] === undefined ? null : Number(m[3])
  } else if ((m = COMPACT.exec(text)) !== null) {
    year = Number(m[1])
    month = Number(m[2])
    day = Number(m[3])
  } else if ((m = DAY_FIRST.exec(text)) !== null) {
    // UK order: day first.
    day = Number(m[1])
    month = Number(m[2])
    year = Number(m[3])
  } else {
    return null
  }
  return valid(year, month, day) ? { year, month, day, text } : null
}
