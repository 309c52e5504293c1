/**
 * The matching library's one error class. It carries a stable code and the offending field so
 * that the screening layer can map it into its own error catalogue (a 422) without parsing
 * messages; the message never repeats the submitted value, which may be personal data.
 */

export type MatchingInputErrorCode = 'not_a_string' | 'too_long' | 'too_many_items' | 'not_a_list' | 'invalid_register'

export class MatchingInputError extends Error {
  override readonly name = 'MatchingInputError'
  readonly code: MatchingInputErrorCode
  /** Path of the offending value, e.g. 'supplier.people[2].name'. */
  readonly field: string

  constructor(code: MatchingInputErrorCode, field: string, message: string) {
    super(`${field}: ${message}`)
    this.code = code
    this.field = field
  }
}
