/**
 * Dates of birth at the precision given (docs/design.md §3): `YYYY`, `YYYY-MM`, `YYYY-MM-DD`,
 * and the compact `YYYYMMDD` and day-first `DD/MM/YYYY` of record-linkage files. Companies House
 * publishes month and year only, so a partial date is normal, not an error. What counts as a
 * date of birth (a real calendar date from 1900) is the one rule of src/rules/date-of-birth.ts;
 * a value that breaks it is treated as absent (neutral), never as evidence.
 */

import { isPlausibleDateOfBirth, readDateOfBirth, type DateOfBirthParts } from '../../rules/date-of-birth.js'
import { removeInvisible } from '../text/fold.js'

export interface PartialDate extends DateOfBirthParts {
  /** As given, for reasons. */
  readonly text: string
}

export function parseDateOfBirth(raw: string | undefined): PartialDate | null {
  if (typeof raw !== 'string') return null
  const text = removeInvisible(raw).trim()
  if (text.length === 0 || text.length > 20) return null
  const parts = readDateOfBirth(text)
  // Written out, not spread: spreading gave each of a register's dates a hidden class of its own.
  return parts !== null && isPlausibleDateOfBirth(parts) ? { year: parts.year, month: parts.month, day: parts.day, text } : null
}
