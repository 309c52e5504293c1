/**
 * Confusable letters: Cyrillic, Greek and Armenian letters drawn like Latin ones ("Nоrthern" with
 * a Cyrillic о, "Рaving" with a Cyrillic Р) take the Latin letter they look like, so a name
 * disguised with look-alikes compares as the name it imitates. any-ascii transliterates by sound,
 * which is right for a word written in that script ("Владимир" → "vladimir") but wrong for a
 * look-alike (Cyrillic р is "r" by sound and "p" by shape), so shapes are used only where a word
 * is evidently a disguise: it mixes scripts, or it is made only of look-alikes in a text that
 * is otherwise Latin. That is the mixed-script test of Unicode TR39 §5 ("Restriction-Level
 * Detection"); the letter pairs are the single-letter prototypes of TR39's confusables.txt
 * (Unicode Security Mechanisms, https://www.unicode.org/reports/tr39/) for these three scripts.
 * The npm `confusables` package was considered and not used: it maps every script to English
 * (Cyrillic б → "6", з → "3"), which would garble genuine Cyrillic names.
 */

/** Look-alike letter → the Latin letter of the same shape (TR39 confusables.txt prototypes). */
const LOOKALIKES: ReadonlyMap<string, string> = new Map([
  // Cyrillic small letters
  ['\u0430', 'a'], // а
  ['\u0435', 'e'], // е
  ['\u0451', 'e'], // ё (ë)
  ['\u043E', 'o'], // о
  ['\u0440', 'p'], // р
  ['\u0441', 'c'], // с
  ['\u0443', 'y'], // у
  ['\u0445', 'x'], // х
  ['\u0455', 's'], // ѕ
  ['\u0456', 'i'], // і
  ['\u0457', 'i'], // ї (ï)
  ['\u0458', 'j'], // ј
  ['\u04BB', 'h'], // һ
  ['\u04CF', 'l'], // ӏ
  ['\u04AF', 'y'], // ү
  ['\u0501', 'd'], // ԁ
  ['\u051B', 'q'], // ԛ
  ['\u051D', 'w'], // ԝ
  // Cyrillic capital letters
  ['\u0410', 'A'], // А
  ['\u0412', 'B'], // В
  ['\u0415', 'E'], // Е
  ['\u0401', 'E'], // Ё (Ë)
  ['\u041A', 'K'], // К
  ['\u041C', 'M'], // М
  ['\u041D', 'H'], // Н
  ['\u041E', 'O'], // О
  ['\u0420', 'P'], // Р
  ['\u0421', 'C'], // С
  ['\u0422', 'T'], // Т
  ['\u0423', 'Y'], // У
  ['\u0425', 'X'], // Х
  ['\u0405', 'S'], // Ѕ
  ['\u0406', 'I'], // І
  ['\u0407', 'I'], // Ї (Ï)
  ['\u0408', 'J'], // Ј
  ['\u04AE', 'Y'], // Ү
  ['\u04C0', 'l'], // Ӏ (palochka)
  ['\u051A', 'Q'], // Ԛ
  ['\u051C', 'W'], // Ԝ
  // Greek small letters
  ['\u03B1', 'a'], // α
  ['\u03B3', 'y'], // γ
  ['\u03B9', 'i'], // ι
  ['\u03BA', 'k'], // κ
  ['\u03BD', 'v'], // ν
  ['\u03BF', 'o'], // ο
  ['\u03C1', 'p'], // ρ
  ['\u03C5', 'u'], // υ
  ['\u03C7', 'x'], // χ
  ['\u03F2', 'c'], // ϲ (lunate sigma)
  ['\u03F3', 'j'], // ϳ
  // Greek capital letters
  ['\u0391', 'A'], // Α
  ['\u0392', 'B'], // Β
  ['\u0395', 'E'], // Ε
  ['\u0396', 'Z'], // Ζ
  ['\u0397', 'H'], // Η
  ['\u0399', 'I'], // Ι
  ['\u039A', 'K'], // Κ
  ['\u039C', 'M'], // Μ
  ['\u039D', 'N'], // Ν
  ['\u039F', 'O'], // Ο
  ['\u03A1', 'P'], // Ρ
  ['\u03A4', 'T'], // Τ
  ['\u03A5', 'Y'], // Υ
  ['\u03A7', 'X'], // Χ
  ['\u03F9', 'C'], // Ϲ
  ['\u037F', 'J'], // Ϳ
  // Armenian small letters
  ['\u0570', 'h'], // հ
  ['\u0578', 'n'], // ո
  ['\u057D', 'u'], // ս
  ['\u0585', 'o'], // օ
])

/** Any letter of the three scripts; only texts with one are looked at further. */
const LOOKALIKE_SCRIPT = /[\u0370-\u058F]/
const WORD = /[\p{L}\p{M}]+/gu
const LATIN_LETTER = /\p{Script=Latin}/u
const NON_LATIN_LETTER = /[^\p{Script=Latin}\p{M}]/u

const MARK = /\p{M}/u

function isLookalikeOnly(word: string): boolean {
  for (const ch of word) if (!LOOKALIKES.has(ch) && !MARK.test(ch)) return false
  return true
}

function toShapes(word: string): string {
  let out = ''
  for (const ch of word) out += LOOKALIKES.get(ch) ?? ch
  return out
}

/**
 * `text` with look-alike letters replaced by the Latin letters they imitate, in words that mix
 * Latin with them, and in words made wholly of look-alikes when the text has a Latin word too.
 * Text of one script is returned unchanged: a Russian or Greek name is transliterated by sound
 * later. Expects NFKC text (compatibility forms already folded).
 */
export function foldConfusables(text: string): string {
  if (!LOOKALIKE_SCRIPT.test(text)) return text
  let latinWord = false
  const words = text.match(WORD) ?? []
  for (const word of words) {
    if (!NON_LATIN_LETTER.test(word)) {
      latinWord = true
      break
    }
  }
  return text.replace(WORD, (word) => {
    if (!LOOKALIKE_SCRIPT.test(word)) return word
    if (LATIN_LETTER.test(word)) return toShapes(word)
    return latinWord && isLookalikeOnly(word) ? toShapes(word) : word
  })
}
