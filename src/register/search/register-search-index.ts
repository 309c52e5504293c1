/**
 * The officer's register search index (issue 14 point 3): every searchable value of one register
 * snapshot (group names and aliases; company and person names, aliases, company numbers and
 * addresses; address, phone, e-mail and website entities) as a record, with word postings and
 * canonical identifier keys.
 *
 * Why not fuse.js: its search walks every record with a Bitap scan per query (its index only
 * pre-splits the keys), so a query over a 100,000-entity register holds the event loop for
 * hundreds of milliseconds; and Bitap scores characters, not names, knowing nothing of nicknames,
 * initials, word order or transliteration. Why not the matcher's own name index: it is internal
 * to the compiled register (not exported, and src/matching is not ours to change), and it is
 * built for screening a whole supplier name, not for a part of one typed by an officer. Instead
 * the work is split in two:
 *  - here, candidates: a query's words are looked up among the register's distinct words,
 *    exactly (a map), and in one pass over them as a beginning (three letters or more) or within
 *    one edit (four letters or more, with a letter: a number one digit off is another number;
 *    insertion, deletion, substitution or swap of neighbours). The pass needs no dictionary of
 *    deletions (tens of megabytes for a large register) and costs a few milliseconds for the
 *    45,000 distinct words of a 100,000-entity register;
 *  - in ./search-register.ts, ranking: the matcher's own public `compareNames` weighs the best
 *    candidates of a query of several words as names (nicknames, typos, accents, word order),
 *    and its public identifier normalisers (phone, e-mail, domain, postcode, company number)
 *    turn a query that is an identifier into the same canonical key as the register's value.
 * Only candidates are ranked. The index is built once per snapshot version, lazily on the first
 * search of it, in slices of about 5 ms between which other requests run (100,000 entities:
 * under 2 s in all on a busy two-core machine, the event loop never held much over 20 ms
 * including garbage collection, some 30 MB held).
 *
 * Words are folded here as the matcher folds them (invisible code points removed, NFKC, other
 * scripts and accents transliterated to ASCII by any-ascii, lower case, apostrophes joining,
 * other punctuation separating): the matcher exports no name folder, and src/matching may not be
 * deep-imported. A difference between the two folds can only cost a candidate; names are
 * weighed by `compareNames` with the matcher's own rules.
 *
 * The snapshot holds no intelligence notes (the register loader never reads them), and nothing
 * here may add them: every record is a value an authority may be shown.
 *
 * Longer than most files on purpose: building the records and postings and looking candidates up
 * in them share one record layout and one fold, which would otherwise be exported only to be
 * imported once.
 */
import anyAscii from 'any-ascii'
import { setImmediate } from 'node:timers/promises'
import {
  canonicalCompanyNumber,
  canonicalDomain,
  canonicalEmail,
  canonicalPostcode,
  phoneToE164,
  type Address,
  type EntityKind,
  type RegisterGroup,
} from '../../matching/index.js'
import type { RegisterSnapshot } from '../register-cache.js'
import { entitiesOfParts } from '../register-loader.js'

/** Which value of the group or entity a record holds. */
export type SearchField = 'name' | 'alias' | 'companyNumber' | 'address' | 'value'

export interface SearchRecord {
  /** Unique within the index and stable across versions while the entity is: the sort key that breaks ties. */
  readonly key: string
  readonly kind: EntityKind
  /** The entity's id, or the group's for a group. */
  readonly id: string
  readonly group: RegisterGroup
  /** What the group or entity is called (its name, or its value). */
  readonly display: string
  readonly field: SearchField
  /** The value that is searched, as the force wrote it. */
  readonly value: string
  /** Its words, folded, joined by single spaces: equal for values that differ only in case, accents or punctuation. */
  readonly folded: string
  /** How many different words it holds. */
  readonly wordCount: number
  /** How `compareNames` reads the value; null for values that are not names. */
  readonly nameKind: 'person' | 'company' | null
  /** Canonical identifier of the value, prefixed by kind ("tel:", "email:", "web:", "cn:", "pc:"), if it has one. */
  readonly identifier: string | null
}

/** A query word's quality against a register word. */
export type WordMatch = 'exact' | 'prefix' | 'typo'

/** A register word a query word reached, and how. */
export interface WordHit {
  readonly word: string
  readonly match: WordMatch
}

/** For one candidate record: per query word, the best register word it reached, if any. */
export interface Candidate {
  readonly record: number
  readonly words: readonly (WordHit | undefined)[]
}

/** Which records a query may reach: the caller's forces and the filters. */
export interface SearchScope {
  readonly forces: ReadonlySet<string>
  readonly kind?: EntityKind | undefined
}

// Building yields a turn of the event loop after this long, looking at the clock every few
// entities: a slice by time stays short however slow the machine or long the names.
const SLICE_MS = 5
const ENTITIES_PER_CLOCK_CHECK = 50
// Words shorter than this are found exactly only; of at least this, also within one edit.
const MIN_PREFIX_LENGTH = 3
const MIN_TYPO_LENGTH = 4
// Register words one query word may reach by prefix or typo: "a" is not a useful search.
const MAX_EXPANSIONS_PER_WORD = 200
/** Words of a query looked at; more say no more about which record is meant. */
export const MAX_QUERY_WORDS = 8

const INVISIBLE = /\p{Default_Ignorable_Code_Point}/gu
const PLAIN_ASCII = /^[\x20-\x7E]*$/
const APOSTROPHES = /['\u2018\u2019\u02BC`\u00B4]/g
const NON_ALPHANUMERIC = /[^a-z0-9]+/
// A number one digit off is another number (a phone, a company), not a typo of it.
const HAS_LETTER = /[a-z]/

/** The folded words of `text`: case, accents, other scripts and invisible characters make no difference. */
export function searchWords(text: string): string[] {
  const ascii = PLAIN_ASCII.test(text) ? text : anyAscii(text.replace(INVISIBLE, '').normalize('NFKC'))
  return ascii
    .toLowerCase()
    .replace(/&|\+/g, ' and ')
    .replace(APOSTROPHES, '')
    .split(NON_ALPHANUMERIC)
    .filter((word) => word.length > 0)
}

/** The canonical identifier keys a query may stand for (it may be a phone number, an e-mail address…). */
export function identifierKeysOf(query: string): { key: string; label: string }[] {
  const keys: { key: string; label: string }[] = []
  const phone = phoneToE164(query)
  if (phone !== null) keys.push({ key: `tel:${phone}`, label: 'phone number' })
  const email = canonicalEmail(query)
  if (email !== null) keys.push({ key: `email:${email}`, label: 'e-mail address' })
  const domain = email === null ? canonicalDomain(query) : null
  if (domain !== null) keys.push({ key: `web:${domain}`, label: 'web address' }, { key: `maildomain:${domain}`, label: 'e-mail domain' })
  const postcode = canonicalPostcode(query)
  if (postcode !== null) keys.push({ key: `pc:${postcode}`, label: 'postcode' })
  const companyNumber = canonicalCompanyNumber(query)
  if (companyNumber !== null) keys.push({ key: `cn:${companyNumber}`, label: 'company number' })
  return keys
}

/** The searchable records of one register version, and the ways into them. */
export class RegisterSearchIndex {
  readonly version: number
  readonly records: readonly SearchRecord[]
  /** Distinct register words, and for each the records that hold it, in record order. */
  readonly #vocabulary: readonly string[]
  readonly #postings: readonly (readonly number[])[]
  readonly #wordIndex: ReadonlyMap<string, number>
  readonly #identifiers: ReadonlyMap<string, readonly number[]>

  constructor(version: number, records: readonly SearchRecord[], postings: ReadonlyMap<string, number[]>, identifiers: ReadonlyMap<string, number[]>) {
    this.version = version
    this.records = records
    this.#vocabulary = [...postings.keys()]
    this.#postings = [...postings.values()]
    this.#wordIndex = new Map(this.#vocabulary.map((word, w) => [word, w]))
    this.#identifiers = identifiers
  }

  /**
   * Records in scope that hold at least one of the query's words (exactly, as a prefix, or one
   * edit away), with the best match of each query word. Records outside the caller's forces or
   * the kind asked for are skipped as they are found, so nothing of them is ever ranked.
   */
  candidates(queryWords: readonly string[], scope: SearchScope): Candidate[] {
    const found = new Map<number, (WordHit | undefined)[]>()
    const reach = (q: number, w: number, match: WordMatch) => {
      const word = this.#vocabulary[w]!
      for (const r of this.#postings[w]!) {
        let best = found.get(r)
        if (best === undefined) {
          if (!this.#inScope(r, scope)) continue
          best = queryWords.map(() => undefined)
          found.set(r, best)
        }
        const held = best[q]
        if (held === undefined || RANK[match] < RANK[held.match]) best[q] = { word, match }
      }
    }
    for (let q = 0; q < queryWords.length; q++) {
      const w = this.#wordIndex.get(queryWords[q]!)
      if (w !== undefined) reach(q, w, 'exact')
    }
    // Beginnings and typos: one pass over the vocabulary for every query word long enough to have them.
    const fuzzy = queryWords.flatMap((word, q) =>
      word.length >= MIN_PREFIX_LENGTH ? [{ q, word, typos: word.length >= MIN_TYPO_LENGTH && HAS_LETTER.test(word), expansions: 0 }] : [],
    )
    if (fuzzy.length === 0) return [...found].map(([record, words]) => ({ record, words }))
    for (let w = 0; w < this.#vocabulary.length; w++) {
      const word = this.#vocabulary[w]!
      for (const f of fuzzy) {
        if (f.expansions >= MAX_EXPANSIONS_PER_WORD) continue
        const match = fuzzyMatch(f.word, word, f.typos)
        if (match === null) continue
        f.expansions++
        reach(f.q, w, match)
      }
    }
    return [...found].map(([record, words]) => ({ record, words }))
  }

  /** Records in scope whose canonical identifier is `key`. */
  byIdentifier(key: string, scope: SearchScope): number[] {
    return (this.#identifiers.get(key) ?? []).filter((r) => this.#inScope(r, scope))
  }

  #inScope(r: number, scope: SearchScope): boolean {
    const record = this.records[r]!
    return scope.forces.has(record.group.ownerOrgId) && (scope.kind === undefined || record.kind === scope.kind)
  }
}

const RANK: Record<WordMatch, number> = { exact: 0, prefix: 1, typo: 2 }

// Cheap tests first: this runs for every word of the vocabulary on every search.
function fuzzyMatch(query: string, word: string, typos: boolean): WordMatch | null {
  const diff = word.length - query.length
  if (diff > 0 && word.charCodeAt(0) === query.charCodeAt(0) && word.startsWith(query)) return 'prefix'
  if (typos && diff <= 1 && diff >= -1 && word.length >= MIN_TYPO_LENGTH && word !== query && withinOneEdit(query, word)) return 'typo'
  return null
}

/** Whether `a` becomes `b` by one insertion, deletion, substitution or swap of neighbours (optimal string alignment). */
export function withinOneEdit(a: string, b: string): boolean {
  const diff = a.length - b.length
  if (diff > 1 || diff < -1) return false
  let i = 0
  while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++
  if (diff === 0) {
    if (i === a.length) return false
    if (sameTail(a, i + 1, b, i + 1)) return true
    return i + 1 < a.length && a[i] === b[i + 1] && a[i + 1] === b[i] && sameTail(a, i + 2, b, i + 2)
  }
  return diff > 0 ? sameTail(a, i + 1, b, i) : sameTail(a, i, b, i + 1)
}

// Compared in place: this runs for much of the vocabulary on every search, and slices would allocate.
function sameTail(a: string, from: number, b: string, bFrom: number): boolean {
  for (let i = from, j = bFrom; i < a.length; i++, j++) if (a.charCodeAt(i) !== b.charCodeAt(j)) return false
  return true
}

/** What the index is built from: a register snapshot's groups (compiled) and its parts' entities. */
type IndexedVersion = Pick<RegisterSnapshot, 'version' | 'compiled' | 'parts'>

/** The index of one compiled register, built in slices so that a large register never holds up other requests. */
async function buildRegisterSearchIndex(register: IndexedVersion): Promise<RegisterSearchIndex> {
  const groups = register.compiled.groups
  const records: SearchRecord[] = []
  const postings = new Map<string, number[]>()
  const identifiers = new Map<string, number[]>()
  const add = (record: Omit<SearchRecord, 'folded' | 'wordCount'>): number | null => {
    const words = searchWords(record.value)
    if (words.length === 0 && record.identifier === null) return null
    const distinct = new Set(words)
    const r = records.push({ ...record, folded: words.join(' '), wordCount: distinct.size }) - 1
    for (const word of distinct) push(postings, word, r)
    if (record.identifier !== null) push(identifiers, record.identifier, r)
    return r
  }
  let n = 0
  let sliceStart = performance.now()
  for (const group of groups.values()) {
    const base = { kind: 'group', id: group.id, group, display: group.name, nameKind: 'company', identifier: null } as const
    add({ ...base, key: `${group.id}:name`, field: 'name', value: group.name })
    for (const [i, alias] of group.aliases.entries()) add({ ...base, key: `${group.id}:alias:${i}`, field: 'alias', value: alias })
    if (++n % ENTITIES_PER_CLOCK_CHECK === 0 && performance.now() - sliceStart > SLICE_MS) {
      await setImmediate()
      sliceStart = performance.now()
    }
  }
  for (const entity of entitiesOfParts(register.parts)) {
    const group = groups.get(entity.groupId)
    if (group !== undefined) {
      const base = { kind: entity.type, id: entity.id, group } as const
      switch (entity.type) {
        case 'company':
        case 'person': {
          const named = { ...base, display: entity.name, nameKind: entity.type === 'person' ? 'person' : 'company' } as const
          add({ ...named, key: `${entity.id}:name`, field: 'name', value: entity.name, identifier: null })
          for (const [i, alias] of (entity.aliases ?? []).entries()) {
            add({ ...named, key: `${entity.id}:alias:${i}`, field: 'alias', value: alias, identifier: null })
          }
          if (entity.type === 'company' && entity.companyNumber) {
            const number = canonicalCompanyNumber(entity.companyNumber)
            const identifier = number === null ? null : `cn:${number}`
            add({ ...named, nameKind: null, key: `${entity.id}:cn`, field: 'companyNumber', value: entity.companyNumber, identifier })
          }
          for (const [i, address] of (entity.addresses ?? []).entries()) {
            add({ ...named, nameKind: null, key: `${entity.id}:address:${i}`, field: 'address', value: addressText(address), identifier: postcodeKey(address) })
          }
          break
        }
        case 'address': {
          const value = addressText(entity.address)
          add({ ...base, display: value, nameKind: null, key: `${entity.id}:address`, field: 'address', value, identifier: postcodeKey(entity.address) })
          break
        }
        case 'phone':
        case 'email':
        case 'website': {
          const identifier = identifierOf(entity.type, entity.value)
          const r = add({ ...base, display: entity.value, nameKind: null, key: `${entity.id}:value`, field: 'value', value: entity.value, identifier })
          // An e-mail address is also found by its domain, as a website is.
          const domain = entity.type === 'email' ? canonicalDomain(entity.value) : null
          if (r !== null && domain !== null) push(identifiers, `maildomain:${domain}`, r)
          break
        }
      }
    }
    if (++n % ENTITIES_PER_CLOCK_CHECK === 0 && performance.now() - sliceStart > SLICE_MS) {
      await setImmediate()
      sliceStart = performance.now()
    }
  }
  return new RegisterSearchIndex(register.version, records, postings, identifiers)
}

function push(map: Map<string, number[]>, key: string, r: number): void {
  const list = map.get(key)
  if (list) list.push(r)
  else map.set(key, [r])
}

/** An address as one line, as an officer would read it. */
function addressText(address: Address): string {
  return [...(address.lines ?? []), address.town, address.postcode].filter((part) => part !== undefined && part.trim() !== '').join(', ')
}

function postcodeKey(address: Address): string | null {
  const postcode = address.postcode ? canonicalPostcode(address.postcode) : null
  return postcode === null ? null : `pc:${postcode}`
}

function identifierOf(type: 'phone' | 'email' | 'website', value: string): string | null {
  const canonical = type === 'phone' ? phoneToE164(value) : type === 'email' ? canonicalEmail(value) : canonicalDomain(value)
  if (canonical === null) return null
  return `${type === 'phone' ? 'tel' : type === 'email' ? 'email' : 'web'}:${canonical}`
}

/**
 * The index of the current register version, built on the first search of that version and
 * shared by every search after it (and by those that arrive while it builds). Only the newest
 * version's index is held: a register swap lets the old one go with the old snapshot.
 */
export class RegisterSearchIndexCache {
  #current: { version: number; index: Promise<RegisterSearchIndex> } | undefined

  indexOf(register: IndexedVersion): Promise<RegisterSearchIndex> {
    const current = this.#current
    if (current !== undefined && current.version === register.version) return current.index
    // A search still holding an older snapshot builds its own index rather than replace the newer one.
    if (current !== undefined && current.version > register.version) return buildRegisterSearchIndex(register)
    const index = buildRegisterSearchIndex(register)
    this.#current = { version: register.version, index }
    // A failed build is not kept: the next search tries again.
    index.catch(() => {
      if (this.#current?.index === index) this.#current = undefined
    })
    return index
  }
}
