import type { Kysely } from 'kysely'
import type { ChannelState, Listen, Subscription } from '../db/connect.js'
import type { Database } from '../db/database.js'
import { EventEmitter } from 'node:events'
import type { CompiledRegister } from '../matching/index.js'
import { FingerprintsOfParts } from './fingerprints-of-parts.js'
import { RegisterCompiler, type CompileTurn } from './register-compiler.js'
import { currentRegisterVersion, loadRegister, type RegisterPart } from './register-loader.js'
import { REGISTER_CHANNEL } from './watchlist-store.js'

export interface RegisterSnapshot {
  version: number
  compiled: CompiledRegister
  fingerprints: ReadonlyMap<string, string>
  forceNames: ReadonlyMap<string, string>
  /** What it was compiled from, by watchlist, so that one list's upload can replace its part. */
  parts: ReadonlyMap<string, RegisterPart>
  loadedAt: Date
  /** From the start of the load (or of this process's upload going live) to the swap. */
  loadMs: number
  /** Of which compiling (./register-compiler.ts): first to last slice, and the time spent in slices. */
  compileMs: number
  compileWorkMs: number
}

/**
 * The compiled register of the current version, held in memory. Reloads when the version moves:
 * told by NOTIFY (another process's upload), by `refresh()` (this process's), or found by polling
 * if a notice is lost. A reload builds a whole new snapshot and swaps one reference, so a
 * screening always sees one complete version. The build happens off the request path: rows are
 * read in short pages, the register is compiled in slices between requests
 * (./register-compiler.ts); screenings meanwhile use the previous snapshot and never wait.
 */
export class RegisterCache {
  #snapshot: RegisterSnapshot | undefined
  #loading: Promise<RegisterSnapshot> | undefined
  #again = false
  #timer: NodeJS.Timeout | undefined
  // This process's uploads going live, and the newest version heard of meanwhile (see uploadGoingLive).
  #uploads = 0
  #heard = -1
  #subscription: Subscription | undefined
  readonly #db: Kysely<Database>
  readonly #onError: (error: unknown) => void
  readonly #compiler: RegisterCompiler
  /** `compiling` when a version starts compiling, `swapped` when it is live: for metrics and tests. */
  readonly events = new EventEmitter<{ compiling: [version: number]; swapped: [snapshot: RegisterSnapshot] }>()

  constructor(db: Kysely<Database>, onError: (error: unknown) => void, compileTurn?: CompileTurn) {
    this.#db = db
    this.#onError = onError
    this.#compiler = new RegisterCompiler(compileTurn)
  }

  get snapshot(): RegisterSnapshot | undefined {
    return this.#snapshot
  }

  /**
   * Loads the first snapshot, then keeps it current. A database that is down at start does not
   * stop the process: readiness says "not loaded" until polling succeeds. After an outage the
   * change channel comes back by itself, and the register is reloaded for the notices missed.
   */
  async start(listen: Listen, pollSeconds: number): Promise<void> {
    this.#timer = setInterval(() => void this.refresh().catch(this.#onError), pollSeconds * 1000)
    this.#timer.unref()
    await this.refresh().catch(this.#onError)
    try {
      this.#subscription = await listen(REGISTER_CHANNEL, {
        onMessage: (payload) => {
          const version = Number(payload)
          if (version <= (this.#snapshot?.version ?? -1)) return
          if (this.#uploads > 0) this.#heard = Math.max(this.#heard, version)
          else this.refresh().catch(this.#onError)
        },
        onResubscribed: () => void this.refresh().catch(this.#onError),
      })
    } catch (error) {
      this.#onError(error)
    }
  }

  /** The register-change channel's state: `stopped` when it could not be opened at all. */
  get channelState(): ChannelState {
    return this.#subscription?.state ?? 'stopped'
  }

  /** A failure to take in a version that is live in the database: reported; a later reload takes it in. */
  reportError(error: unknown): void {
    this.#onError(error)
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer)
    // Shutting down must not fail because the database went first.
    await this.#subscription?.stop().catch(this.#onError)
    await this.#loading?.catch(() => undefined)
    await this.#compiler.close()
  }

  /** The current snapshot, reloaded first if the stored version has moved on. */
  async refresh(): Promise<RegisterSnapshot> {
    if (this.#loading) {
      // A load is under way but may have read the version before the change that called us.
      this.#again = true
      return this.#loading
    }
    this.#loading = this.#reloadIfStale().finally(() => {
      this.#loading = undefined
    })
    const snapshot = await this.#loading
    if (this.#again) {
      this.#again = false
      return this.refresh()
    }
    return snapshot
  }

  /**
   * Called by this process's upload before it goes live; the returned function when it is live
   * here. Meanwhile a NOTIFY is noted instead of acted on: the upload's own would otherwise start
   * a second, full reload and compile of the version `applyUpload` is about to install. A version
   * heard of that the upload did not install (another process's) is loaded at the end.
   */
  uploadGoingLive(): () => void {
    this.#uploads++
    return () => {
      this.#uploads--
      if (this.#uploads === 0 && this.#heard > (this.#snapshot?.version ?? -1)) this.refresh().catch(this.#onError)
    }
  }

  /**
   * Takes this process's own upload live from the rows it just wrote, without reading the whole
   * register back: only when nothing else changed in between (the snapshot is one version
   * behind) and the force's name is already known (a force created since the last load is not);
   * otherwise it reloads.
   */
  async applyUpload(watchlistId: string, forceOrgId: string, registerVersion: number, part: RegisterPart): Promise<RegisterSnapshot> {
    const current = this.#snapshot
    if (!current || current.version !== registerVersion - 1 || this.#loading || !current.forceNames.has(forceOrgId)) return this.refresh()
    // Counts as a load, so that a NOTIFY or poll meanwhile waits for it instead of reloading.
    const started = performance.now()
    const parts = new Map(current.parts).set(watchlistId, part)
    this.#loading = this.#compileSnapshot(registerVersion, parts, current.forceNames, started)
      .then((snapshot) => this.#install(snapshot))
      .finally(() => {
        this.#loading = undefined
      })
    return this.#loading
  }

  async #reloadIfStale(): Promise<RegisterSnapshot> {
    const version = await currentRegisterVersion(this.#db)
    if (this.#snapshot && this.#snapshot.version === version) return this.#snapshot
    const started = performance.now()
    const loaded = await loadRegister(this.#db)
    return this.#install(await this.#compileSnapshot(loaded.version, loaded.parts, loaded.forceNames, started))
  }

  #install(snapshot: RegisterSnapshot): RegisterSnapshot {
    // Never swap an older snapshot over a newer one that a concurrent path installed.
    if (!this.#snapshot || snapshot.version >= this.#snapshot.version) {
      this.#snapshot = snapshot
      this.events.emit('swapped', snapshot)
    }
    return this.#snapshot
  }

  async #compileSnapshot(
    version: number,
    parts: ReadonlyMap<string, RegisterPart>,
    forceNames: ReadonlyMap<string, string>,
    started: number,
  ): Promise<RegisterSnapshot> {
    this.events.emit('compiling', version)
    const { compiled, timings } = await this.#compiler.compile(version, parts)
    const fingerprints = new FingerprintsOfParts([...parts.values()].map((part) => part.fingerprints))
    return { version, compiled, fingerprints, forceNames, parts, loadedAt: new Date(), loadMs: Math.round(performance.now() - started), ...timings }
  }
}
