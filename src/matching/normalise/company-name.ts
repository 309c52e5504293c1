/**
 * Company-name normalisation (docs/design.md §4.1): folded text, descriptor synonyms unified
 * ("Corp" = "Corporation"), and legal forms recognised from rigour's org-type list and set aside
 * as a qualifier ("Ltd" and "Limited" agree, "Ltd" and "LLP" are different kinds of body) instead
 * of being dropped silently; standard abbreviations written out ("Intl Bldg Svcs" =
 * "International Building Services"). "A t/a B" names two businesses, split by splitTradingAs.
 * Reference: opensanctions/rigour names/org_types and symbols.
 */
import { exactList } from '../exact-list.js'
import { foldText } from '../text/fold.js'
import { LEGAL_FORMS, MAX_LEGAL_FORM_TOKENS, ORG_EXPANSIONS, ORG_SYMBOLS, type LegalForm } from '../reference-data.js'
import { digitiseNumbers } from './number-words.js'
import { isSyllabicScript, makeToken, type NameToken } from './name-token.js'

export interface CompanyName {
  readonly raw: string
  /** Name parts with the legal forms removed. */
  readonly tokens: readonly NameToken[]
  readonly legalForms: readonly LegalForm[]
  /** Name parts joined without spaces ("unitedhealth"), for run-together spellings. */
  readonly compact: string
}

const STOP_WORDS: ReadonlySet<string> = new Set(['the', 'and', 'of', 'for', 'a', 'an', 'de', 'la', 'le', 'du', 'des', 'der', 'die', 'das', 'y', 'et', 'und'])

/**
 * Forms written before the name (ООО «Ромашка», PT Garuda). Suffix forms are far more common and
 * stripping a leading short word blindly would eat real names ("SA Builders").
 */
const LEADING_LEGAL_FORMS: ReadonlySet<string> = new Set(['ooo', 'zao', 'oao', 'pao', 'ao', 'pjsc', 'ojsc', 'cjsc', 'jsc', 'pt', 'tov', 'too', 'chp', 'ip'])

/** Forms written first are short: "Limited Liability Company", "Open Joint Stock Company". */
const MAX_LEADING_FORM_TOKENS = 4

/**
 * Parses a company name; at most `maxTokens` name parts are kept. `shared` holds the tokens
 * already made from each folded word, to be reused rather than remade: outside syllabic scripts
 * a token depends on its word alone.
 */
export function parseCompanyName(raw: string, maxTokens: number, shared?: Map<string, NameToken>): CompanyName {
  const syllabic = isSyllabicScript(raw)
  let words = foldText(raw, { joinDottedInitials: true, keepSyllabic: true })
    .split(' ')
    .filter((w) => w.length > 0)
  if (words.length > maxTokens * 2) words = words.slice(0, maxTokens * 2)
  const legalForms: LegalForm[] = []
  // Trailing forms, repeatedly ("GmbH & Co. KG"), joined by "and"; longest alias first.
  let end = words.length
  const suffixes: string[] = []
  for (;;) {
    while (end > 1 && words[end - 1] === 'and' && legalForms.length > 0) end--
    const longest = Math.min(MAX_LEGAL_FORM_TOKENS, end - 1)
    suffixes.length = 0
    let suffix = ''
    for (let k = 1; k <= longest; k++) {
      suffix = k === 1 ? (words[end - 1] as string) : `${words[end - k] as string} ${suffix}`
      suffixes.push(suffix)
    }
    let found = false
    for (let k = suffixes.length; k >= 1; k--) {
      const form = LEGAL_FORMS.get(suffixes[k - 1] as string)
      if (form !== undefined) {
        legalForms.unshift(form)
        end -= k
        found = true
        break
      }
    }
    if (!found || end <= 1) break
  }
  // Leading forms: multi-word ones ("Limited Liability Company Iskusstvo Krasoty") are safe
  // anywhere; single words only from the short list of forms that are written first.
  let start = 0
  let prefix = ''
  let leading: { form: LegalForm; k: number } | null = null
  for (let k = 1; k <= Math.min(MAX_LEADING_FORM_TOKENS, end - 1); k++) {
    prefix = k === 1 ? (words[0] as string) : `${prefix} ${words[k - 1] as string}`
    const form = LEGAL_FORMS.get(prefix)
    if (form !== undefined && (k > 1 || LEADING_LEGAL_FORMS.has(prefix))) leading = { form, k }
  }
  if (leading !== null) {
    legalForms.unshift(leading.form)
    start = leading.k
  }
  const tokens = digitiseNumbers(words.slice(start, end))
    .slice(0, maxTokens)
    .map((word) => {
      let token = syllabic ? undefined : shared?.get(word)
      if (token === undefined) {
        const symbol = ORG_SYMBOLS.get(word)
        // Abbreviations are written out ("Constr" → "construction"), so that a name with several
        // of them at once compares word for word with the name in full.
        const text = symbol ?? ORG_EXPANSIONS.get(word) ?? word
        token = makeToken(text, { syllabic, particle: STOP_WORDS.has(text), generic: symbol !== undefined })
        if (!syllabic) shared?.set(word, token)
      }
      return token
    })
  return { raw, tokens, legalForms: exactList(legalForms), compact: tokens.map((t) => t.text).join('') }
}

/**
 * "A t/a B", "A T/A B", "A t/as B", "A trading as B" (and the US "d/b/a", "doing business as"):
 * a sole trader or company and the name it trades under. Each part is a name to screen on its
 * own; the input itself when there is no such marker. Brackets around the trading part
 * ("John Smith (t/a Smith Plumbing)") are dropped.
 */
const TRADING_AS = /(?:^|[\s,;([-])(?:t\s*\/\s*as?|t\.\s*a\.|trading\s+as|d\s*\/\s*b\s*\/\s*a|doing\s+business\s+as)(?=[\s:,)\]-]|$)[\s:,-]*/giu
const EDGE_PUNCTUATION = /^[\s,;:()[\]-]+|[\s,;:()[\]-]+$/gu

export function splitTradingAs(raw: string): string[] {
  if (typeof raw !== 'string') return []
  TRADING_AS.lastIndex = 0
  if (!TRADING_AS.test(raw)) return [raw]
  const parts = raw
    .split(TRADING_AS)
    .map((part) => part.replace(EDGE_PUNCTUATION, '').trim())
    .filter((part) => part.length > 0)
  return parts.length === 0 ? [raw] : parts
}
