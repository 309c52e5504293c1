/**
 * Hangul to Latin by the Revised Romanization of Korean (Ministry of Culture and Tourism notice
 * 2000-8; National Institute of the Korean Language, "Romanization of Korean"), syllable by
 * syllable as the rules prescribe for personal names: sound changes between syllables are not
 * transcribed (Article 3.4: 한복남 "Han Boknam"), so each syllable block is read from its own
 * initial, vowel and final. any-ascii spells finals letter for letter (박 "bag", 석 "seog"), not
 * as RR writes them ("bak", "seok"), which is how names appear in passports and the press.
 * Reference for the block arithmetic: The Unicode Standard, §3.12 "Conjoining Jamo Behavior".
 */

const INITIALS = ['g', 'kk', 'n', 'd', 'tt', 'r', 'm', 'b', 'pp', 's', 'ss', '', 'j', 'jj', 'ch', 'k', 't', 'p', 'h']
const VOWELS = ['a', 'ae', 'ya', 'yae', 'eo', 'e', 'yeo', 'ye', 'o', 'wa', 'wae', 'oe', 'yo', 'u', 'wo', 'we', 'wi', 'yu', 'eu', 'ui', 'i']
/** Finals as pronounced at the end of a syllable (RR Article 3.2): ㄱ ㄲ ㅋ → k, ㄷ ㅅ ㅆ ㅈ ㅊ ㅌ ㅎ → t, ㅂ ㅍ → p. */
const FINALS = ['', 'k', 'k', 'k', 'n', 'n', 'n', 't', 'l', 'k', 'm', 'l', 'l', 'l', 'p', 'l', 'm', 'p', 'p', 't', 't', 'ng', 't', 't', 'k', 't', 'p', 't']

const SYLLABLE_BASE = 0xac00
const SYLLABLE_LAST = 0xd7a3
const PER_INITIAL = 588
const PER_VOWEL = 28

/** One Hangul syllable block in RR, or null for any other character. */
function romaniseHangulSyllable(ch: string): string | null {
  const code = ch.codePointAt(0) ?? 0
  if (code < SYLLABLE_BASE || code > SYLLABLE_LAST) return null
  const index = code - SYLLABLE_BASE
  const initial = INITIALS[Math.floor(index / PER_INITIAL)] as string
  const vowel = VOWELS[Math.floor((index % PER_INITIAL) / PER_VOWEL)] as string
  const final = FINALS[index % PER_VOWEL] as string
  return initial + vowel + final
}

/** A run of Hangul syllables in RR, lower case ("윤석열" → "yunseokyeol"); other characters are kept. */
export function romaniseHangul(text: string): string {
  let out = ''
  for (const ch of text) out += romaniseHangulSyllable(ch) ?? ch
  return out
}

/**
 * The spellings Koreans usually write a given name with in passports and the press, where they
 * differ from RR: ㅓ as "u" (성 Sung, 석 Suk), ㅕ as "yu" (현 Hyun), ㅜ as "oo" (훈 Hoon, 수 Soo;
 * 우 Woo), an initial ㄱ as "k" (경 Kyung). Spellings of the McCune–Reischauer tradition without
 * its diacritics (McCune & Reischauer, "The Romanization of the Korean Language", 1939), as the
 * usual surname spellings in data/korean-surnames.json are (정 Jung, 성 Sung).
 */
const USUAL_VOWELS: Readonly<Record<string, string>> = { eo: 'u', yeo: 'yu', u: 'oo' }

/** One Hangul syllable block in its usual given-name spelling, or null for any other character. */
function usualHangulSyllable(ch: string): string | null {
  const code = ch.codePointAt(0) ?? 0
  if (code < SYLLABLE_BASE || code > SYLLABLE_LAST) return null
  const index = code - SYLLABLE_BASE
  const rrInitial = INITIALS[Math.floor(index / PER_INITIAL)] as string
  const rrVowel = VOWELS[Math.floor((index % PER_INITIAL) / PER_VOWEL)] as string
  const final = FINALS[index % PER_VOWEL] as string
  const initial = rrInitial === 'g' ? 'k' : rrInitial
  const vowel = USUAL_VOWELS[rrVowel] ?? rrVowel
  // 우 alone is "Woo", not "Oo".
  return (initial === '' && vowel === 'oo' ? 'woo' : initial + vowel) + final
}

/** A run of Hangul syllables in the usual given-name spellings ("지훈" → "jihoon", "우진" → "woojin"); other characters kept. */
export function usualHangulGivenName(text: string): string {
  let out = ''
  for (const ch of text) out += usualHangulSyllable(ch) ?? ch
  return out
}
