/**
 * Person-name normalisation (docs/design.md §4.1): "SURNAME, Forenames" (Companies House style)
 * re-ordered, titles and post-nominals removed, other scripts transliterated by the shared
 * folding, particles (bin, al, van) flagged, nicknames mapped to canonical given names from the
 * derived nickname list, and Double Metaphone keys for spelling families (Mohammed/Muhammad).
 * References: rigour stopwords.yml (titles), carltonnorthern/nicknames, L. Philips, "The Double
 * Metaphone Search Algorithm", C/C++ Users Journal, 2000.
 */
import { doubleMetaphone } from 'double-metaphone'
import { foldText, removeInvisible } from '../text/fold.js'
import { romaniseHangul, usualHangulGivenName } from '../text/korean-romanisation.js'
import { KOREAN_SURNAMES, NICKNAME_CANONICALS, PERSON_TITLES } from '../reference-data.js'
import { isSyllabicScript, makeToken, type NameToken } from './name-token.js'

export interface PersonName {
  readonly raw: string
  readonly tokens: readonly NameToken[]
  /** Name parts joined without spaces ("vladimirputin"), for run-together spellings. */
  readonly compact: string
}

const PARTICLES: ReadonlySet<string> = new Set([
  'bin',
  'binti',
  'bint',
  'ibn',
  'al',
  'el',
  'ul',
  'abu',
  'abd',
  'van',
  'von',
  'der',
  'den',
  'de',
  'del',
  'della',
  'di',
  'da',
  'du',
  'dos',
  'das',
  'la',
  'le',
  'ter',
  'ten',
  'y',
  'and',
  'ould',
  'mac',
])
/** Post-nominals and generational suffixes, removed only at the end of a name. */
const SUFFIXES: ReadonlySet<string> = new Set([
  'jr',
  'jnr',
  'junior',
  'sr',
  'snr',
  'senior',
  'esq',
  'obe',
  'mbe',
  'cbe',
  'kc',
  'qc',
  'phd',
  'bsc',
  'msc',
  'ii',
  'iii',
  'iv',
])
const MAX_TITLE_TOKENS = 4

const phoneticCache = new Map<string, readonly string[]>()
const PHONETIC_CACHE_LIMIT = 100_000

/**
 * An "h" between a vowel sound and the letter before it (not in a digraph: ch, sh, zh, kh, ph, th,
 * gh, wh, and the bh, dh, jh of South Asian spellings), before a vowel and not at the start. There
 * Ukrainian romanisation writes Г as "h" where Russian romanisation, and the folding of Cyrillic,
 * write "g": Serhiy/Sergiy (Сергій), Olha/Olga, Ihor/Igor, Marharyta/Margarita, Yevhen/Yevgen.
 */
const ROMANISED_GHE = /(?<=[aeiouylrmnv])h(?=[aeiouy])/g

/** Double Metaphone keys of the part and of its spelling with that "h" read as "g". */
function keysOf(text: string): string[] {
  const keys: string[] = []
  const variant = text.replace(ROMANISED_GHE, 'g')
  for (const spelling of variant === text ? [text] : [text, variant]) {
    for (const key of doubleMetaphone(spelling)) if (key !== '' && !keys.includes(key)) keys.push(key)
  }
  return keys
}

/** Double Metaphone keys of one folded name part, cached: the register repeats names a lot. */
function phoneticKeys(text: string): readonly string[] {
  let keys = phoneticCache.get(text)
  if (keys === undefined) {
    keys = keysOf(text)
    if (phoneticCache.size >= PHONETIC_CACHE_LIMIT) phoneticCache.clear()
    phoneticCache.set(text, keys)
  }
  return keys
}

/** "SMITH, John Paul" → "John Paul SMITH"; anything else unchanged. */
function reorderSurnameFirst(raw: string): string {
  const comma = raw.indexOf(',')
  if (comma <= 0) return raw
  const surname = raw.slice(0, comma).trim()
  const rest = raw.slice(comma + 1).trim()
  return rest.length === 0 ? surname : `${rest} ${surname}`
}

/** Removes leading titles ("Dr", "The Rt Hon") and trailing post-nominals, keeping one word at least. */
function stripTitles(words: string[]): string[] {
  let start = 0
  let removed = true
  while (removed && words.length - start > 1) {
    removed = false
    for (let k = Math.min(MAX_TITLE_TOKENS, words.length - start - 1); k >= 1; k--) {
      if (PERSON_TITLES.has(words.slice(start, start + k).join(' '))) {
        start += k
        removed = true
        break
      }
    }
  }
  let end = words.length
  while (end - start > 1 && SUFFIXES.has(words[end - 1] ?? '')) end--
  return words.slice(start, end)
}

/** Name parts from folded words: titles removed, capped at `maxTokens`, flags computed once. */
function personNameOf(raw: string, folded: string, syllabic: boolean, maxTokens: number, shared?: Map<string, NameToken>): PersonName {
  let words = folded.split(' ').filter((w) => w.length > 0)
  if (words.length > maxTokens * 2) words = words.slice(0, maxTokens * 2)
  words = stripTitles(words).slice(0, maxTokens)
  const tokens = words.map((word) => {
    let token = syllabic ? undefined : shared?.get(word)
    if (token === undefined) {
      token = makeToken(word, {
        syllabic,
        particle: PARTICLES.has(word),
        phonetic: syllabic || word.length < 2 ? [] : phoneticKeys(word),
        canonicals: NICKNAME_CANONICALS.get(word) ?? [],
      })
      if (!syllabic) shared?.set(word, token)
    }
    return token
  })
  return { raw, tokens, compact: words.join('') }
}

/**
 * Parses a person's name; at most `maxTokens` name parts are kept. `shared` holds the tokens
 * already made from each folded word, to be reused rather than remade: outside syllabic scripts
 * a token depends on its word alone.
 */
export function parsePersonName(raw: string, maxTokens: number, shared?: Map<string, NameToken>): PersonName {
  const syllabic = isSyllabicScript(raw)
  return personNameOf(raw, foldText(reorderSurnameFirst(raw), { keepSyllabic: true }), syllabic, maxTokens, shared)
}

const HANGUL_NAME = /^[\uAC00-\uD7AF]+$/
/**
 * The two-syllable Korean surnames (남궁 Namgung, 황보 Hwangbo, 제갈 Jegal, 선우 Seonu, 독고 Dokgo,
 * 사공 Sagong, 서문 Seomun): any other Hangul name starts with a one-syllable surname.
 * Reference: National Institute of Korean Language, "Romanization of Korean" (2000) examples, and
 * Statistics Korea's 2015 census list of surnames.
 */
const KOREAN_COMPOUND_SURNAMES: ReadonlySet<string> = new Set(['남궁', '황보', '제갈', '선우', '독고', '사공', '서문'])

/** Usual spellings of a Hangul surname taken besides its Revised Romanization (Kim, Gim, Ghim). */
const MAX_SURNAME_SPELLINGS = 4

/**
 * A Hangul name in Latin letters, once per usual spelling of its surname (김 → "kim", "gim",
 * "ghim" from the register of common spellings, then the Revised Romanization), with the given
 * name as one word in RR (정은 → "jeongeun", which RR writes "Jeong-eun"), so that "Jong Un",
 * "Jong-un" and "Jongun" all align with it through the run-together join, and again in its usual
 * spelling where that differs (지훈 → "jihun", "jihoon"). Null when the name is not all Hangul.
 */
function koreanLatinForms(text: string): string[] | null {
  const words = text.trim().split(/\s+/)
  if (words.length === 0 || !words.every((w) => HANGUL_NAME.test(w))) return null
  let surname = words[0] as string
  let given = words.slice(1)
  if (words.length === 1 && surname.length >= 2) {
    const cut = surname.length >= 3 && KOREAN_COMPOUND_SURNAMES.has(surname.slice(0, 2)) ? 2 : 1
    given = [surname.slice(cut)]
    surname = surname.slice(0, cut)
  }
  const givenForms = new Set([given.map(romaniseHangul).join(' '), given.map(usualHangulGivenName).join(' ')])
  const spellings = [...(KOREAN_SURNAMES.get(surname) ?? []).slice(0, MAX_SURNAME_SPELLINGS), romaniseHangul(surname)]
  // A one-letter surname (이 is "I" in RR) would read as an initial; the usual spellings cover it.
  const surnames = [...new Set(spellings)].filter((s) => s.length >= 2)
  return [...givenForms].flatMap((givenLatin) => surnames.map((s) => `${s} ${givenLatin}`.trim()))
}

/**
 * The Latin forms of a name written in Han, Hangul or Kana, to compare with its romanisation:
 * parsePersonName keeps such a name as its own characters (the right comparison within the
 * script), which share nothing with "Xi Jinping". Han characters become one part per syllable
 * through any-ascii (习近平 → "xi jin ping", which the run-together join aligns with "Jinping"),
 * Kana runs one word each; a Hangul name gives one form per usual spelling of its surname, the
 * most usual first, and its Revised Romanization (김정은 → "kim jeongeun", "gim jeongeun",
 * "ghim jeongeun"). Empty when the name has no syllabic-script character.
 */
export function latinPersonNames(raw: string, maxTokens: number, shared?: Map<string, NameToken>): PersonName[] {
  if (typeof raw !== 'string' || !isSyllabicScript(raw)) return []
  const text = reorderSurnameFirst(removeInvisible(raw))
  const forms = koreanLatinForms(text) ?? [foldText(text)]
  return forms.map((form) => personNameOf(raw, foldText(form), false, maxTokens, shared)).filter((name) => name.tokens.length > 0)
}

/** The first (usual) Latin form of a Han, Hangul or Kana name; null when it has none. */
export function latinPersonName(raw: string, maxTokens: number, shared?: Map<string, NameToken>): PersonName | null {
  return latinPersonNames(raw, maxTokens, shared)[0] ?? null
}
