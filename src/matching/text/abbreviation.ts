/**
 * Whether one word abbreviates another, by the ways English abbreviates: truncation, which keeps
 * the start ("constr" for construction, "eng" for engineering, "assoc" for associates);
 * contraction, which keeps the first and last letters and some between, in order ("mgmt" for
 * management, "svcs" for services, "hldgs" for holdings, "bros" for brothers); and the consonant
 * skeleton, which keeps the first letter and consonants after it ("svc" for service, "engr" for
 * engineering). Reference:
 * R. Hartmann & G. James, Dictionary of Lexicography (Routledge, 1998), "abbreviation",
 * "clipping", "contraction". Used to derive the abbreviation table (bench/lib/derive-matching-
 * data.ts) and available to scorers that meet an abbreviation the table lacks.
 */

import { defaultMatchingOptions, type MatchingOptions } from '../tuning.js'

const VOWEL_AFTER_FIRST = /^.+[aeiouy]/

/**
 * Whether `short` is a truncation, contraction or consonant skeleton of `long` (both folded, lower
 * case). The lengths that make an abbreviation are options (`minAbbreviationLength`,
 * `minAbbreviationLeftOut`), as they decide whether two company words agree.
 */
export function abbreviates(
  short: string,
  long: string,
  options: Pick<MatchingOptions, 'minAbbreviationLength' | 'minAbbreviationLeftOut'> = defaultMatchingOptions,
): boolean {
  if (short.length < options.minAbbreviationLength || short.length > long.length - options.minAbbreviationLeftOut || short[0] !== long[0]) return false
  if (long.startsWith(short)) return true
  if (short[short.length - 1] !== long[long.length - 1] && VOWEL_AFTER_FIRST.test(short)) return false
  let j = 0
  for (let k = 0; k < long.length && j < short.length; k++) if (long[k] === short[j]) j++
  return j === short.length
}
