/**
 * A watchlist part's entities as a service holds them between compiles: each one as its JSON
 * text, beside its id. The part is kept so that another watchlist's upload can recompile the
 * register without reading this one back, and so that the register search can index it; neither
 * needs the entities as objects until then. As objects (an entity, its aliases, its addresses and
 * their lines) a million of them took about 550 MB of heap; as text about half. The id is kept
 * apart as the one string the fingerprints' keys and the compiled register share.
 */
import type { RegisterEntity } from '../matching/index.js'

export class PackedEntities implements Iterable<RegisterEntity> {
  readonly #ids: string[] = []
  readonly #rows: string[] = []

  get length(): number {
    return this.#ids.length
  }

  push(entity: RegisterEntity): void {
    const { id, ...rest } = entity
    this.#ids.push(id)
    this.#rows.push(JSON.stringify(rest))
  }

  /** Each entity as a new object, made as it is reached: a compile holds one at a time. */
  *[Symbol.iterator](): Iterator<RegisterEntity> {
    for (let i = 0; i < this.#ids.length; i++) {
      const entity = JSON.parse(this.#rows[i] as string) as RegisterEntity
      entity.id = this.#ids[i] as string
      yield entity
    }
  }
}
