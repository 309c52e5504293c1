/**
 * Loads the committed reference lists in ./data (derived from public sources by the maintenance
 * script bench/lib/derive-matching-data.ts; origins and licences in data/README.md). Read once at
 * module load: the files are small, and nothing outside the repository is read at run time.
 */
import { readFileSync } from 'node:fs'
import emailProviderDomains from 'email-providers/all.json' with { type: 'json' }

function readData<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./data/${name}`, import.meta.url), 'utf8')) as T
}

export interface LegalForm {
  /** Folded alias as it appears in a folded name, e.g. "public limited company". */
  readonly alias: string
  /** Short display form, e.g. "PLC". */
  readonly display: string
  /** Family across jurisdictions (rigour "generic"): LLC, JSC, LLP, LP, NGO, COOP… */
  readonly family: string
}

const legalFormRows = readData<{ forms: [string, string, string][] }>('legal-forms.json').forms
export const LEGAL_FORMS: ReadonlyMap<string, LegalForm> = new Map(legalFormRows.map(([alias, display, family]) => [alias, { alias, display, family }]))
/** Longest alias in tokens, so suffix matching knows how far back to look. */
export const MAX_LEGAL_FORM_TOKENS = Math.max(...legalFormRows.map(([alias]) => alias.split(' ').length))

const nicknameRows = readData<{ names: Record<string, string[]> }>('nicknames.json').names
/** Folded given name → the canonical names it is a form of (itself included). */
export const NICKNAME_CANONICALS: ReadonlyMap<string, readonly string[]> = (() => {
  const map = new Map<string, string[]>()
  const add = (name: string, canonical: string): void => {
    const list = map.get(name)
    if (list === undefined) map.set(name, [canonical])
    else if (!list.includes(canonical)) list.push(canonical)
  }
  for (const [canonical, nicknames] of Object.entries(nicknameRows)) {
    add(canonical, canonical)
    for (const nickname of nicknames) add(nickname, canonical)
  }
  return map
})()

const cognateRows = readData<{ cognates: Record<string, string[]> }>('nicknames.json').cognates
/**
 * Given name → the canonical names among its `NICKNAME_CANONICALS` that it is only a cognate or
 * loose association of (Ian → John), not a diminutive; both ways round, as the pair is one link.
 */
export const NICKNAME_COGNATES: ReadonlyMap<string, readonly string[]> = (() => {
  const map = new Map<string, string[]>()
  const add = (name: string, canonical: string): void => {
    const list = map.get(name)
    if (list === undefined) map.set(name, [canonical])
    else if (!list.includes(canonical)) list.push(canonical)
  }
  for (const [canonical, names] of Object.entries(cognateRows)) {
    for (const name of names) {
      add(name, canonical)
      if (NICKNAME_CANONICALS.get(canonical)?.includes(name) === true) add(canonical, name)
    }
  }
  return map
})()

export const PERSON_TITLES: ReadonlySet<string> = new Set(readData<{ titles: string[] }>('person-titles.json').titles)

export const STREET_FORMS: ReadonlyMap<string, string> = new Map(Object.entries(readData<{ forms: Record<string, string> }>('street-forms.json').forms))

export const ORG_SYMBOLS: ReadonlyMap<string, string> = new Map(Object.entries(readData<{ terms: Record<string, string> }>('org-symbols.json').terms))

const WEBMAIL_DOMAINS: ReadonlySet<string> = new Set(readData<{ domains: string[] }>('webmail-domains.json').domains)

const nameFrequencies = readData<{ floor: number; given: Record<string, number>; surname: Record<string, number> }>('name-frequencies.json')
/** log10 of the population share of a folded given name / surname; absent names are at most `NAME_SHARE_FLOOR_LOG10`. */
export const GIVEN_NAME_SHARE_LOG10: ReadonlyMap<string, number> = new Map(Object.entries(nameFrequencies.given))
export const SURNAME_SHARE_LOG10: ReadonlyMap<string, number> = new Map(Object.entries(nameFrequencies.surname))
export const NAME_SHARE_FLOOR_LOG10: number = nameFrequencies.floor

/**
 * Consumer mailbox providers: the hand list above plus the ~8,700 provider domains of the npm
 * package email-providers (ISC; goware/emailproviders). A prior only: the register's own
 * frequencies catch providers that neither list knows.
 */
export const MAILBOX_DOMAINS: ReadonlySet<string> = new Set([...WEBMAIL_DOMAINS, ...emailProviderDomains.map((d) => d.toLowerCase())])

/** Abbreviations of company-name words that are not descriptors ("constr" → "construction"). */
export const ORG_EXPANSIONS: ReadonlyMap<string, string> = new Map(
  Object.entries(readData<{ expansions: Record<string, string> }>('org-symbols.json').expansions),
)

/** Hangul surname → its romanisations, most usual first (김 → kim, gim, ghim). */
export const KOREAN_SURNAMES: ReadonlyMap<string, readonly string[]> = new Map(
  Object.entries(readData<{ surnames: Record<string, string[]> }>('korean-surnames.json').surnames),
)
