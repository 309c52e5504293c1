/**
 * Date-of-birth agreement at the precision both sides give (docs/design.md §4.3): a full match, a
 * year-and-month match (all Companies House can confirm) or a year match raise a person score;
 * a different year or day lowers it (logic-v2 dob_year_disjoint / dob_day_disjoint); a
 * day/month swap or a single mistyped digit is treated as the same date written carelessly.
 */
import type { PartialDate } from '../normalise/date-of-birth.js'
import type { MatchingOptions } from '../tuning.js'

export interface DateOfBirthAgreement {
  /** Added to the name score. */
  readonly adjust: number
  /** 1 agree … 0 conflict, for the reason. */
  readonly score: number
  readonly detail: string
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n)
}

/** Full dates whose 8 digits differ in one place or by one adjacent swap. */
function oneDigitApart(a: PartialDate, b: PartialDate): boolean {
  if (a.month === null || a.day === null || b.month === null || b.day === null) return false
  const x = `${a.year}${pad(a.month)}${pad(a.day)}`
  const y = `${b.year}${pad(b.month)}${pad(b.day)}`
  const diff: number[] = []
  for (let k = 0; k < 8; k++) if (x[k] !== y[k]) diff.push(k)
  if (diff.length === 1) return true
  return diff.length === 2 && diff[1] === (diff[0] as number) + 1 && x[diff[0] as number] === y[diff[1]] && x[diff[1]] === y[diff[0] as number]
}

/**
 * The commonest outcome, met by nearly every candidate namesake: its words are built only if it
 * becomes a reason.
 */
class YearConflict implements DateOfBirthAgreement {
  readonly score = 0
  constructor(
    readonly adjust: number,
    private readonly yearA: number,
    private readonly yearB: number,
  ) {}

  get detail(): string {
    return `year of birth differs (${this.yearA} vs ${this.yearB})`
  }
}

export function compareDatesOfBirth(a: PartialDate, b: PartialDate, options: MatchingOptions): DateOfBirthAgreement {
  // Only within the same year: a year a digit apart is the "same name, other generation" case.
  const scores = options.dobAgreementScores
  if (a.year === b.year && oneDigitApart(a, b)) return { adjust: 0, score: scores.oneDigit, detail: 'dates differ by one digit (possible typing error)' }
  if (a.year !== b.year) return new YearConflict(-options.dobYearConflictPenalty, a.year, b.year)
  if (a.month === null || b.month === null) {
    return { adjust: options.dobYearBonus, score: scores.year, detail: 'year agrees (month not given on both sides)' }
  }
  if (a.month !== b.month) {
    if (a.day !== null && b.day !== null && a.day === b.month && a.month === b.day) {
      return { adjust: options.dobSwapBonus, score: scores.swapped, detail: 'same date with day and month swapped' }
    }
    return { adjust: -options.dobDayConflictPenalty, score: 0, detail: 'year agrees but month differs' }
  }
  if (a.day === null || b.day === null) {
    return { adjust: options.dobYearMonthBonus, score: scores.yearMonth, detail: 'year and month agree' }
  }
  if (a.day !== b.day) return { adjust: -options.dobDayConflictPenalty, score: scores.dayDiffers, detail: 'year and month agree but day differs' }
  return { adjust: options.dobExactBonus, score: 1, detail: 'full date agrees' }
}
