/**
 * Compiles the register on this thread, a few milliseconds at a time between the requests the
 * process answers, so that screenings keep being answered (against the previous version) while a
 * new version compiles. The matcher's compile is a generator (`compileRegisterSteps`) that yields
 * every few dozen entities; this runs its steps in slices and gives the event loop a turn between
 * them.
 *
 * Why not a worker thread (as until December 2026): the compiled register is an object graph, and
 * objects cannot cross threads. Bringing a worker's result back meant encoding it there and
 * rebuilding every object here, which took this thread as long as compiling it (100,000
 * entities: 2.3 s rebuild against 2.2 s compile; 1,000,000: 33-39 s against 18-23 s) and held a
 * second copy of the register and its input in the worker meanwhile (peak RSS 5.8-6.8 GB at a
 * million entities). Compiling here costs this thread the compile alone and no second copy.
 */
import { setImmediate as nextTurn } from 'node:timers/promises'
import { compileRegisterSteps, type CompiledRegister } from '../matching/index.js'
import { entitiesOfParts, type RegisterPart } from './register-loader.js'

// The longest this thread works on a compile before it lets waiting requests in.
const SLICE_MS = 8

export interface CompileTimings {
  /** From the first slice to the last: what a version waits before it can go live. */
  compileMs: number
  /** The time this thread spent compiling, in slices, within that. */
  compileWorkMs: number
}

/** Gives the event loop a turn between slices: setImmediate, unless a test holds the compile there. */
export type CompileTurn = () => Promise<unknown>

export class RegisterCompiler {
  #queue: Promise<unknown> = Promise.resolve()
  #closed = false
  readonly #turn: CompileTurn

  constructor(turn: CompileTurn = nextTurn) {
    this.#turn = turn
  }

  /** Compiles one version from its parts. Calls run one at a time, in order. */
  compile(version: number, parts: ReadonlyMap<string, RegisterPart>): Promise<{ compiled: CompiledRegister; timings: CompileTimings }> {
    const run = this.#queue.then(() => this.#compile(version, parts))
    this.#queue = run.catch(() => undefined)
    return run
  }

  /** Stops a compile under way at its next slice (it fails) and refuses new ones: the process is stopping. */
  async close(): Promise<void> {
    this.#closed = true
    await this.#queue
  }

  async #compile(version: number, parts: ReadonlyMap<string, RegisterPart>) {
    const started = performance.now()
    const groups = [...parts.values()].flatMap((p) => p.groups)
    const steps = compileRegisterSteps({ version, groups, entities: entitiesOfParts(parts) })
    let work = 0
    for (;;) {
      if (this.#closed) throw new Error('register compile stopped: the process is stopping')
      const sliceStart = performance.now()
      let step = steps.next()
      while (!step.done && performance.now() - sliceStart < SLICE_MS) step = steps.next()
      work += performance.now() - sliceStart
      if (step.done) {
        const timings = { compileMs: Math.round(performance.now() - started), compileWorkMs: Math.round(work) }
        return { compiled: step.value, timings }
      }
      await this.#turn()
    }
  }
}
