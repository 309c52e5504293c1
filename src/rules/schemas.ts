// The rules of src/rules as zod schemas for API fields. Apart from the rules themselves, so that
// the matcher, which reads the rules, does not load zod.
import { z } from 'zod'
import { canonicalCountry, COUNTRY_CODE_MESSAGE } from './countries.js'
import { isoDateOfBirthProblem, utcDay } from './date-of-birth.js'
import { refusedCharacter, refusedCharacterMessage, type TextShape } from './text.js'

export interface SafeTextOptions {
  /** Longest value after trimming, in UTF-16 code units. */
  readonly max: number
  /** Shortest value after trimming; 1 unless said otherwise, so that blank is not a value. */
  readonly min?: number
}

function refuseCharacters(shape: TextShape) {
  return (value: string, ctx: z.core.$RefinementCtx<string>): void => {
    const kind = refusedCharacter(value, shape)
    if (kind !== null) ctx.addIssue({ code: 'custom', message: refusedCharacterMessage(kind, shape) })
  }
}

/** A one-line value, trimmed, within its length, holding no refused character. */
export function safeText(options: SafeTextOptions) {
  return z
    .string()
    .trim()
    .min(options.min ?? 1)
    .max(options.max)
    .superRefine(refuseCharacters({}))
}

/** A value of several lines (tab, CR and LF allowed), trimmed, holding no other refused character. */
export function safeMultilineText(options: SafeTextOptions) {
  return z
    .string()
    .trim()
    .min(options.min ?? 1)
    .max(options.max)
    .superRefine(refuseCharacters({ multiline: true }))
}

/** A country code as an API field: trimmed, checked, and given in its canonical form. */
export function countryCode() {
  return z
    .string()
    .trim()
    .max(32)
    .transform((value, ctx) => {
      const code = canonicalCountry(value)
      if (code === null) {
        ctx.addIssue({ code: 'custom', message: COUNTRY_CODE_MESSAGE })
        return z.NEVER
      }
      return code
    })
}

/** A date of birth as an API field; `now` is read at each validation (injectable for tests). */
export function dateOfBirthText(now: () => Date = () => new Date()) {
  return z
    .string()
    .trim()
    .superRefine((value, ctx) => {
      const problem = isoDateOfBirthProblem(value, utcDay(now()))
      if (problem !== null) ctx.addIssue({ code: 'custom', message: problem })
    })
}
