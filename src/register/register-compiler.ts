/**
 * Compiles the register in a worker thread (./compile-worker.ts) and brings the result back to
 * the main thread a few milliseconds at a time, so that screenings keep being answered while a
 * new version compiles. Measured on 100,000 entities: compiling took 5–8 s and cloning the
 * compiled register back whole 8 s of deserialising in one go; streamed in pieces
 * (./object-graph-codec.ts), the rebuild is about as long but is spread in slices of ~10 ms.
 */
import { extname } from 'node:path'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { compileRegister, type CompiledRegister, type RegisterEntity, type RegisterGroup } from '../matching/index.js'
import { GraphDecoder, prototypesIn, type GraphChunk } from './object-graph-codec.js'
import type { RegisterPart } from './register-loader.js'

export type CompilerRequest =
  | { type: 'part'; watchlistId: string; first: boolean; groups: RegisterGroup[]; entities: RegisterEntity[] }
  | { type: 'drop'; watchlistId: string }
  | { type: 'compile'; version: number }
  | { type: 'next' }

export type CompilerResponse =
  { type: 'compiled'; compileMs: number } | { type: 'chunk'; chunk: GraphChunk; last: boolean } | { type: 'error'; message: string }

// Entities per message to the worker, and the main thread's time per slice of work.
const ENTITIES_PER_MESSAGE = 2_000
// A register this small compiles here in a few tens of milliseconds, less than the worker's
// start and the transfer would cost (a test's first load, a new deployment's empty register).
const DEFAULT_INLINE_ENTITIES = 2_000
const SLICE_MS = 8

// The worker's file beside this one: .ts under tsx (tests, dev), .js in the compiled dist/.
const EXTENSION = extname(fileURLToPath(import.meta.url))
const WORKER_URL = new URL(`./compile-worker${EXTENSION}`, import.meta.url)

/**
 * A worker does not inherit the TypeScript loader the tsx command line installs in the main
 * thread, so from sources the worker first registers tsx itself (a development dependency: the
 * built service runs the .js file directly).
 */
function startWorker(): Worker {
  if (EXTENSION !== '.ts') return new Worker(WORKER_URL)
  const bootstrap = `const { workerData } = require('node:worker_threads')
    import(workerData.tsx).then(({ register }) => { register(); return import(workerData.worker) })`
  return new Worker(bootstrap, { eval: true, workerData: { tsx: import.meta.resolve('tsx/esm/api'), worker: WORKER_URL.href } })
}

export interface CompileTimings {
  /** In the worker, including sending the parts it did not have. */
  compileMs: number
  /** Rebuilding the result on the main thread, in slices. */
  transferMs: number
}

export class RegisterCompiler {
  #worker: Worker | undefined
  // The part objects the worker holds, by watchlist: a part is sent again only when replaced.
  readonly #sent = new Map<string, RegisterPart>()
  #queue: Promise<unknown> = Promise.resolve()
  #pending: { resolve: (message: CompilerResponse) => void; reject: (error: Error) => void } | undefined
  readonly #prototypes = prototypesIn(compileRegister({ version: 0, groups: [], entities: [] }))
  readonly #inlineEntities: number

  constructor(options: { inlineEntities?: number } = {}) {
    this.#inlineEntities = options.inlineEntities ?? DEFAULT_INLINE_ENTITIES
  }

  /** Compiles one version from its parts. Calls run one at a time, in order. */
  compile(version: number, parts: ReadonlyMap<string, RegisterPart>): Promise<{ compiled: CompiledRegister; timings: CompileTimings }> {
    const run = this.#queue.then(() => this.#compile(version, parts))
    this.#queue = run.catch(() => undefined)
    return run
  }

  async close(): Promise<void> {
    const worker = this.#worker
    this.#worker = undefined
    this.#sent.clear()
    await worker?.terminate()
  }

  async #compile(version: number, parts: ReadonlyMap<string, RegisterPart>) {
    let size = 0
    for (const part of parts.values()) size += part.entities.length
    if (size <= this.#inlineEntities) {
      const started = performance.now()
      const groups = [...parts.values()].flatMap((p) => p.groups)
      const entities = [...parts.values()].flatMap((p) => p.entities)
      const compiled = compileRegister({ version, groups, entities })
      return { compiled, timings: { compileMs: Math.round(performance.now() - started), transferMs: 0 } }
    }
    try {
      const started = performance.now()
      const worker = this.#workerThread()
      for (const id of this.#sent.keys()) {
        if (!parts.has(id)) {
          this.#post({ type: 'drop', watchlistId: id })
          this.#sent.delete(id)
        }
      }
      for (const [id, part] of parts) {
        if (this.#sent.get(id) === part) continue
        // Cloning is done on this thread: a part goes in pieces, with screenings between them.
        for (let k = 0; k === 0 || k < part.entities.length; k += ENTITIES_PER_MESSAGE) {
          const first = k === 0
          this.#post({ type: 'part', watchlistId: id, first, groups: first ? part.groups : [], entities: part.entities.slice(k, k + ENTITIES_PER_MESSAGE) })
          await nextTurn()
        }
        this.#sent.set(id, part)
      }
      // A worker that died while parts were sent lost them: its successor must get them all.
      if (this.#worker !== worker) throw new Error('the compile worker stopped while the register was sent')
      const compiled = await this.#request({ type: 'compile', version })
      if (compiled.type !== 'compiled') throw new Error('unexpected answer from the compile worker')
      const compileMs = Math.round(performance.now() - started)
      const decoder = new GraphDecoder(this.#prototypes)
      let message = await this.#request({ type: 'next' })
      for (;;) {
        if (message.type !== 'chunk') throw new Error('unexpected answer from the compile worker')
        // The worker encodes the next chunk while this thread rebuilds this one.
        const following = message.last ? undefined : this.#request({ type: 'next' })
        following?.catch(() => undefined) // awaited below; a failure is thrown there
        await decoder.apply(message.chunk, SLICE_MS, () => nextTurn())
        if (following === undefined) break
        message = await following
      }
      // The worker's heap (its copy of every part, the compiled register and the encoder's
      // tables: at 1,000,000 entities several GB, which V8 keeps long after they are garbage)
      // is given back now rather than held between uploads; the next compile sends every part
      // again, which costs this thread a few seconds in slices against a compile of a minute.
      await this.close()
      return { compiled: decoder.root as CompiledRegister, timings: { compileMs, transferMs: Math.round(performance.now() - started) - compileMs } }
    } catch (error) {
      // The worker's state is unknown after a failure: the next compile starts a fresh one.
      await this.close()
      throw error
    }
  }

  #post(request: CompilerRequest): void {
    this.#workerThread().postMessage(request)
  }

  #request(request: CompilerRequest): Promise<CompilerResponse> {
    return new Promise((resolve, reject) => {
      this.#pending = { resolve, reject }
      this.#post(request)
    }).then((message) => {
      const response = message as CompilerResponse
      if (response.type === 'error') throw new Error(`register compile failed: ${response.message}`)
      return response
    })
  }

  #workerThread(): Worker {
    if (this.#worker) return this.#worker
    const worker = startWorker()
    // The compile worker must not keep a stopping process alive.
    worker.unref()
    worker.on('message', (message: CompilerResponse) => {
      const pending = this.#pending
      this.#pending = undefined
      pending?.resolve(message)
    })
    const fail = (error: Error) => {
      if (this.#worker === worker) {
        this.#worker = undefined
        this.#sent.clear()
      }
      const pending = this.#pending
      this.#pending = undefined
      pending?.reject(error)
    }
    worker.on('error', fail)
    worker.on('exit', (code) => fail(new Error(`compile worker exited (${code})`)))
    this.#worker = worker
    return worker
  }
}
