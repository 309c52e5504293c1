/**
 * The one text rule (issue 12): which characters a value sent to us may hold, for every free-text
 * field (supplier and register values, watchlist and organisation names, notes).
 *
 * Refused, with the field named:
 * - C0 and C1 controls (tab, line feed and carriage return only where a field allows several
 *   lines), and the Unicode line and paragraph separators U+2028/U+2029 (a value's line breaks
 *   are CR and LF, nothing a viewer may render differently);
 * - bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they make
 *   the value an officer sees differ from the value stored ("Trojan Source");
 * - lone surrogates (not encodable as UTF-8; only a JSON `\uD800` escape or a JS string carries
 *   them) and noncharacters (U+FDD0–U+FDEF and U+nFFFE/U+nFFFF; U+FFFE is a byte-swapped BOM,
 *   the mark of text decoded with the wrong byte order);
 * - bytes that are not UTF-8 (`decodeUtf8`), rather than U+FFFD put in their place.
 *
 * Kept as sent: zero-width and other format characters (U+200B–U+200F, U+2060–U+2064, U+FEFF,
 * U+00AD, the Hangul fillers, variation selectors). They are legitimate in some scripts and in
 * pasted text; matching removes them (`removeInvisible` in src/matching/text/fold.ts), so they
 * can never make two equal values differ.
 *
 * The matcher folds rather than refuses: it reads values that were validated here, and library
 * callers' values that were not, so its normalisers use the same classes to turn a control into
 * a space (names) or to refuse an identifier holding one.
 *
 * Pure: no Fastify, database, environment, logger or zod (the API field schemas are in schemas.ts).
 */

// ---------------------------------------------------------------------------------------------
// Character classes (regular-expression source, for composing into one bracket expression)

/** C0 controls, DEL and C1 controls. */
export const C0_C1_CONTROL_CLASS = '\\u0000-\\u001F\\u007F-\\u009F'
/** The same without tab, line feed and carriage return, for fields of several lines. */
export const C0_C1_CONTROL_EXCEPT_LINE_BREAKS_CLASS = '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F'
/** LINE SEPARATOR and PARAGRAPH SEPARATOR. */
export const LINE_SEPARATOR_CLASS = '\\u2028\\u2029'
/** Bidirectional embeddings, overrides (U+202A–U+202E) and isolates (U+2066–U+2069). */
export const BIDI_CONTROL_CLASS = '\\u202A-\\u202E\\u2066-\\u2069'
/** Surrogate code units: with the `u` flag a class of them matches only unpaired ones. */
export const SURROGATE_CLASS = '\\uD800-\\uDFFF'
/** The 66 noncharacters: U+FDD0–U+FDEF and the last two code points of every plane (`u` flag only). */
export const NONCHARACTER_CLASS =
  '\\uFDD0-\\uFDEF\\uFFFE\\uFFFF' +
  Array.from({ length: 16 }, (_, k) => {
    const plane = (k + 1).toString(16).toUpperCase()
    return `\\u{${plane}FFFE}\\u{${plane}FFFF}`
  }).join('')

// ---------------------------------------------------------------------------------------------
// Ready-made tests

/**
 * A control character or line/paragraph separator anywhere. The matcher's identifier
 * normalisers (phone, e-mail, web address) refuse a value holding one: no identifier has one.
 */
export const CONTROL_CHARACTER = new RegExp(`[${C0_C1_CONTROL_CLASS}${LINE_SEPARATOR_CLASS}]`)

const CONTROL_MULTI_LINE = new RegExp(`[${C0_C1_CONTROL_EXCEPT_LINE_BREAKS_CLASS}${LINE_SEPARATOR_CLASS}]`)
const BIDI_CONTROL = new RegExp(`[${BIDI_CONTROL_CLASS}]`)
const LONE_SURROGATE = new RegExp(`[${SURROGATE_CLASS}]`, 'u')
const NONCHARACTER = new RegExp(`[${NONCHARACTER_CLASS}]`, 'u')
/** Printable ASCII holds none of the refused characters: most values stop at this test. */
const PRINTABLE_ASCII = /^[\x20-\x7E]*$/

/** Why a value is refused, as a stable word callers may map to their own error codes. */
export type RefusedCharacter = 'control' | 'bidi' | 'lone_surrogate' | 'noncharacter'

export interface TextShape {
  /** Tab, line feed and carriage return allowed (notes, handling instructions). */
  readonly multiline?: boolean
}

/** The first kind of refused character `value` holds, or null when it holds none. */
export function refusedCharacter(value: string, shape: TextShape = {}): RefusedCharacter | null {
  if (PRINTABLE_ASCII.test(value)) return null
  if ((shape.multiline === true ? CONTROL_MULTI_LINE : CONTROL_CHARACTER).test(value)) return 'control'
  if (BIDI_CONTROL.test(value)) return 'bidi'
  if (LONE_SURROGATE.test(value)) return 'lone_surrogate'
  if (NONCHARACTER.test(value)) return 'noncharacter'
  return null
}

/** What is wrong, in words that never repeat the value (it may be a person's name). */
export function refusedCharacterMessage(kind: RefusedCharacter, shape: TextShape = {}): string {
  switch (kind) {
    case 'control':
      return shape.multiline === true ? 'contains a control character (only tab and line breaks are allowed)' : 'contains a control character or line break'
    case 'bidi':
      return 'contains a text-direction override, embedding or isolate (U+202A–U+202E, U+2066–U+2069)'
    case 'lone_surrogate':
      return 'contains an unpaired UTF-16 surrogate, which is not valid text'
    case 'noncharacter':
      return 'contains a Unicode noncharacter (such as U+FFFE), which is not valid text'
  }
}

/** Strict UTF-8: the text, or null when the bytes are not UTF-8 (never U+FFFD in their place). */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
  } catch {
    return null
  }
}
