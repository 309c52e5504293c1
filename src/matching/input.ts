/**
 * Checks on values handed to the library: strings only, bounded length, bounded lists. Bad input
 * becomes a MatchingInputError naming the field, never a crash or an unbounded loop.
 */
import { MatchingInputError } from './errors.js'
import type { MatchingOptions } from './tuning.js'

/** The string at `field`, or undefined when absent; throws when it is not a string or too long. */
export function optionalString(value: unknown, field: string, options: MatchingOptions): string | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') throw new MatchingInputError('not_a_string', field, 'must be a string')
  if (value.length > options.maxInputLength) {
    throw new MatchingInputError('too_long', field, `longer than ${options.maxInputLength} characters`)
  }
  return value
}

export function requiredString(value: unknown, field: string, options: MatchingOptions): string {
  const text = optionalString(value, field, options)
  if (text === undefined) throw new MatchingInputError('not_a_string', field, 'is required')
  return text
}

/** The list at `field` (empty when absent); throws when it is not an array or too long. */
export function optionalList<T>(value: readonly T[] | undefined, field: string, options: MatchingOptions): readonly T[] {
  if (value === undefined || value === null) return []
  // JavaScript callers may pass anything. Checked through an unknown copy: narrowing `value`
  // itself would turn it into any[].
  const untrusted: unknown = value
  if (!Array.isArray(untrusted)) throw new MatchingInputError('not_a_list', field, 'must be a list')
  if (value.length > options.maxListItems) {
    throw new MatchingInputError('too_many_items', field, `more than ${options.maxListItems} items`)
  }
  return value
}

/** Register values are police data already validated upstream: truncate rather than reject. */
export function registerString(value: unknown, options: MatchingOptions): string {
  if (typeof value !== 'string') return ''
  return value.length > options.maxRegisterValueLength ? value.slice(0, options.maxRegisterValueLength) : value
}
