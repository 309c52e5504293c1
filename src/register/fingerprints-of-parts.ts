/**
 * Entity id → fingerprint across a register's parts, read from the parts' own maps rather than
 * copied into one: at a million entities a merged copy held a second map of a million entries
 * (about 35 MB) and took the compile's thread a few hundred milliseconds to build. A register has
 * a handful of watchlists, so a lookup tries a handful of maps; an entity id belongs to one part.
 */
export class FingerprintsOfParts implements ReadonlyMap<string, string> {
  readonly #maps: readonly ReadonlyMap<string, string>[]

  constructor(maps: Iterable<ReadonlyMap<string, string>>) {
    this.#maps = [...maps]
  }

  get size(): number {
    let size = 0
    for (const map of this.#maps) size += map.size
    return size
  }

  get(id: string): string | undefined {
    for (const map of this.#maps) {
      const fingerprint = map.get(id)
      if (fingerprint !== undefined) return fingerprint
    }
    return undefined
  }

  has(id: string): boolean {
    return this.get(id) !== undefined
  }

  *entries(): MapIterator<[string, string]> {
    for (const map of this.#maps) yield* map.entries()
  }

  *keys(): MapIterator<string> {
    for (const map of this.#maps) yield* map.keys()
  }

  *values(): MapIterator<string> {
    for (const map of this.#maps) yield* map.values()
  }

  [Symbol.iterator](): MapIterator<[string, string]> {
    return this.entries()
  }

  forEach(callback: (value: string, key: string, map: ReadonlyMap<string, string>) => void): void {
    for (const [key, value] of this.entries()) callback(value, key, this)
  }
}
