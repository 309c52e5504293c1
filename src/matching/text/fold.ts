/**
 * Text folding shared by every name and address normaliser (docs/design.md §4.1): invisible code
 * points removed, compatibility composition, confusable look-alike letters folded to the Latin
 * letters they imitate, other scripts transliterated to Latin with any-ascii (which also strips
 * diacritics: "Vučić" → "vucic", "Владимир" → "vladimir"), lower case, `&` → "and", punctuation
 * to space. References: Unicode UAX #44 (Default_Ignorable_Code_Point), UAX #15 (NFKC), UTS #39
 * (confusables, see ./confusables.ts) and the any-ascii tables (anyascii/anyascii).
 */
import anyAscii from 'any-ascii'
import { C0_C1_CONTROL_CLASS, LINE_SEPARATOR_CLASS, SURROGATE_CLASS } from '../../rules/text.js'
import { foldConfusables } from './confusables.js'

/**
 * Han, Hangul and Kana characters are whole syllables: "习近平" must compare syllable by
 * syllable, not as the one run-together word any-ascii makes of it ("XiJinPing"), or a changed
 * character costs no more than a typo.
 */
const SYLLABIC_SCRIPT = /[\u1100-\u11FF\u3040-\u30FF\u3130-\u318F\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF]/g
const SYLLABIC_SINGLE = /^[\u1100-\u11FF\u3040-\u30FF\u3130-\u318F\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF]$/
/**
 * In Latin, a Han character or a Hangul syllable block is one syllable, and a Chinese or Korean
 * name is read syllable by syllable ("xi jin ping", "gim jeong eun"). Kana and Hangul jamo are
 * letters of a word instead: "しんぞう" is one word, "shinzou", not "shi n zo u".
 */
const SYLLABLE_CHARACTER = /[\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF]/g
/**
 * Code points that draw nothing (UAX #44 Default_Ignorable_Code_Point: soft hyphen, zero-width
 * space, joiners, word joiner, direction marks and overrides, variation selectors, BOM, tag
 * characters, the Hangul fillers…). Removed, not spaced: "Nor\u200Bthern" is "Northern" to a
 * reader, and "0987\u200B6543" is one company number. The Hangul fillers are listed as well to
 * keep them out of any-ascii whatever the engine's Unicode version.
 */
const DEFAULT_IGNORABLE = /[\p{Default_Ignorable_Code_Point}\u115F\u1160\u3164\uFFA0]/gu
/**
 * C0/C1 controls, line and paragraph separators, lone surrogates and the blank Braille pattern:
 * never part of a value, but they may stand where a space was meant, so they become one. The
 * classes are the one text rule's (src/rules/text.ts); with the `u` flag the surrogate class
 * matches only unpaired surrogates.
 */
const CONTROL_OR_BLANK = new RegExp(`[${C0_C1_CONTROL_CLASS}${LINE_SEPARATOR_CLASS}\\u2800${SURROGATE_CLASS}]`, 'gu')
/** Printable ASCII holds none of the above: most values take this shortcut. */
const PLAIN_ASCII = /^[\x20-\x7E]*$/
/** Apostrophes join ("O'Connor" is one name part); hyphens and other punctuation separate. */
const APOSTROPHES = /['\u2018\u2019\u02BC`\u00B4]/g
const DOTTED_INITIALISM = /\b(?:[a-z0-9]\.){1,}[a-z0-9]\b\.?/g
const NON_ALPHANUMERIC = /[^a-z0-9]+/g

export interface FoldOptions {
  /**
   * Keep Han, Hangul and Kana characters as themselves, one token each. Transliteration maps
   * different characters to the same syllable (石 and 市 are both "shi"), so within these scripts
   * the characters themselves are the better comparison.
   */
  readonly keepSyllabic?: boolean
  /** "P.L.C." → "plc", "S.A." → "sa": right for company names, wrong for a person's initials. */
  readonly joinDottedInitials?: boolean
}

/**
 * `raw` without the code points that draw nothing. Every normaliser calls this first, on the
 * supplier's and the register's values alike, so that an invisible character can never make two
 * equal values differ. Controls are left for the caller: names fold them to spaces, identifier
 * normalisers refuse a value holding one.
 */
export function removeInvisible(raw: string): string {
  return PLAIN_ASCII.test(raw) ? raw : raw.replace(DEFAULT_IGNORABLE, '')
}

function foldAscii(text: string, options: FoldOptions): string {
  let folded = text.toLowerCase().replace(/&/g, ' and ').replace(/\+/g, ' and ').replace(/['`]/g, '')
  if (options.joinDottedInitials === true) folded = folded.replace(DOTTED_INITIALISM, (m) => m.replace(/\./g, ''))
  return folded.replace(NON_ALPHANUMERIC, ' ').trim()
}

/** The folded, space-separated lower-case ASCII form of `raw`; "" when nothing is left. */
export function foldText(raw: string, options: FoldOptions = {}): string {
  // Most UK names are plain ASCII: skip normalisation and transliteration for them.
  if (PLAIN_ASCII.test(raw)) return foldAscii(raw, options)
  let text = removeInvisible(raw).replace(CONTROL_OR_BLANK, ' ').normalize('NFKC')
  // Once the invisible characters are gone, a disguised ASCII value folds as the ASCII one does.
  if (PLAIN_ASCII.test(text)) return foldAscii(text, options)
  text = foldConfusables(text)
  if (options.keepSyllabic === true) {
    const parts = text.replace(SYLLABIC_SCRIPT, (ch) => `\u0000${ch}\u0000`).split('\u0000')
    return parts
      .map((part) => (SYLLABIC_SINGLE.test(part) ? part : foldText(part, { ...options, keepSyllabic: false })))
      .filter((part) => part.length > 0)
      .join(' ')
  }
  text = text.replace(SYLLABLE_CHARACTER, (ch) => ` ${ch} `)
  text = anyAscii(text).toLowerCase()
  text = text.replace(/&/g, ' and ').replace(/\+/g, ' and ').replace(APOSTROPHES, '')
  if (options.joinDottedInitials === true) {
    text = text.replace(DOTTED_INITIALISM, (m) => m.replace(/\./g, ''))
  }
  return text.replace(NON_ALPHANUMERIC, ' ').trim()
}
