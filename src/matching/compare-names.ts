/**
 * Pairwise name comparison without a register: the name benchmark and the officer's register
 * search use it. Company words get only their background weights here (no register IDF).
 */
import { requiredString } from './input.js'
import { parseCompanyName } from './normalise/company-name.js'
import { parsePersonName } from './normalise/person-name.js'
import { scoreCompanyNames } from './score/company-name-score.js'
import { scorePersonNames } from './score/person-name-score.js'
import { resolveOptions, type MatchingOptions } from './tuning.js'

/** Similarity in [0, 1] of two names of the same kind. */
export function compareNames(a: string, b: string, kind: 'person' | 'company', options?: Partial<MatchingOptions>): number {
  const opts = resolveOptions(options)
  const left = requiredString(a, 'a', opts)
  const right = requiredString(b, 'b', opts)
  if (kind === 'person') {
    return scorePersonNames(parsePersonName(left, opts.maxNameTokens), parsePersonName(right, opts.maxNameTokens), opts).score
  }
  return scoreCompanyNames(parseCompanyName(left, opts.maxNameTokens), parseCompanyName(right, opts.maxNameTokens), undefined, opts).score
}
