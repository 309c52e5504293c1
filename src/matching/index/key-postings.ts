/**
 * Key → the records that hold it (entity, address or name record indexes): the compiled
 * register's exact-key maps (company numbers, phones, e-mails, postcodes, UPRNs, dates of birth).
 * Most keys are held by one record, and a one-element array per key cost about 50 bytes more
 * than the number alone: a key held once keeps its record as a bare number.
 */
export class KeyPostings {
  readonly #held = new Map<string, number | number[]>()

  /** Adds a record under the key; the same record added again in a row is kept once. */
  add(key: string, record: number): void {
    const held = this.#held.get(key)
    if (held === undefined) this.#held.set(key, record)
    else if (typeof held === 'number') {
      if (held !== record) this.#held.set(key, [held, record])
    } else if (held[held.length - 1] !== record) held.push(record)
  }

  /** The records under the key, in the order added. */
  get(key: string): readonly number[] | undefined {
    const held = this.#held.get(key)
    return typeof held === 'number' ? [held] : held
  }

  /** Every key with its record (held once) or records (held by several). */
  entries(): IterableIterator<[string, number | readonly number[]]> {
    return this.#held.entries()
  }
}
