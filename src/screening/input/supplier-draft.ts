/**
 * A supplier drafted from other input (an OCDS party, Companies House records), before the one
 * supplier schema checks it: the fields as read, where each came from, and the problems that
 * reading found. Pure.
 */

/** A field's path inside a JSON value, as zod reports it: keys and array indexes. */
export type FieldPath = readonly PropertyKey[]

function keyOf(path: FieldPath): string {
  return JSON.stringify(path.map(String))
}

/**
 * Where each field of a mapped supplier came from in the caller's input, so that a problem
 * found by the supplier schema names the field the caller sent (`ocdsParty.address.postalCode`),
 * not one the caller never saw (`supplier.addresses[0].postcode`).
 *
 * A path is read by its longest recorded prefix. A path with no recorded prefix is either the
 * caller's own (a `supplier` given as such: `passThrough`) or, for a supplier built from other
 * input, the input as a whole (`root`).
 */
export class FieldOrigins {
  readonly #sources = new Map<string, FieldPath>()
  readonly #root: FieldPath
  readonly #passThrough: boolean

  constructor(root: FieldPath, options: { passThrough: boolean }) {
    this.#root = root
    this.#passThrough = options.passThrough
  }

  /** Records that the supplier's field at `target` was read from the input's field at `source`. */
  record(target: FieldPath, source: FieldPath): void {
    this.#sources.set(keyOf(target), source)
  }

  /** The input field that the supplier's field at `path` came from. */
  sourceOf(path: FieldPath): FieldPath {
    for (let length = path.length; length > 0; length--) {
      const source = this.#sources.get(keyOf(path.slice(0, length)))
      if (source !== undefined) return source
    }
    return this.#passThrough ? [...this.#root, ...path] : this.#root
  }
}

/** A connected person as read from other input, not yet checked, with where each field came from. */
export interface SourcedPerson {
  person: { name: string; dateOfBirth?: string; role?: string; nationality?: string }
  from: { person: FieldPath; name: FieldPath; dateOfBirth?: FieldPath; role?: FieldPath; nationality?: FieldPath }
}

/** The input's own problem, found while reading it rather than by the supplier schema. */
export interface DraftProblem {
  path: FieldPath
  message: string
}

export interface SupplierDraft {
  /** The supplier request's shape, unchecked: the supplier schema has the last word. */
  supplier: Record<string, unknown>
  origins: FieldOrigins
  problems: DraftProblem[]
}

const PERSON_FIELDS = ['name', 'dateOfBirth', 'role', 'nationality'] as const

/** Appends people to the draft's `people`, recording where each of their fields came from. */
export function appendPeople(draft: SupplierDraft, people: readonly SourcedPerson[], listSource: FieldPath): void {
  if (people.length === 0) return
  const given = draft.supplier.people
  // A `people` that is not a list is the caller's error, which the supplier schema reports as such.
  if (given !== undefined && !Array.isArray(given)) return
  const own: readonly unknown[] = given ?? []
  const start = own.length
  draft.supplier.people = [...own, ...people.map((p) => p.person)]
  // Too many people in all: name the input that brought the extra ones.
  draft.origins.record(['people'], listSource)
  people.forEach(({ from }, i) => {
    draft.origins.record(['people', start + i], from.person)
    for (const field of PERSON_FIELDS) {
      const source = from[field]
      if (source !== undefined) draft.origins.record(['people', start + i, field], source)
    }
  })
}

const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'sir', 'dame', 'lord', 'lady', 'prof'])

/** A name's words, folded and sorted, titles aside: "SMITH, John" and "Mr John Smith" agree. */
function personKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '' && !TITLES.has(word))
    .sort()
    .join(' ')
}

/** The more precise of two dates of birth when one extends the other ("1981-03" and "1981-03-14"), else null. */
function agreeingDate(a: string | undefined, b: string | undefined): { date: string | undefined; second: boolean } | null {
  if (a === undefined || b === undefined || a === b) return { date: a ?? b, second: a === undefined && b !== undefined }
  if (b.startsWith(a)) return { date: b, second: true }
  if (a.startsWith(b)) return { date: a, second: false }
  return null
}

/**
 * One entry per person: Companies House lists a director who is also a person with significant
 * control twice, and an OCDS beneficial owner is often a PSC too. Screening them once keeps one
 * person from counting as two pieces of evidence, and the officer reads one person with both
 * roles. People are the same when their names have the same words and their dates of birth agree.
 */
export function mergeSamePeople(people: readonly SourcedPerson[]): SourcedPerson[] {
  const merged: SourcedPerson[] = []
  const keys: string[] = []
  for (const next of people) {
    const key = personKey(next.person.name)
    const same = merged.find((p, i) => keys[i] === key && agreeingDate(p.person.dateOfBirth, next.person.dateOfBirth) !== null)
    if (same === undefined) {
      merged.push({ person: { ...next.person }, from: { ...next.from } })
      keys.push(key)
      continue
    }
    const date = agreeingDate(same.person.dateOfBirth, next.person.dateOfBirth)!
    if (date.date !== undefined) same.person.dateOfBirth = date.date
    if (date.second && next.from.dateOfBirth !== undefined) same.from.dateOfBirth = next.from.dateOfBirth
    const roles = [same.person.role, next.person.role].filter((r): r is string => r !== undefined)
    if (roles.length > 0) same.person.role = [...new Set(roles)].join('; ')
    if (same.person.nationality === undefined && next.person.nationality !== undefined) {
      same.person.nationality = next.person.nationality
      if (next.from.nationality !== undefined) same.from.nationality = next.from.nationality
    }
  }
  return merged
}
