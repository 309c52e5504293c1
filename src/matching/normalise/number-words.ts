/**
 * Numbers written as words, ordinals and Roman numerals in names, rewritten as digits so that
 * "First International Bank" = "1st International Bank" and "Partners VII" = "Partners 7".
 * Reference: the Unicode CLDR English spell-out rules, restricted to 1–99 (names rarely go
 * further), and the standard subtractive Roman numerals up to 39.
 */

/** Maps, not object literals: a word such as "constructor" must not find Object.prototype. */
const UNITS: ReadonlyMap<string, number> = new Map(
  Object.entries({
    one: 1,
    two: 2,
    three: 3,
    four: 4,
    five: 5,
    six: 6,
    seven: 7,
    eight: 8,
    nine: 9,
    ten: 10,
    eleven: 11,
    twelve: 12,
    thirteen: 13,
    fourteen: 14,
    fifteen: 15,
    sixteen: 16,
    seventeen: 17,
    eighteen: 18,
    nineteen: 19,
    first: 1,
    second: 2,
    third: 3,
    fourth: 4,
    fifth: 5,
    sixth: 6,
    seventh: 7,
    eighth: 8,
    ninth: 9,
    tenth: 10,
  }),
)
const TENS: ReadonlyMap<string, number> = new Map(
  Object.entries({
    twenty: 20,
    thirty: 30,
    forty: 40,
    fourty: 40,
    fifty: 50,
    sixty: 60,
    seventy: 70,
    eighty: 80,
    ninety: 90,
  }),
)
const ORDINAL_DIGITS = /^([0-9]+)(st|nd|rd|th)$/
const ROMAN = /^(x{0,3})(ix|iv|v?i{0,3})$/

function romanValue(word: string): number | undefined {
  // A bare "i" or "v" or "x" is more often an initial or a letter than a number.
  if (word.length < 2 || !ROMAN.test(word)) return undefined
  let value = 0
  const digits: Readonly<Record<string, number>> = { i: 1, v: 5, x: 10 }
  for (let k = 0; k < word.length; k++) {
    const here = digits[word[k] as string] as number
    const next = k + 1 < word.length ? (digits[word[k + 1] as string] as number) : 0
    value += here < next ? -here : here
  }
  return value
}

/** Folded words with number words, ordinals and Roman numerals rewritten as digits. */
export function digitiseNumbers(words: readonly string[]): string[] {
  const out: string[] = []
  for (let k = 0; k < words.length; k++) {
    const word = words[k] as string
    const tens = TENS.get(word)
    if (tens !== undefined) {
      const unit = UNITS.get(words[k + 1] ?? '')
      if (unit !== undefined && unit < 10) {
        out.push(String(tens + unit))
        k++
      } else {
        out.push(String(tens))
      }
      continue
    }
    const unit = UNITS.get(word)
    if (unit !== undefined) {
      out.push(String(unit))
      continue
    }
    const ordinal = ORDINAL_DIGITS.exec(word)
    if (ordinal !== null) {
      out.push(ordinal[1] as string)
      continue
    }
    const roman = romanValue(word)
    out.push(roman === undefined ? word : String(roman))
  }
  return out
}
