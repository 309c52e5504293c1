// One owner of an embedded data directory. PGlite is PostgreSQL in this process: two processes on
// one directory are two servers writing the same files, and what one acknowledged the other could
// overwrite. So the process that opens a directory holds `<dir>/bidscreen.lock` until it closes it.
import { randomUUID } from 'node:crypto'
import { closeSync, fsyncSync, linkSync, openSync, readFileSync, realpathSync, renameSync, unlinkSync, writeSync } from 'node:fs'
import { hostname } from 'node:os'
import path from 'node:path'

const LOCK_NAME = 'bidscreen.lock'

/** What a lock file says about its holder. */
interface Holder {
  pid: number
  host: string
  /** Linux: the kernel's boot id, and the holder's start time in clock ticks after that boot. */
  bootId?: string
  startTicks?: string
  startedAt: string
  /** Tells this holding from any other, so that a process removes only a lock it took. */
  nonce: string
}

/** Why a directory cannot be had, and what the operator can do about it. */
interface Refusal {
  state: string
  advice: string
}

/** Opening a data directory another process (or this one) holds. The message is one line. */
export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError'
  constructor(
    readonly dataDir: string,
    readonly lockPath: string,
    { state, advice }: Refusal,
  ) {
    super(`the data directory ${dataDir} is ${state} (lock ${lockPath}); ${advice}`)
  }
}

export interface DataDirLock {
  readonly path: string
  /** Removes the lock file, if it is still this holding's. Safe to call more than once. */
  release(): void
}

// Directories this process holds, by real path: a second open in the same process is refused
// too, and those still held when the process exits are released then.
const held = new Map<string, DataDirLock>()
let releaseOnExit = false

/**
 * Takes the lock of an existing data directory, or throws DataDirLockedError naming the holder.
 * A lock whose holder is gone (a crash, SIGKILL) is taken over.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  // Spelt as the directory was given (`./data/bidscreen.lock`), for the message.
  const lockPath = `${dataDir.replace(/[\\/]+$/, '')}${path.sep}${LOCK_NAME}`
  const key = realpathSync(dataDir)
  if (held.has(key)) throw new DataDirLockedError(dataDir, lockPath, { state: 'already open in this process', advice: 'close it first' })
  const mine: Holder = { pid: process.pid, host: hostname(), ...ownIdentity(), startedAt: new Date().toISOString(), nonce: randomUUID() }
  // The lock appears complete or not at all: written and flushed under a name of our own, then
  // linked to its name, which fails if the name exists. A crash leaves no half-written lock.
  const draft = `${lockPath}.${mine.nonce}`
  writeSynced(draft, `${JSON.stringify(mine)}\n`)
  try {
    // A few rounds: the holder may release, or another process take over, between the steps.
    for (let round = 0; round < 5; round++) {
      if (tryLink(draft, lockPath)) return remember(key, lockPath, mine.nonce)
      const holder = readHolder(lockPath)
      if (holder === 'absent') continue
      if (holder === 'unreadable') throw new DataDirLockedError(dataDir, lockPath, unreadable)
      const refusal = refusalBy(holder)
      if (refusal) throw new DataDirLockedError(dataDir, lockPath, refusal)
      takeOver(lockPath, holder)
    }
    throw new DataDirLockedError(dataDir, lockPath, contended)
  } finally {
    unlinkSync(draft)
  }
}

const unreadable: Refusal = { state: 'locked by a lock file that cannot be read', advice: 'delete it if no process uses the directory' }
const contended: Refusal = { state: 'being opened by other processes at the same time', advice: 'try again' }

/**
 * Why the holder may still be using the directory, or undefined when it is gone.
 * Taking over from a holder that is gone is safe because PGlite runs inside its process: once
 * that process is dead nothing holds the files open or has writes of its own in flight, and
 * opening the directory replays the write-ahead log as after any crash.
 */
function refusalBy(holder: Holder): Refusal | undefined {
  // Another host's (or another container's) processes cannot be looked at from here.
  if (holder.host !== hostname()) {
    return { state: `in use by process ${holder.pid} on host ${holder.host}`, advice: 'stop it, or delete the lock once that process is gone' }
  }
  const own = ownIdentity()
  // The machine has restarted since: no process of that boot runs.
  if (holder.bootId && own.bootId && holder.bootId !== own.bootId) return undefined
  // Our own pid, yet not held here: a previous process that had the same pid (a container's
  // main process is always pid 1) and did not release it.
  if (holder.pid === process.pid || !isRunning(holder.pid)) return undefined
  // The pid may since have been given to an unrelated process: its start time tells. Without
  // /proc (not Linux) a reused pid is taken as the holder: refusing is the safe mistake.
  const startTicks = startTicksOf(holder.pid)
  if (holder.startTicks && startTicks && holder.startTicks !== startTicks) return undefined
  return { state: `in use by process ${holder.pid}`, advice: "stop it, or use the running server's API" }
}

/**
 * Removes a lock whose holder is gone. Two processes may find the same stale lock: each moves it
 * aside under a name of its own (a rename is atomic, so only one gets it) and checks that what it
 * moved is that stale lock, not a live one just taken by the other, which it puts back.
 */
function takeOver(lockPath: string, stale: Holder): void {
  const aside = `${lockPath}.${randomUUID()}.stale`
  try {
    renameSync(lockPath, aside)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    throw error
  }
  const moved = readHolder(aside)
  if (typeof moved === 'object' && moved.nonce !== stale.nonce) tryLink(aside, lockPath)
  unlinkSync(aside)
}

function remember(key: string, lockPath: string, nonce: string): DataDirLock {
  let released = false
  const lock: DataDirLock = {
    path: lockPath,
    release() {
      if (released) return
      released = true
      held.delete(key)
      const holder = readHolder(lockPath)
      if (typeof holder === 'object' && holder.nonce === nonce) unlinkSync(lockPath)
    },
  }
  held.set(key, lock)
  if (!releaseOnExit) {
    releaseOnExit = true
    // A process that ends without closing its database (an uncaught error, process.exit) leaves
    // no lock behind; one killed by a signal does, and the next process takes it over.
    process.once('exit', () => {
      for (const lock of held.values()) {
        try {
          lock.release()
        } catch {
          // Exiting anyway: the next process takes a lock left behind over.
        }
      }
    })
  }
  return lock
}

function tryLink(from: string, to: string): boolean {
  try {
    linkSync(from, to)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
}

function readHolder(lockPath: string): Holder | 'absent' | 'unreadable' {
  let text: string
  try {
    text = readFileSync(lockPath, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'absent'
    throw error
  }
  try {
    const holder = JSON.parse(text) as Partial<Holder>
    if (Number.isInteger(holder.pid) && typeof holder.host === 'string' && typeof holder.nonce === 'string') return holder as Holder
  } catch {
    // fall through: not a lock of ours
  }
  return 'unreadable'
}

function writeSynced(file: string, text: string): void {
  const fd = openSync(file, 'wx')
  try {
    writeSync(fd, text)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/** Whether a process of this pid exists on this host (anyone's: signal 0 only asks). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists, as another user's process.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function ownIdentity(): Pick<Holder, 'bootId' | 'startTicks'> {
  const bootId = readProc('/proc/sys/kernel/random/boot_id')?.trim()
  const startTicks = startTicksOf(process.pid)
  return { ...(bootId && { bootId }), ...(startTicks && { startTicks }) }
}

// Field 22 of /proc/<pid>/stat; the command name (field 2) is in parentheses and may hold spaces.
function startTicksOf(pid: number): string | undefined {
  const stat = readProc(`/proc/${pid}/stat`)
  return stat?.slice(stat.lastIndexOf(')') + 2).split(' ')[19]
}

function readProc(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    return undefined
  }
}
