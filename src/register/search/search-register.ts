import type { Kysely } from 'kysely'
import { z } from 'zod'
import { recordAuditEvent, type Actor } from '../../audit/audit-log.js'
import type { Database } from '../../db/database.js'
import { compareNames, defaultMatchingOptions, MatchingInputError, type EntityKind, type RiskLevel } from '../../matching/index.js'
import { decodeCursor, toPage, type Page } from '../../pagination.js'
import type { SharingCache } from '../../tenancy/sharing-cache.js'
import type { RegisterCache, RegisterSnapshot } from '../register-cache.js'
import {
  identifierKeysOf,
  MAX_QUERY_WORDS,
  RegisterSearchIndexCache,
  searchWords,
  type Candidate,
  type RegisterSearchIndex,
  type SearchField,
  type SearchRecord,
  type SearchScope,
  type WordMatch,
} from './register-search-index.js'

export interface RegisterSearchQuery {
  q: string
  kind?: EntityKind | undefined
  /** A police organisation's id: only its groups (and only if it shares with the caller). */
  force?: string | undefined
  limit: number
  cursor?: string | undefined
}

/** One search result: what was found and why, with the group's reference and handling, never its notes. */
export interface RegisterSearchResultView {
  kind: EntityKind
  /** The entity's id, or the group's. */
  id: string
  /** The group's or entity's name, or the entity's value. */
  name: string
  matched: { field: SearchField; value: string }
  group: { ref: string; force: string; riskLevel: RiskLevel; handling: string }
  score: number
  reasons: string[]
}

export interface RegisterSearchDeps {
  db: Kysely<Database>
  register: RegisterCache
  sharing: SharingCache
}

// Ranking (the scores are a search's, not a screening's: they order results, they weigh no risk).
// A query word's worth by how it was found in a register word.
const WORD_QUALITY: Record<WordMatch, number> = { exact: 1, prefix: 0.9, typo: 0.8 }
// A record holding every query word scores its words' mean quality, scaled from this share (it
// holds many other words too) up to 1 (it holds nothing else); below an exact match of the whole.
const LEAST_COVERAGE_FACTOR = 0.7
const BEST_WORDS_SCORE = 0.99
// `compareNames` at or above this counts on its own, even where a query word was not found
// (a nickname, an initial): the matcher's own threshold of a match, one tuning for both.
const NAME_SIMILAR = defaultMatchingOptions.minMatchScore
// Candidates scored by `compareNames` per search: about 50 µs each, so at most some 15 ms.
const MAX_NAME_SCORED = 300
// Exact identifiers: a postcode or an e-mail domain is shared by many, and ranks below a phone number.
const IDENTIFIER_SCORE: Record<string, number> = { tel: 1, email: 1, web: 1, cn: 1, pc: 0.9, maildomain: 0.9 }
/** A search shows the best this many results at most, over all its pages. */
const MAX_SEARCH_RESULTS = 1000

// Results are ordered by score, best first, and by record key: the cursor holds both of the last one.
const searchCursor = z.tuple([z.number().min(0).max(1), z.string().regex(/^[\x21-\x7e]{1,200}$/)])

/** A record that matched, with what made it match: its reasons are written only for the page shown. */
interface Ranked {
  record: SearchRecord
  score: number
  /** Its folded value is the query's. */
  exact: boolean
  /** Every query word was found in it, so. */
  words: Candidate | null
  /** `compareNames` of the query and its name, when at least NAME_SIMILAR. */
  similarity: number | null
  /** Reasons of identifier matches, written as found (there are few). */
  identifiers: string[]
}

/** The register search use cases, sharing one index of the current register version per process. */
export function registerSearchUseCases(deps: RegisterSearchDeps) {
  const indexes = new RegisterSearchIndexCache()
  return { search: (actor: Actor, query: RegisterSearchQuery) => searchRegister(deps, indexes, actor, query) }
}

export type RegisterSearchUseCases = ReturnType<typeof registerSearchUseCases>

/**
 * Names, aliases and values of the groups and entities of the forces that share with the
 * caller's authority now, best match first, a page at a time. Every search is audited with its
 * query text: an officer's query is a consultation of police intelligence, usually by a person's
 * name, and DPA 2018 s.62 asks that a consultation be logged so that its justification can be
 * established later ("who looked up this name, and why?"). The audit trail is that log,
 * access-controlled, hash-chained and purged by retention; the request log never sees the query
 * (it keeps the route, not the URL).
 */
async function searchRegister(
  deps: RegisterSearchDeps,
  indexes: RegisterSearchIndexCache,
  actor: Actor,
  query: RegisterSearchQuery,
): Promise<Page<RegisterSearchResultView>> {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, searchCursor)
  const snapshot = deps.register.snapshot ?? (await deps.register.refresh())
  const shared = await deps.sharing.forcesFor(actor.orgId)
  const forces = query.force === undefined ? shared : new Set(shared.has(query.force) ? [query.force] : [])
  const queryWords = [...new Set(searchWords(query.q))].slice(0, MAX_QUERY_WORDS)
  // Nothing to search, nothing to build: an authority without agreements never costs an index.
  const ranked = forces.size === 0 ? [] : rankRecords(await indexes.indexOf(snapshot), query.q, { forces, kind: query.kind })
  const rest = after === undefined ? ranked : ranked.filter((r) => r.score < after[0] || (r.score === after[0] && r.record.key > after[1]))
  const page = toPage(
    rest.slice(0, query.limit + 1),
    query.limit,
    (r) => [r.score, r.record.key],
    (r) => resultView(snapshot, r, queryWords),
  )
  await recordAuditEvent(deps.db, {
    ...actor,
    action: 'register.search',
    targetType: 'register',
    details: {
      q: query.q,
      kind: query.kind,
      force: query.force,
      limit: query.limit,
      continued: query.cursor !== undefined,
      count: page.items.length,
      registerVersion: snapshot.version,
    },
  })
  return page
}

/** The records in scope that match the query, best first, at most MAX_SEARCH_RESULTS. */
function rankRecords(index: RegisterSearchIndex, q: string, scope: SearchScope): Ranked[] {
  const ranked = new Map<number, Ranked>()
  const entry = (r: number): Ranked => {
    let held = ranked.get(r)
    if (held === undefined) ranked.set(r, (held = { record: index.records[r]!, score: 0, exact: false, words: null, similarity: null, identifiers: [] }))
    return held
  }

  for (const { key, label } of identifierKeysOf(q)) {
    const score = IDENTIFIER_SCORE[key.slice(0, key.indexOf(':'))] ?? 1
    for (const r of index.byIdentifier(key, scope)) {
      const held = entry(r)
      held.score = Math.max(held.score, score)
      held.identifiers.push(
        label === 'e-mail domain' ? `e-mail address '${held.record.value}' is at that domain` : `${label} matches '${held.record.value}' exactly`,
      )
    }
  }

  const allWords = searchWords(q)
  const folded = allWords.join(' ')
  const queryWords = [...new Set(allWords)].slice(0, MAX_QUERY_WORDS)
  if (queryWords.length > 0) {
    const candidates = index.candidates(queryWords, scope)
    for (const candidate of candidates) {
      const record = index.records[candidate.record]!
      if (record.folded === folded) {
        const held = entry(candidate.record)
        held.exact = true
        held.score = 1
      } else if (candidate.words.every((w) => w !== undefined)) {
        const held = entry(candidate.record)
        held.words = candidate
        held.score = Math.max(held.score, wordsScore(record, candidate))
      }
    }
    // A single word says too little to be weighed as a whole name: its words' look-up ranks it.
    if (queryWords.length > 1) {
      for (const candidate of bestNameCandidates(index, candidates, folded)) {
        const similarity = nameSimilarity(q, index.records[candidate.record]!)
        if (similarity >= NAME_SIMILAR) {
          const held = entry(candidate.record)
          held.similarity = similarity
          held.score = Math.max(held.score, similarity)
        }
      }
    }
  }

  const results = [...ranked.values()]
  for (const r of results) r.score = Math.round(r.score * 1000) / 1000
  return results.sort((a, b) => b.score - a.score || (a.record.key < b.record.key ? -1 : a.record.key > b.record.key ? 1 : 0)).slice(0, MAX_SEARCH_RESULTS)
}

/** Every query word found: their mean quality, more the less else the value holds. */
function wordsScore(record: SearchRecord, candidate: Candidate): number {
  const found = candidate.words.filter((w) => w !== undefined)
  const quality = found.reduce((sum, w) => sum + WORD_QUALITY[w.match], 0) / found.length
  const coverage = Math.min(1, new Set(found.map((w) => w.word)).size / record.wordCount)
  return Math.min(BEST_WORDS_SCORE, quality * (LEAST_COVERAGE_FACTOR + (1 - LEAST_COVERAGE_FACTOR) * coverage))
}

/** The name candidates most likely to be the name asked for: those holding most of the query's words, best found. */
function bestNameCandidates(index: RegisterSearchIndex, candidates: readonly Candidate[], folded: string): Candidate[] {
  const named = candidates.filter((c) => {
    const record = index.records[c.record]!
    return record.nameKind !== null && record.folded !== folded
  })
  if (named.length <= MAX_NAME_SCORED) return named
  const weight = (c: Candidate) => c.words.reduce((sum, w) => sum + (w === undefined ? 0 : WORD_QUALITY[w.match]), 0)
  return named
    .map((c) => ({ c, weight: weight(c) }))
    .sort((a, b) => b.weight - a.weight || a.c.record - b.c.record)
    .slice(0, MAX_NAME_SCORED)
    .map(({ c }) => c)
}

/** The matcher's similarity of the query and the record's name; 0 for a query it cannot read as a name. */
function nameSimilarity(q: string, record: SearchRecord): number {
  if (record.nameKind === null) return 0
  try {
    return compareNames(q, record.value, record.nameKind)
  } catch (error) {
    if (error instanceof MatchingInputError) return 0
    throw error
  }
}

/** Why a record ranked, in words an officer can check against the value shown. */
function reasonsOf(ranked: Ranked, queryWords: readonly string[]): string[] {
  const { record } = ranked
  const subject = `${fieldLabel(record)} '${record.value}'`
  const reasons = [...ranked.identifiers]
  if (ranked.exact) reasons.push(`${subject} matches exactly`)
  if (ranked.words !== null) {
    const hits = ranked.words.words
    const of = (match: WordMatch) => queryWords.flatMap((q, i) => (hits[i]?.match === match ? [{ q, word: hits[i].word }] : []))
    const exact = of('exact')
    if (exact.length > 0) reasons.push(`${subject} contains ${exact.map((m) => `'${m.q}'`).join(', ')}`)
    const prefix = of('prefix')
    if (prefix.length > 0) reasons.push(`${subject} has ${prefix.map((m) => `'${m.word}' beginning '${m.q}'`).join(', ')}`)
    const typo = of('typo')
    if (typo.length > 0) reasons.push(`${subject} is close (typo): ${typo.map((m) => `'${m.q}' for '${m.word}'`).join(', ')}`)
  }
  if (ranked.similarity !== null) {
    const as = record.kind === 'person' ? "a person's name" : record.kind === 'company' ? 'a company name' : 'a name'
    reasons.push(`${subject} is similar as ${as} (${ranked.similarity.toFixed(2)})`)
  }
  return reasons
}

function fieldLabel(record: SearchRecord): string {
  switch (record.field) {
    case 'companyNumber':
      return 'company number'
    case 'value':
      return record.kind === 'phone' ? 'phone number' : record.kind === 'email' ? 'e-mail address' : 'web address'
    default:
      return record.field
  }
}

function resultView(snapshot: RegisterSnapshot, ranked: Ranked, queryWords: readonly string[]): RegisterSearchResultView {
  const { record } = ranked
  const { group } = record
  return {
    kind: record.kind,
    id: record.id,
    name: record.display,
    matched: { field: record.field, value: record.value },
    group: { ref: group.ref, force: snapshot.forceNames.get(group.ownerOrgId) ?? group.ownerOrgId, riskLevel: group.riskLevel, handling: group.handling },
    score: ranked.score,
    reasons: reasonsOf(ranked, queryWords),
  }
}
