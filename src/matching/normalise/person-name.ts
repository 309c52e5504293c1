/**
 * Person-name normalisation (DESIGN.md §4.1): "SURNAME, Forenames" (Companies House style)
 * re-ordered, titles and post-nominals removed, other scripts transliterated by the shared
 * folding, particles (bin, al, van) flagged, nicknames mapped to canonical given names from the
 * derived nickname list, and Double Metaphone keys for spelling families (Mohammed/Muhammad).
 * References: rigour stopwords.yml (titles), carltonnorthern/nicknames, L. Philips, "The Double
 * Metaphone Search Algorithm", C/C++ Users Journal, 2000.
 */
import { doubleMetaphone } from 'double-metaphone'
import { foldText } from '../text/fold.js'
import { NICKNAME_CANONICALS, PERSON_TITLES } from '../reference-data.js'
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

/** Double Metaphone keys of one folded name part, cached: the register repeats names a lot. */
export function phoneticKeys(text: string): readonly string[] {
  let keys = phoneticCache.get(text)
  if (keys === undefined) {
    const [primary, secondary] = doubleMetaphone(text)
    keys = primary === secondary || secondary === '' ? (primary === '' ? [] : [primary]) : [primary, secondary]
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

/**
 * Parses a person's name; at most `maxTokens` name parts are kept. `shared` holds the tokens
 * already made from each folded word, to be reused rather than remade: outside syllabic scripts
 * a token depends on its word alone.
 */
export function parsePersonName(raw: string, maxTokens: number, shared?: Map<string, NameToken>): PersonName {
  const syllabic = isSyllabicScript(raw)
  let words = foldText(reorderSurnameFirst(raw), { keepSyllabic: true })
    .split(' ')
    .filter((w) => w.length > 0)
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
