/**
 * A watchlist part's entities as a service holds them between compiles: as JSON text, compressed
 * a thousand entities at a time, beside their ids. The part is kept so that another watchlist's
 * upload can recompile the register without reading this one back, and so that the register
 * search can index it; neither needs the entities as objects until then, and both read them in
 * order. As objects (an entity, its aliases, its addresses and their lines) a million entities
 * took about 550 MB of heap; as JSON text about 300 MB; compressed (deflate at its fastest level,
 * which a compile undoes in under a second a million) a sixth of that on the benches' rows, whose
 * names repeat more than real ones do. The ids stay apart, as strings: the fingerprints' keys and
 * the compiled register share them.
 */
import { deflateRawSync, inflateRawSync, constants } from 'node:zlib'
import type { RegisterEntity } from '../matching/index.js'

// Entities per compressed chunk: large enough for deflate to find the repeats between rows (keys,
// towns, ids of one group), small enough that packing or unpacking one takes a millisecond or two.
const CHUNK_ENTITIES = 1_000
// JSON text never holds a raw line break, so one separates the rows of a chunk.
const ROW_BREAK = '\n'

export class PackedEntities implements Iterable<RegisterEntity> {
  readonly #ids: string[] = []
  readonly #chunks: Buffer[] = []
  #open: string[] = []

  get length(): number {
    return this.#ids.length
  }

  push(entity: RegisterEntity): void {
    const { id, ...rest } = entity
    this.#ids.push(id)
    this.#open.push(JSON.stringify(rest))
    if (this.#open.length === CHUNK_ENTITIES) {
      this.#chunks.push(deflateRawSync(this.#open.join(ROW_BREAK), { level: constants.Z_BEST_SPEED }))
      this.#open = []
    }
  }

  /**
   * Each entity as a new object, made as it is reached: a compile holds one chunk's text at a
   * time. A part is read once it is whole (its upload or load has finished).
   */
  *[Symbol.iterator](): Iterator<RegisterEntity> {
    let i = 0
    for (const chunk of this.#chunks) {
      for (const row of inflateRawSync(chunk).toString('utf8').split(ROW_BREAK)) yield this.#entity(i++, row)
    }
    for (const row of this.#open) yield this.#entity(i++, row)
  }

  #entity(i: number, row: string): RegisterEntity {
    const entity = JSON.parse(row) as RegisterEntity
    entity.id = this.#ids[i] as string
    return entity
  }
}
