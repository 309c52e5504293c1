/**
 * The parsed name part both name normalisers produce and the aligner compares. Flags are
 * computed once (at compile time for the register) so that scoring a candidate is arithmetic.
 */

export interface NameToken {
  /** Folded text, e.g. "oconnor". */
  readonly text: string
  /** A single letter standing for a name ("J" in "J Smith"). */
  readonly initial: boolean
  /** All digits: must agree exactly ("Unit 1" vs "Unit 2"). */
  readonly numeric: boolean
  /** From Han, Hangul or Kana: a whole syllable, so only equality counts. */
  readonly syllabic: boolean
  /** Person particles (bin, al, van, de) and company stop words (the, and, of). */
  readonly particle: boolean
  /** Company descriptor (services, group, holdings), from rigour's org symbols. */
  readonly generic: boolean
  /** Double Metaphone keys (persons only); empty when not computed. */
  readonly phonetic: readonly string[]
  /** Canonical given names this part is a form of (persons only): "bill" → ["william"]. */
  readonly canonicals: readonly string[]
  /** The letters of `text` as a bit set (see `letterSet`): rules out most fuzzy pairs before an edit distance. */
  readonly letters: number
}

import { letterSet } from '../text/edit-distance.js'

const SYLLABIC = /[\u1100-\u11FF\u3040-\u30FF\u3130-\u318F\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF]/

/** Whether `raw` is written in a syllabic script (Chinese, Korean, Japanese). */
export function isSyllabicScript(raw: string): boolean {
  return SYLLABIC.test(raw)
}

const DIGITS = /^[0-9]+$/
/** One empty list for every token without phonetic keys or canonicals: most company tokens. */
const NONE: readonly string[] = []

export function makeToken(
  text: string,
  flags: { syllabic: boolean; particle?: boolean; generic?: boolean; phonetic?: readonly string[]; canonicals?: readonly string[] },
): NameToken {
  return {
    text,
    initial: text.length === 1 && !DIGITS.test(text),
    numeric: DIGITS.test(text),
    syllabic: flags.syllabic,
    particle: flags.particle ?? false,
    generic: flags.generic ?? false,
    phonetic: flags.phonetic ?? NONE,
    canonicals: flags.canonicals ?? NONE,
    letters: letterSet(text),
  }
}
