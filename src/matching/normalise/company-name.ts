/**
 * Company-name normalisation (DESIGN.md §4.1): folded text, descriptor synonyms unified
 * ("Corp" = "Corporation"), and legal forms recognised from rigour's org-type list and set aside
 * as a qualifier ("Ltd" and "Limited" agree, "Ltd" and "LLP" are different kinds of body) instead
 * of being dropped silently. Reference: opensanctions/rigour names/org_types and symbols.
 */
import { foldText } from '../text/fold.js';
import { LEGAL_FORMS, MAX_LEGAL_FORM_TOKENS, ORG_SYMBOLS, type LegalForm } from '../reference-data.js';
import { digitiseNumbers } from './number-words.js';
import { isSyllabicScript, makeToken, type NameToken } from './name-token.js';

export interface CompanyName {
  readonly raw: string;
  /** Name parts with the legal forms removed. */
  readonly tokens: readonly NameToken[];
  readonly legalForms: readonly LegalForm[];
  /** Name parts joined without spaces ("unitedhealth"), for run-together spellings. */
  readonly compact: string;
}

const STOP_WORDS: ReadonlySet<string> = new Set(['the', 'and', 'of', 'for', 'a', 'an', 'de', 'la', 'le', 'du', 'des', 'der', 'die', 'das', 'y', 'et', 'und']);

/**
 * Forms written before the name (ООО «Ромашка», PT Garuda). Suffix forms are far more common and
 * stripping a leading short word blindly would eat real names ("SA Builders").
 */
const LEADING_LEGAL_FORMS: ReadonlySet<string> = new Set(['ooo', 'zao', 'oao', 'pao', 'ao', 'pjsc', 'ojsc', 'cjsc', 'jsc', 'pt', 'tov', 'too', 'chp', 'ip']);

/** Parses a company name; at most `maxTokens` name parts are kept. */
export function parseCompanyName(raw: string, maxTokens: number): CompanyName {
  const syllabic = isSyllabicScript(raw);
  let words = foldText(raw, { joinDottedInitials: true, keepSyllabic: true }).split(' ').filter((w) => w.length > 0);
  if (words.length > maxTokens * 2) words = words.slice(0, maxTokens * 2);
  const legalForms: LegalForm[] = [];
  // Trailing forms, repeatedly ("GmbH & Co. KG"), joined by "and".
  let end = words.length;
  for (;;) {
    while (end > 1 && words[end - 1] === 'and' && legalForms.length > 0) end--;
    let found = false;
    for (let k = Math.min(MAX_LEGAL_FORM_TOKENS, end - 1); k >= 1; k--) {
      const form = LEGAL_FORMS.get(words.slice(end - k, end).join(' '));
      if (form !== undefined) {
        legalForms.unshift(form);
        end -= k;
        found = true;
        break;
      }
    }
    if (!found || end <= 1) break;
  }
  // Leading forms: multi-word ones ("Limited Liability Company Iskusstvo Krasoty") are safe
  // anywhere; single words only from the short list of forms that are written first.
  let start = 0;
  for (let k = Math.min(MAX_LEGAL_FORM_TOKENS, end - 1); k >= 1; k--) {
    const alias = words.slice(0, k).join(' ');
    const form = LEGAL_FORMS.get(alias);
    if (form !== undefined && (k > 1 || LEADING_LEGAL_FORMS.has(alias))) {
      legalForms.unshift(form);
      start = k;
      break;
    }
  }
  const tokens = digitiseNumbers(words.slice(start, end)).slice(0, maxTokens).map((word) => {
    const symbol = ORG_SYMBOLS.get(word);
    const text = symbol ?? word;
    return makeToken(text, { syllabic, particle: STOP_WORDS.has(text), generic: symbol !== undefined });
  });
  return { raw, tokens, legalForms, compact: tokens.map((t) => t.text).join('') };
}
