/**
 * Text folding shared by every name and address normaliser (DESIGN.md §4.1): compatibility
 * composition, other scripts transliterated to Latin with any-ascii (which also strips
 * diacritics: "Vučić" → "vucic", "Владимир" → "vladimir"), lower case, `&` → "and", punctuation
 * to space. Reference: Unicode UAX #15 (NFKC) and the any-ascii tables (anyascii/anyascii).
 */
import anyAscii from 'any-ascii'

/**
 * Han, Hangul and Kana characters are whole syllables: "习近平" must compare syllable by
 * syllable, not as the one run-together word any-ascii makes of it ("XiJinPing"), or a changed
 * character costs no more than a typo.
 */
const SYLLABIC_SCRIPT = /[\u1100-\u11FF\u3040-\u30FF\u3130-\u318F\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF]/g
const SYLLABIC_SINGLE = /^[\u1100-\u11FF\u3040-\u30FF\u3130-\u318F\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF]$/
/** C0/C1 controls, zero-width and bidi marks, lone surrogates: never part of a name. */
const INVISIBLE =
  /[\u0000-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFEFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g
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

/** Removes characters that can never be part of a value (controls, lone surrogates). */
export function stripInvisible(raw: string): string {
  return raw.replace(INVISIBLE, ' ')
}

/** The folded, space-separated lower-case ASCII form of `raw`; "" when nothing is left. */
const PLAIN_ASCII = /^[\x20-\x7E]*$/

export function foldText(raw: string, options: FoldOptions = {}): string {
  // Most UK names are plain ASCII: skip normalisation and transliteration for them.
  let text = PLAIN_ASCII.test(raw) ? raw : stripInvisible(raw).normalize('NFKC')
  if (text === raw && PLAIN_ASCII.test(raw)) {
    text = raw.toLowerCase().replace(/&/g, ' and ').replace(/\+/g, ' and ').replace(/['`]/g, '')
    if (options.joinDottedInitials === true) text = text.replace(DOTTED_INITIALISM, (m) => m.replace(/\./g, ''))
    return text.replace(NON_ALPHANUMERIC, ' ').trim()
  }
  if (options.keepSyllabic === true) {
    const parts = text.replace(SYLLABIC_SCRIPT, (ch) => `\u0000${ch}\u0000`).split('\u0000')
    return parts
      .map((part) => (SYLLABIC_SINGLE.test(part) ? part : foldText(part, { ...options, keepSyllabic: false })))
      .filter((part) => part.length > 0)
      .join(' ')
  }
  text = text.replace(SYLLABIC_SCRIPT, (ch) => ` ${ch} `)
  text = anyAscii(text).toLowerCase()
  text = text.replace(/&/g, ' and ').replace(/\+/g, ' and ').replace(APOSTROPHES, '')
  if (options.joinDottedInitials === true) {
    text = text.replace(DOTTED_INITIALISM, (m) => m.replace(/\./g, ''))
  }
  return text.replace(NON_ALPHANUMERIC, ' ').trim()
}

/** Folded tokens of `raw`, at most `maxTokens` of them. */
export function foldTokens(raw: string, maxTokens: number, options: FoldOptions = {}): string[] {
  const folded = foldText(raw, options)
  if (folded.length === 0) return []
  const tokens = folded.split(' ')
  return tokens.length > maxTokens ? tokens.slice(0, maxTokens) : tokens
}
