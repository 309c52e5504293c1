/**
 * Moves a large object graph (a compiled register) from a worker thread to the main thread in
 * pieces that the receiver rebuilds a few milliseconds at a time.
 *
 * Why not postMessage the compiled register whole: structured cloning 100,000 entities' compiled
 * form (77 MB serialised) took 8 s to deserialise, as one uninterruptible task on the receiving
 * thread, longer than compiling it there; it also loses class prototypes. Here the sender walks
 * the graph once and writes a stream of operations (create an empty object, fill it); the
 * receiver applies them in slices between which screenings run. Shared objects stay shared
 * (the matcher shares name tokens and weights between records on purpose), cycles are allowed,
 * and instances of the registered classes get their prototype back.
 */

// Operation codes of the stream. Every object is created (its "shell") before any fill refers to it.
const ARRAY = 1
const OBJECT = 2
const MAP = 3
const SET = 4
const TYPED = 5
const SHAPE = 6
const FILL = 7
// Tags of one filled slot: a primitive (in `data`), a reference to an object by id (in `code`),
// or a string sent before, by its number (in `code`). Strings are sent once per stream: the
// compiled register repeats the same few hundred thousand words and keys millions of times,
// and a string cloned across threads arrives as a copy each time it occurs (at 100,000
// entities, 1.7 million string slots held 390,000 distinct strings).
const PRIMITIVE = 0
const REFERENCE = 1
const STRING = 2

/** One piece of the stream, small enough to clone and rebuild without a noticeable pause. */
export interface GraphChunk {
  code: Int32Array
  data: unknown[]
}

const NO_PROTOTYPES: readonly object[] = []

function isBuiltIn(value: object): boolean {
  return Array.isArray(value) || value instanceof Map || value instanceof Set || ArrayBuffer.isView(value) || Object.getPrototypeOf(value) === Object.prototype
}

/**
 * The class prototypes met in a sample graph, in a fixed order: what sender and receiver pass as
 * `prototypes`, each computing it in its own thread from the same code (for the compiled
 * register, from compiling an empty register), so that neither names the library's classes.
 */
export function prototypesIn(sample: object): object[] {
  const seen = new Set<object>([sample])
  const found = new Set<object>()
  for (const value of seen) {
    if (!isBuiltIn(value)) found.add(Object.getPrototypeOf(value) as object)
    const children = value instanceof Map ? [...value].flat() : value instanceof Set ? [...value] : ArrayBuffer.isView(value) ? [] : Object.values(value)
    for (const child of children) if (typeof child === 'object' && child !== null) seen.add(child as object)
  }
  return [...found].sort((a, b) => String(a.constructor?.name).localeCompare(String(b.constructor?.name)))
}

/**
 * Writes `root` as chunks of about `chunkSlots` slots each. `prototypes` lists the classes whose
 * instances may occur besides plain objects, arrays, Maps, Sets and typed arrays; anything else
 * (a Date, a function, an unknown class) is refused rather than silently changed.
 */
export function* encodeGraph(root: object, prototypes: readonly object[] = NO_PROTOTYPES, chunkSlots = 200_000): Generator<GraphChunk> {
  const ids = new Map<object, number>()
  const strings = new Map<string, number>()
  const shapes = new Map<string, number>()
  const queue: object[] = []
  let code: number[] = []
  let data: unknown[] = []
  const flush = (): GraphChunk => {
    const chunk = { code: Int32Array.from(code), data }
    code = []
    data = []
    return chunk
  }
  const shellOf = (value: object): number => {
    let id = ids.get(value)
    if (id !== undefined) return id
    id = ids.size
    ids.set(value, id)
    queue.push(value)
    if (Array.isArray(value)) code.push(ARRAY, value.length)
    else if (value instanceof Map) code.push(MAP)
    else if (value instanceof Set) code.push(SET)
    else if (ArrayBuffer.isView(value)) {
      code.push(TYPED)
      data.push(value)
    } else {
      const prototype = Object.getPrototypeOf(value) as object | null
      const protoIndex = prototype === Object.prototype ? -1 : prototypes.indexOf(prototype as object)
      if (prototype === null || (protoIndex < 0 && prototype !== Object.prototype)) {
        throw new TypeError(`cannot move an instance of ${prototype === null ? 'a null prototype' : String(prototype.constructor?.name)}`)
      }
      const keys = Object.keys(value)
      const shapeKey = keys.join('\u0000')
      let shape = shapes.get(shapeKey)
      if (shape === undefined) {
        shape = shapes.size
        shapes.set(shapeKey, shape)
        code.push(SHAPE, keys.length)
        data.push(...keys)
      }
      code.push(OBJECT, protoIndex, shape)
    }
    return id
  }
  const discover = (value: unknown): void => {
    if (typeof value === 'function' || typeof value === 'symbol') throw new TypeError(`cannot move a ${typeof value}`)
    if (typeof value === 'object' && value !== null) shellOf(value)
  }
  const slot = (value: unknown): void => {
    if (typeof value === 'object' && value !== null) code.push(REFERENCE, ids.get(value) as number)
    else if (typeof value === 'string' && strings.has(value)) code.push(STRING, strings.get(value) as number)
    else {
      if (typeof value === 'string') strings.set(value, strings.size)
      code.push(PRIMITIVE)
      data.push(value)
    }
  }
  shellOf(root)
  let slots = 0
  for (let next = 0; next < queue.length; next++) {
    const value = queue[next] as object
    if (ArrayBuffer.isView(value)) continue
    // Every child's shell goes before the fill that refers to it: discovered first, then written.
    // A large container is filled in several pieces, so that no chunk is much over its size.
    const values: unknown[] =
      Array.isArray(value) || value instanceof Set
        ? [...(value as Iterable<unknown>)]
        : value instanceof Map
          ? [...value].flat()
          : Object.values(value as Record<string, unknown>)
    const piece = value instanceof Map ? PIECE_SLOTS * 2 : PIECE_SLOTS
    for (let start = 0; start < values.length || start === 0; start += piece) {
      const end = Math.min(values.length, start + piece)
      for (let k = start; k < end; k++) discover(values[k])
      code.push(FILL, next, start, end - start)
      for (let k = start; k < end; k++) slot(values[k])
      slots += end - start
      if (slots >= chunkSlots) {
        slots = 0
        yield flush()
      }
    }
  }
  yield flush()
}

// Slots per fill operation of a large container.
const PIECE_SLOTS = 20_000
/**
 * Rebuilds a graph from its chunks, in order. `apply` takes one chunk and does at most
 * `budgetMs` of work per call of `step`, so that the caller can yield to the event loop between
 * steps; the root is ready once every chunk has been applied.
 */
export class GraphDecoder {
  readonly #objects: object[] = []
  // Every string slot sent as a primitive, in order: later slots refer to them by number.
  readonly #strings: string[] = []
  readonly #shapes: string[][] = []
  // Object id → its shape, until it is filled.
  readonly #shapeOf: number[] = []
  readonly #prototypes: readonly object[]

  constructor(prototypes: readonly object[] = NO_PROTOTYPES) {
    this.#prototypes = prototypes
  }

  get root(): unknown {
    return this.#objects[0]
  }

  /** Applies a chunk, calling `pause` whenever `budgetMs` has been spent since the last pause. */
  async apply(chunk: GraphChunk, budgetMs: number, pause: () => Promise<void>): Promise<void> {
    const { code, data } = chunk
    const objects = this.#objects
    let c = 0
    let d = 0
    let started = performance.now()
    let work = 0
    const strings = this.#strings
    const value = (): unknown => {
      const tag = code[c++]
      if (tag === REFERENCE) return objects[code[c++] as number]
      if (tag === STRING) return strings[code[c++] as number]
      const primitive = data[d++]
      if (typeof primitive === 'string') strings.push(primitive)
      return primitive
    }
    while (c < code.length) {
      if (++work >= 256) {
        work = 0
        if (performance.now() - started > budgetMs) {
          await pause()
          started = performance.now()
        }
      }
      const op = code[c++]
      if (op === FILL) {
        const id = code[c++] as number
        const start = code[c++] as number
        const count = code[c++] as number
        const target = objects[id] as object
        work += count
        if (Array.isArray(target)) {
          for (let k = 0; k < count; k++) target[start + k] = value()
        } else if (target instanceof Map) {
          for (let k = 0; k < count; k += 2) {
            const key = value()
            target.set(key, value())
          }
        } else if (target instanceof Set) {
          for (let k = 0; k < count; k++) target.add(value())
        } else {
          const keys = this.#shapes[this.#shapeOf[id] as number] as string[]
          const record = target as Record<string, unknown>
          for (let k = 0; k < count; k++) record[keys[start + k] as string] = value()
        }
      } else if (op === ARRAY) objects.push(new Array(code[c++] as number))
      else if (op === OBJECT) {
        const protoIndex = code[c++] as number
        this.#shapeOf[objects.length] = code[c++] as number
        objects.push(protoIndex < 0 ? {} : (Object.create(this.#prototypes[protoIndex] as object) as object))
      } else if (op === MAP) objects.push(new Map())
      else if (op === SET) objects.push(new Set())
      else if (op === TYPED) objects.push(data[d++] as object)
      else if (op === SHAPE) {
        const n = code[c++] as number
        this.#shapes.push(data.slice(d, d + n) as string[])
        d += n
      } else throw new Error(`corrupt graph stream: operation ${op}`)
    }
  }
}
