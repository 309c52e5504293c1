/**
 * How many people share a name: the term-frequency adjustment of Fellegi–Sunter record linkage
 * as Splink applies it (agreement on a rare value is stronger evidence than on a common one),
 * for person names. A name's population share is the product of its parts' shares, each the
 * larger of its share in a public population source (data/name-frequencies.json) and its share
 * of the register's own people (other than the matched one, and discounted: a register clusters
 * by family and community, so it overstates how common its names are in the population); times
 * the adult population it is the expected number of
 * namesakes. A person matched on the name alone is identified only when that number is small.
 * References: Fellegi & Sunter, "A Theory for Record Linkage", JASA 64 (1969); Splink's
 * term-frequency adjustments (moj-analytical-services/splink, docs "Term frequency adjustments").
 */
import type { NameToken } from '../normalise/name-token.js'
import type { PersonName } from '../normalise/person-name.js'
import { GIVEN_NAME_SHARE_LOG10, NAME_SHARE_FLOOR_LOG10, SURNAME_SHARE_LOG10 } from '../reference-data.js'
import type { MatchingOptions } from '../tuning.js'

/** How often each folded name part occurs among the register's people, by position (see `partKeys`). */
export interface PersonPartCounts {
  /** Person entities counted. */
  readonly persons: number
  /** Part key → person entities with that part, in that position, in their name or an alias. */
  readonly counts: ReadonlyMap<string, number>
}

/**
 * The key under which a part is counted: its text as a given (or middle) name, marked when it is
 * the name's last substantive part, its surname. The population tables are kept by position, and
 * the register's counts must be too: a register where Mohammed is a common given name says
 * nothing about how many people have the surname Mohammed.
 */
function partKey(text: string, surname: boolean): string {
  return surname ? `${text}\u0000` : text
}

/** The position keys of a name's substantive parts, each once. */
export function partKeys(tokens: readonly NameToken[]): Set<string> {
  const keys = new Set<string>()
  let last = -1
  for (let i = 0; i < tokens.length; i++) if (!(tokens[i] as NameToken).particle) last = i
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as NameToken
    if (!token.particle) keys.add(partKey(token.text, i === last))
  }
  return keys
}

/** Counts each distinct part of one person's names (name and aliases) once per position. */
export function countPersonParts(counts: Map<string, number>, names: readonly (readonly NameToken[])[]): void {
  const seen = new Set<string>()
  for (const tokens of names) for (const key of partKeys(tokens)) seen.add(key)
  for (const key of seen) counts.set(key, (counts.get(key) ?? 0) + 1)
}

function tableShare(text: string, surname: boolean): number {
  // A surname used as a given name (or the reverse) is looked up in the other table second.
  const log = (surname ? SURNAME_SHARE_LOG10 : GIVEN_NAME_SHARE_LOG10).get(text) ?? (surname ? GIVEN_NAME_SHARE_LOG10 : SURNAME_SHARE_LOG10).get(text)
  return 10 ** (log ?? NAME_SHARE_FLOOR_LOG10)
}

/**
 * Register people bearing the part in that position other than the matched person: the match
 * itself is no evidence that the name is common, and counting it would make every name in a
 * small register at least one in a few thousand (a namesake for every 2,000 adults of the
 * population). `bearer` holds the matched person's `partKeys`.
 */
function otherBearers(key: string, register: PersonPartCounts, bearer: ReadonlySet<string>): number {
  const count = register.counts.get(key) ?? 0
  return bearer.has(key) ? Math.max(0, count - 1) : count
}

function partShare(token: NameToken, surname: boolean, register: PersonPartCounts, bearer: ReadonlySet<string>, options: MatchingOptions): number {
  if (token.initial) return options.initialShare
  let share = tableShare(token.text, surname)
  // A nickname stands for its canonical names: "Bill" is as common as William.
  for (const canonical of token.canonicals) share = Math.max(share, tableShare(canonical, surname))
  if (register.persons >= options.minNamesForIdf) {
    share = Math.max(share, (otherBearers(partKey(token.text, surname), register, bearer) / register.persons) * options.registerShareWeight)
  }
  return Math.min(1, share)
}

const NOBODY: ReadonlySet<string> = new Set()

/** The parts of a name and the canonical names its nicknames stand for: what another name's part may agree with exactly. */
export function exactForms(tokens: readonly NameToken[]): ReadonlySet<string> {
  const forms = new Set<string>()
  for (const token of tokens) {
    forms.add(token.text)
    for (const canonical of token.canonicals) forms.add(canonical)
  }
  return forms
}

/** A part agrees exactly when the other name gives it, or a nickname of the same canonical (whose share partShare already takes). */
function agreesExactly(part: NameToken, other: ReadonlySet<string>): boolean {
  if (other.has(part.text)) return true
  for (const canonical of part.canonicals) if (other.has(canonical)) return true
  return false
}

/**
 * Expected number of adults bearing `name` (its substantive parts; the last one read as the
 * surname) or a name that agrees with it as loosely as `other` does. `bearer` is the matched
 * register person's `partKeys`, left out of the register's counts. A part that `other` does not
 * give exactly (a typo, a spelling variant) is shared by every name in its neighbourhood: as in
 * Splink, the term frequency of a rare value speaks only for exact agreement, and a fuzzy
 * agreement is as likely between strangers as fuzzy agreements are in general.
 * `other` holds the other name's `exactForms`.
 */
export function expectedNamesakes(
  name: PersonName,
  register: PersonPartCounts,
  options: MatchingOptions,
  bearer: ReadonlySet<string> = NOBODY,
  other?: ReadonlySet<string>,
): number {
  const parts = name.tokens.filter((t) => !t.particle)
  if (parts.length === 0) return options.populationSize
  let share = 1
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as NameToken
    share *= partShare(part, i === parts.length - 1, register, bearer, options)
    if (other !== undefined && !part.initial && !agreesExactly(part, other)) share = Math.min(1, share + options.inexactPartShare)
  }
  return options.populationSize * share
}

/** Substantive (non-particle) parts of a name. */
export function substantivePartCount(name: PersonName): number {
  let n = 0
  for (const token of name.tokens) if (!token.particle) n++
  return n
}

/** Rounds a namesake estimate for words: "about 16,000", "about 40", "a handful". */
export function describeNamesakes(namesakes: number): string {
  if (namesakes < 5) return 'a handful of people'
  const magnitude = 10 ** Math.max(0, Math.floor(Math.log10(namesakes)) - 1)
  return `about ${(Math.round(namesakes / magnitude) * magnitude).toLocaleString('en-GB')} people`
}
