/**
 * Candidate generation for names without scanning the register (docs/design.md §4.2). Token postings
 * over the register's names, reached from a query word through:
 *  - the word itself;
 *  - words one edit away, through a symmetric-deletion dictionary (W. Garbe, SymSpell, 2012):
 *    every vocabulary word is indexed under itself and each single-character deletion, so a
 *    query word finds words within one insertion, deletion, substitution or transposition by
 *    looking up itself and its own deletions;
 *  - Double Metaphone keys and nickname canonicals (person names only);
 *  - the whole name run together ("vladimirputin"), for names written without spaces.
 * Records are ranked by the summed IDF of the query words they contain; only the best few are
 * scored in full. Records of owners outside the caller's scope are skipped as they are found,
 * so they are never scored.
 *
 * Longer than most files on purpose: building the postings and walking them share one record
 * layout and one ranking, and split apart each half would make no sense alone.
 */
import type { NameToken } from '../normalise/name-token.js'

export interface IndexedName {
  /** Index of the owning entity in the compiled register. */
  readonly entity: number
  readonly tokens: readonly NameToken[]
  readonly compact: string
}

export interface NameIndexOptions {
  /** Words shorter than this are only looked up exactly. */
  readonly minFuzzyLength: number
  /** Use phonetic keys and nicknames (person names). */
  readonly personal: boolean
}

export interface CandidateQuery {
  readonly tokens: readonly NameToken[]
  readonly compact: string
  /** Owner index of each entity, and which owners the caller may see. */
  readonly entityOwner: Int32Array
  readonly allowedOwners: Uint8Array
  readonly limit: number
  /** Share of the query's summed word weight a record must reach to be scored at all. */
  readonly minCoverage: number
  /** Posting lists longer than this are only used to rank records found through rarer words. */
  readonly maxPostings: number
  /** Ranking weight of a particle, share of its IDF an initial adds, and the share of the best rank kept (tuning.ts). */
  readonly particleWeight: number
  readonly initialFactor: number
  readonly shareOfBest: number
}

const NO_RECORDS: readonly number[] = []

// Records (or words) indexed between two yields of `NameIndex.build`: well under a millisecond.
const STEP_RECORDS = 256

/**
 * Query words remembered with their expansion. Bounded, in words and in records held, so that a
 * stream of unseen words cannot grow it without limit: 64 MB at most, against a register index of
 * a few hundred MB (1.2 GB at a million entities). It is emptied whole when full, so it must hold
 * the words a stream of suppliers keeps using: at a million entities a common word's expansion is
 * thousands of records, and a 16 MB bound was emptied every few hundred suppliers, leaving most
 * names to be expanded afresh (`ENTITIES=1000000 npm run bench -- matching`: p99 16.9 ms against
 * 2.4 ms with this bound).
 */
const EXPANSION_MEMO_WORDS = 50_000
const EXPANSION_MEMO_RECORDS = 16_000_000
/**
 * Only a word whose expansion reaches this many records is remembered: expanding a rare word
 * (a few lookups, a short copy) costs less than keeping it, and suppliers bring an endless stream
 * of rare words (numbers, unusual surnames) that would otherwise fill the memo with entries used
 * once (`npm run bench -- soak`: the memo of each compiled register grew by tens of MB).
 */
const EXPANSION_MEMO_MIN_RECORDS = 64

/** A query word's expansion: how many records its vocabulary words reach, and which. */
interface Expansion {
  /** Summed posting lengths of the expansion's vocabulary words. */
  readonly size: number
  /**
   * The records of those postings, each once, in the order the postings list them: a record
   * counts a query word once however many of its expansions it contains, and walking one list
   * spares a per-record stamp on every posting.
   */
  readonly records: Int32Array
  /**
   * The same records as a bit set, made the first time the word is too common to walk (see
   * `candidates`): testing each record already found is then one bit, not a walk of thousands.
   */
  members: Uint32Array | null
  /** Posting length of the word itself; 0 when it is not in the vocabulary. */
  readonly df: number
  /** What the expansion was made from besides the text: a memo hit must agree on it. */
  readonly exactOnly: boolean
  readonly phonetic: readonly string[]
  readonly canonicals: readonly string[]
}

/**
 * Key → ids, where most keys have one id: the id is then stored as a number, not as a list of one
 * (a list of one costs about 56 bytes, and a large register has millions of deletion keys).
 */
type IdsByKey = Map<string, number | number[]>

function pushTo(map: IdsByKey, key: string, value: number): void {
  const ids = map.get(key)
  if (ids === undefined) map.set(key, value)
  else if (typeof ids === 'number') {
    if (ids !== value) map.set(key, [ids, value])
  } else if (ids[ids.length - 1] !== value) ids.push(value)
}

/**
 * A phonetic key under the part's first letter, as the scorer requires (score/part-similarity.ts),
 * except that parts starting with any vowel share one prefix: the scorer lets them agree on a long
 * key (Oleksandr/Aleksandr, Usman/Osman), so the index must find them for each other.
 */
function phoneticKey(text: string, key: string): string {
  return `${/^[aeiou]/.test(text) ? 'a' : text[0]}:${key}`
}

function idsOf(map: IdsByKey, key: string): readonly number[] {
  const ids = map.get(key)
  return ids === undefined ? NO_RECORDS : typeof ids === 'number' ? [ids] : ids
}

function deletions(word: string): string[] {
  const out: string[] = []
  for (let k = 0; k < word.length; k++) out.push(word.slice(0, k) + word.slice(k + 1))
  return out
}

/** Whether two short lists of keys are equal. */
function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true
  if (a.length !== b.length) return false
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false
  return true
}

/**
 * The `limit` records of `touched` scoring at least `floor`, best first, equal scores in the
 * order found (as a stable sort would give). Insertion into a buffer of `limit`: a query finds
 * hundreds of records, of which a dozen are kept.
 */
function topRecords(touched: Int32Array, count: number, score: Float64Array, floor: number, limit: number): number[] {
  const kept: number[] = []
  if (limit <= 0) return kept
  for (let i = 0; i < count; i++) {
    const r = touched[i] as number
    const s = score[r] as number
    if (s < floor) continue
    if (kept.length === limit && s <= (score[kept[limit - 1] as number] as number)) continue
    let k = kept.length === limit ? limit - 1 : kept.length
    while (k > 0 && (score[kept[k - 1] as number] as number) < s) {
      kept[k] = kept[k - 1] as number
      k--
    }
    kept[k] = r
  }
  return kept
}

export class NameIndex {
  readonly records: readonly IndexedName[]
  private readonly vocabulary = new Map<string, number>()
  private readonly postings: Int32Array[] = []
  private readonly deletionKeys: IdsByKey = new Map()
  private readonly phoneticKeys: IdsByKey = new Map()
  private readonly canonicalKeys: IdsByKey = new Map()
  private readonly compactKeys: IdsByKey = new Map()
  private readonly options: NameIndexOptions
  private readonly expansions = new Map<string, Expansion>()
  // Scratch space reused across queries: one slot per record, reset by a generation stamp.
  private readonly scratchScore: Float64Array
  private readonly scratchStamp: Int32Array
  private readonly scratchTokenStamp: Int32Array
  private generation = 0
  private tokenGeneration = 0
  private memoRecords = 0
  private touched: Int32Array
  private readonly queryExpansions: Expansion[] = []
  private readonly queryWeights: number[] = []
  /** Owner index per record, filled from the register's entity owners on first use. */
  private recordOwner: Int32Array | null = null

  // Empty until `build` fills it: an index is only ever made through `build`.
  private constructor(records: readonly IndexedName[], options: NameIndexOptions) {
    this.records = records
    this.options = options
    this.scratchScore = new Float64Array(records.length)
    this.scratchStamp = new Int32Array(records.length)
    this.scratchTokenStamp = new Int32Array(records.length)
    this.touched = new Int32Array(records.length)
  }

  /**
   * Indexes `records`, yielding every few hundred of them so that a caller can spread the work
   * of a large register between other work (src/register/register-compiler.ts).
   */
  static *build(records: readonly IndexedName[], options: NameIndexOptions): Generator<void, NameIndex> {
    const index = new NameIndex(records, options)
    yield* index.fill()
    return index
  }

  private *fill(): Generator<void, void> {
    const records = this.records
    const lists: number[][] = []
    for (let r = 0; r < records.length; r++) {
      const record = records[r] as IndexedName
      for (const token of record.tokens) {
        let id = this.vocabulary.get(token.text)
        if (id === undefined) {
          id = lists.length
          this.vocabulary.set(token.text, id)
          lists.push([])
          this.indexWord(token, id)
        }
        const list = lists[id] as number[]
        if (list[list.length - 1] !== r) list.push(r)
      }
      if (record.tokens.length > 1 && record.compact.length >= this.options.minFuzzyLength) pushTo(this.compactKeys, record.compact, r)
      if (r % STEP_RECORDS === STEP_RECORDS - 1) yield
    }
    for (let id = 0; id < lists.length; id++) {
      this.postings.push(Int32Array.from(lists[id] as number[]))
      if (id % STEP_RECORDS === STEP_RECORDS - 1) yield
    }
  }

  private indexWord(token: NameToken, id: number): void {
    if (token.text.length >= this.options.minFuzzyLength && !token.syllabic) {
      for (const deleted of deletions(token.text)) pushTo(this.deletionKeys, deleted, id)
    }
    if (this.options.personal) {
      for (const key of token.phonetic) pushTo(this.phoneticKeys, phoneticKey(token.text, key), id)
      for (const canonical of token.canonicals) pushTo(this.canonicalKeys, canonical, id)
    }
  }

  /** Number of register names containing the word (its document frequency). */
  documentFrequency(word: string): number {
    const id = this.vocabulary.get(word)
    return id === undefined ? 0 : (this.postings[id] as Int32Array).length
  }

  /** Vocabulary words the query word may stand for, remembered per word: names repeat across suppliers. */
  private expansionOf(token: NameToken): Expansion {
    // Syllabic tokens are rare and look up only themselves; they skip the memo rather than widen its key.
    if (token.syllabic) return this.expand(token)
    const known = this.expansions.get(token.text)
    if (
      known !== undefined &&
      known.exactOnly === (token.numeric || token.initial) &&
      sameStrings(known.phonetic, token.phonetic) &&
      sameStrings(known.canonicals, token.canonicals)
    ) {
      return known
    }
    const expansion = this.expand(token)
    if (expansion.size < EXPANSION_MEMO_MIN_RECORDS) return expansion
    if (this.expansions.size >= EXPANSION_MEMO_WORDS || this.memoRecords + expansion.records.length > EXPANSION_MEMO_RECORDS) {
      this.expansions.clear()
      this.memoRecords = 0
    }
    this.expansions.set(token.text, expansion)
    this.memoRecords += expansion.records.length
    return expansion
  }

  private expand(token: NameToken): Expansion {
    const ids = new Set<number>()
    const exact = this.vocabulary.get(token.text)
    if (exact !== undefined) ids.add(exact)
    const exactOnly = token.syllabic || token.numeric || token.initial
    if (!exactOnly) {
      if (token.text.length >= this.options.minFuzzyLength) {
        for (const id of idsOf(this.deletionKeys, token.text)) ids.add(id)
        for (const deleted of deletions(token.text)) {
          const id = this.vocabulary.get(deleted)
          if (id !== undefined) ids.add(id)
          for (const other of idsOf(this.deletionKeys, deleted)) ids.add(other)
        }
      }
      if (this.options.personal) {
        for (const key of token.phonetic) for (const id of idsOf(this.phoneticKeys, phoneticKey(token.text, key))) ids.add(id)
        for (const canonical of token.canonicals) for (const id of idsOf(this.canonicalKeys, canonical)) ids.add(id)
      }
    }
    const list = Int32Array.from(ids)
    let size = 0
    for (let k = 0; k < list.length; k++) size += (this.postings[list[k] as number] as Int32Array).length
    const records = new Int32Array(size)
    let count = 0
    const seen = this.scratchTokenStamp
    const mark = ++this.tokenGeneration
    for (let k = 0; k < list.length; k++) {
      const postings = this.postings[list[k] as number] as Int32Array
      for (let i = 0; i < postings.length; i++) {
        const r = postings[i] as number
        if (seen[r] === mark) continue
        seen[r] = mark
        records[count++] = r
      }
    }
    const df = exact === undefined ? 0 : (this.postings[exact] as Int32Array).length
    return {
      size,
      records: count === size ? records : records.slice(0, count),
      members: null,
      df,
      exactOnly,
      phonetic: token.phonetic,
      canonicals: token.canonicals,
    }
  }

  /** The records of a common word as a bit set, made once per remembered word. */
  private membersOf(expansion: Expansion): Uint32Array {
    if (expansion.members !== null) return expansion.members
    const members = new Uint32Array((this.records.length + 31) >>> 5)
    const records = expansion.records
    for (let i = 0; i < records.length; i++) {
      const r = records[i] as number
      members[r >>> 5] = (members[r >>> 5] as number) | (1 << (r & 31))
    }
    expansion.members = members
    // Counted against the memo's bound like the record lists it holds.
    this.memoRecords += members.length
    return members
  }

  /**
   * The query run together, and for a person of three parts or more also with its last part moved
   * first and its first part moved last: "Min-jun Kim" is "kimminjun" as a register writes 김민준,
   * whose given name is one word, so no single query word ("min", "jun") finds it and "kim" is too
   * common to.
   */
  private compactForms(query: Pick<CandidateQuery, 'tokens' | 'compact'>): string[] {
    const n = query.tokens.length
    if (!this.options.personal || n < 3) return [query.compact]
    const first = (query.tokens[0] as NameToken).text
    const last = (query.tokens[n - 1] as NameToken).text
    return [query.compact, last + query.compact.slice(0, query.compact.length - last.length), query.compact.slice(first.length) + first]
  }

  /** Indexes of the records most worth scoring against the query, best first. */
  candidates(query: CandidateQuery): number[] {
    const total = this.records.length
    const count = query.tokens.length
    if (total === 0 || count === 0) return []
    let recordOwner = this.recordOwner
    if (recordOwner === null) {
      recordOwner = Int32Array.from(this.records, (record) => query.entityOwner[record.entity] as number)
      this.recordOwner = recordOwner
    }
    const allowed = query.allowedOwners
    this.generation++
    const gen = this.generation
    const touched = this.touched
    let touchedCount = 0
    const score = this.scratchScore
    const stamp = this.scratchStamp
    for (const key of this.compactForms(query)) {
      for (const r of idsOf(this.compactKeys, key)) {
        if (allowed[recordOwner[r] as number] !== 1 || stamp[r] === gen) continue
        stamp[r] = gen
        // Found by the whole name run together: ranked above any sum of word weights (not a score).
        score[r] = 1000
        touched[touchedCount++] = r
      }
    }

    // Each query word's expansion and weight, in reused scratch: this runs for every name screened.
    const expansions = this.queryExpansions
    const weights = this.queryWeights
    let queryWeight = 0
    let rarest = -1
    for (let k = 0; k < count; k++) {
      const token = query.tokens[k] as NameToken
      const expansion = this.expansionOf(token)
      const df = Math.max(1, expansion.df || expansion.size)
      const weight = token.particle ? query.particleWeight : Math.log(1 + total / df) * (token.initial ? query.initialFactor : 1)
      expansions[k] = expansion
      weights[k] = weight
      // A word no register name holds, nor anything one edit from it, cannot be covered by any
      // record: counting it would keep out every record when the word is an abbreviation the
      // tables lack ("Mgt", "Contrs"). The scorer still weighs it as a word on one side only.
      if (expansion.size > 0) queryWeight += weight
      if (expansion.size > 0 && (rarest === -1 || expansion.size < (expansions[rarest] as Expansion).size)) rarest = k
    }
    // Words whose postings are too long are deferred: they only add to records found through rarer words.
    const maxPostings = query.maxPostings
    for (let k = 0; k < count; k++) {
      const expansion = expansions[k] as Expansion
      if (expansion.size === 0 || (expansion.size > maxPostings && k !== rarest)) continue
      const weight = weights[k] as number
      const records = expansion.records
      for (let i = 0; i < records.length; i++) {
        const r = records[i] as number
        const st = stamp[r] as number
        if (st === gen) {
          score[r] = (score[r] as number) + weight
        } else if (st !== -gen) {
          if (allowed[recordOwner[r] as number] === 1) {
            stamp[r] = gen
            score[r] = weight
            touched[touchedCount++] = r
          } else {
            stamp[r] = -gen
          }
        }
      }
    }
    // Common words: each record already found is looked up in the word's bit set, a few hundred
    // tests instead of a walk over thousands of records.
    for (let k = 0; k < count; k++) {
      const expansion = expansions[k] as Expansion
      if (expansion.size <= maxPostings || k === rarest) continue
      const members = this.membersOf(expansion)
      const weight = weights[k] as number
      for (let i = 0; i < touchedCount; i++) {
        const r = touched[i] as number
        if (((members[r >>> 5] as number) & (1 << (r & 31))) !== 0) score[r] = (score[r] as number) + weight
      }
    }
    expansions.length = 0
    // Keep the best `limit` without sorting thousands: only records near the best score.
    let best = 0
    for (let i = 0; i < touchedCount; i++) if ((score[touched[i] as number] as number) > best) best = score[touched[i] as number] as number
    const floor = Math.max(query.minCoverage * queryWeight, touchedCount <= query.limit ? 0 : best * query.shareOfBest)
    return topRecords(touched, touchedCount, score, floor, query.limit)
  }
}
