/**
 * Similarity of two name parts, and how they agree, in the manner of OpenSanctions logic-v2
 * symbolic pairing followed by a Levenshtein budget (nomenklatura matching/logic_v2/names):
 * equal, nickname (a diminutive) or cognate (a related name), initial, phonetic (Double Metaphone), or fuzzy within one edit per
 * `1 / fuzzyEditsPerChar` characters. Beyond the budget two parts are different names.
 */
import type { NameToken } from '../normalise/name-token.js'
import { NICKNAME_COGNATES } from '../reference-data.js'
import { abbreviates } from '../text/abbreviation.js'
import { editDistance, minEdits } from '../text/edit-distance.js'
import type { MatchingOptions } from '../tuning.js'

export type PartAgreement = 'exact' | 'nickname' | 'cognate' | 'initial' | 'phonetic' | 'fuzzy' | 'abbreviation' | 'joined' | 'none'

export interface PartSimilarity {
  readonly score: number
  readonly how: PartAgreement
}

const NONE: PartSimilarity = { score: 0, how: 'none' }
const EXACT: PartSimilarity = { score: 1, how: 'exact' }

/**
 * Fuzzy similarity of two strings under the edit budget, 0 beyond it. One edit over the budget
 * still earns partial credit for longer words that start alike ("Sechin"/"Sechev",
 * "Starmer"/"Starkey"): a misheard surname, not a different one, often enough to review.
 * `minDistance` is a known lower bound on the edit distance (see `minEdits`): most pairs of
 * different words are ruled out by it without computing the distance.
 */
export function fuzzySimilarity(a: string, b: string, options: MatchingOptions, minDistance = 0): number {
  const longest = Math.max(a.length, b.length)
  if (Math.min(a.length, b.length) < options.minFuzzyLength) return 0
  const budget = Math.floor(longest * options.fuzzyEditsPerChar)
  if (budget === 0) return 0
  const nearMiss = longest >= options.minNearMissLength && a.charCodeAt(0) === b.charCodeAt(0)
  const limit = nearMiss ? budget + 1 : budget
  if (minDistance > limit) return 0
  const distance = editDistance(a, b, limit)
  if (distance <= budget) return 1 - distance / longest
  if (nearMiss && distance === budget + 1) return (1 - distance / longest) * options.nearMissScale
  return 0
}

/** Spellings of one particle: "al"/"el", "bin"/"ibn"/"ben". */
const PARTICLE_CLASS: Readonly<Record<string, string>> = {
  al: 'al',
  el: 'al',
  ul: 'al',
  bin: 'bin',
  ibn: 'bin',
  ben: 'bin',
  bint: 'bin',
  binti: 'bin',
  ould: 'bin',
  van: 'van',
  von: 'van',
  de: 'de',
  di: 'de',
  da: 'de',
  du: 'de',
  del: 'de',
  dos: 'de',
  das: 'de',
  der: 'der',
  den: 'der',
  abd: 'abd',
  abdul: 'abd',
  abdel: 'abd',
}

/** Length of the longest key both lists hold; 0 when they share none. */
function longestShared(a: readonly string[], b: readonly string[]): number {
  let longest = 0
  for (const x of a) if (x.length > longest && b.includes(x)) longest = x.length
  return longest
}

const VOWEL = /^[aeiou]/

/**
 * Whether two parts start alike enough for a shared Double Metaphone key to mean one name: the
 * same first letter, or two vowels and a key long enough that few unrelated names share it.
 * Romanisations differ in a first vowel (Oleksandr/Aleksandr, Usman/Osman, Ebrahim/Ibrahim),
 * which the algorithm already writes alike; but on a short key different names meet
 * (Emily/Amelia and Ellen/Allan are AML and ALN).
 */
function phoneticStart(a: string, b: string, shared: number, options: MatchingOptions): boolean {
  if (a[0] === b[0]) return shared > 0
  return shared >= options.minVowelStartPhoneticKey && VOWEL.test(a) && VOWEL.test(b)
}

/** Whether `name` reaches `canonical` only as a cognate or loose association (Ian → John). */
function cognateOf(name: string, canonical: string): boolean {
  return NICKNAME_COGNATES.get(name)?.includes(canonical) === true
}

/**
 * How two given names are related through a canonical name they share: as diminutives (both
 * parts reach it as a nickname), only as cognates (one reaches it as a loose association), or not
 * at all. The strongest shared canonical counts. The cognate table is read only for names that
 * share a canonical, which few scored pairs do.
 */
function nicknameRelation(a: NameToken, b: NameToken): 'nickname' | 'cognate' | 'none' {
  let related: 'cognate' | 'none' = 'none'
  for (const canonical of a.canonicals) {
    if (!b.canonicals.includes(canonical)) continue
    if (!cognateOf(a.text, canonical) && !cognateOf(b.text, canonical)) return 'nickname'
    related = 'cognate'
  }
  return related
}

/**
 * Words that look alike but name opposites: "Northern" and "Southern" are one edit budget
 * apart, yet "Northern Paving" and "Southern Paving" are different firms.
 */
const CONTRASTS: ReadonlySet<string> = new Set([
  'north',
  'south',
  'east',
  'west',
  'northern',
  'southern',
  'eastern',
  'western',
  'northwest',
  'northeast',
  'southwest',
  'southeast',
  'upper',
  'lower',
  'inner',
  'outer',
  'new',
  'old',
  'great',
  'little',
  'first',
  'second',
  'third',
  'central',
  'national',
  'international',
])

function contrasting(a: string, b: string): boolean {
  return CONTRASTS.has(a) && CONTRASTS.has(b)
}

/**
 * A company word that abbreviates the other ("Maint"/"Maintenance", "Assocs"/"Associates") in a
 * way the abbreviation table does not list: the same word, written short. Not for person names,
 * where a truncation is often another name ("Ali"/"Alison").
 */
function abbreviation(a: NameToken, b: NameToken, options: MatchingOptions): PartSimilarity | null {
  const [short, long] = a.text.length <= b.text.length ? [a.text, b.text] : [b.text, a.text]
  return abbreviates(short, long, options) ? { score: options.abbreviationScore, how: 'abbreviation' } : null
}

/** `abbreviations`: whether a word may stand for another it abbreviates (company names only). */
export function partSimilarity(a: NameToken, b: NameToken, options: MatchingOptions, abbreviations = false): PartSimilarity {
  if (a.text === b.text) return EXACT
  if (a.particle && b.particle) {
    const ca = PARTICLE_CLASS[a.text]
    return ca !== undefined && ca === PARTICLE_CLASS[b.text] ? EXACT : NONE
  }
  if (a.numeric || b.numeric || a.syllabic || b.syllabic) return NONE
  if (a.initial || b.initial) {
    if (a.initial && b.initial) return NONE
    return a.text[0] === b.text[0] ? { score: options.initialScore, how: 'initial' } : NONE
  }
  if (a.canonicals.length > 0 && b.canonicals.length > 0) {
    const relation = nicknameRelation(a, b)
    if (relation === 'nickname') return { score: options.nicknameScore, how: 'nickname' }
    if (relation === 'cognate') return { score: options.cognateScore, how: 'cognate' }
  }
  const fuzzy = fuzzySimilarity(a.text, b.text, options, minEdits(a.letters, b.letters))
  // Phonetic agreement only for parts that also start alike: Double Metaphone alone joins
  // "Catherine" and "Gathering".
  // ...and only for longer parts: four-letter names collide too often ("John"/"Jane" are both JN).
  const phonetic =
    options.phoneticScore > fuzzy &&
    a.text.length >= options.minPhoneticLength &&
    b.text.length >= options.minPhoneticLength &&
    phoneticStart(a.text, b.text, longestShared(a.phonetic, b.phonetic), options)
  if (!phonetic && fuzzy <= 0) return (abbreviations && abbreviation(a, b, options)) || NONE
  // Opposites are never the same part, however alike; checked last as most pairs are unlike anyway.
  if (contrasting(a.text, b.text)) return NONE
  return phonetic ? { score: options.phoneticScore, how: 'phonetic' } : { score: fuzzy, how: 'fuzzy' }
}
