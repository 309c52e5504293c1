import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import path from 'node:path'
import t from 'tap'
import { DataDirLockedError, lockDataDir } from '../../src/db/data-dir-lock.js'

// The embedded data directory's lock on its own: who is taken over and who is refused. The cycle
// with a real server (SIGKILL, restart, CLIs refused) is a fault test: test/faults/embedded-data-lock.fault.ts.

t.test('the lock itself', async (t) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bidscreen-lock-'))
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }))
  const lockPath = path.join(dataDir, 'bidscreen.lock')
  const writeLock = (holder: object) => writeFileSync(lockPath, JSON.stringify({ host: hostname(), startedAt: '', nonce: 'theirs', ...holder }))
  const refusedWith = (message: RegExp) => t.throws(() => lockDataDir(dataDir), { name: DataDirLockedError.name, message })

  const lock = lockDataDir(dataDir)
  refusedWith(/is already open in this process/)
  lock.release()
  lock.release()
  t.notOk(existsSync(lockPath), 'released: the file is gone')

  // A holder that exited without releasing (killed) is taken over.
  const exited = spawn(process.execPath, ['-e', ''])
  await new Promise((resolve) => exited.once('exit', resolve))
  // (A start time of its own too, lest the pid be given to another process meanwhile.)
  writeLock({ pid: exited.pid, startTicks: '0' })
  lockDataDir(dataDir).release()
  t.notOk(existsSync(lockPath), 'a dead holder is taken over')

  // Our own pid in a lock we do not hold: a previous process with the same pid (a container's pid 1).
  writeLock({ pid: process.pid })
  lockDataDir(dataDir).release()

  // A live process on this host holds it, unless its start time shows the pid was reused.
  const alive = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'])
  t.teardown(() => alive.kill('SIGKILL'))
  writeLock({ pid: alive.pid })
  refusedWith(new RegExp(`^the data directory \\S+ is in use by process ${alive.pid} \\(lock \\S+\\); stop it, or use the running server's API$`))
  if (existsSync('/proc/self/stat')) {
    writeLock({ pid: alive.pid, startTicks: '1' })
    lockDataDir(dataDir).release()
    t.notOk(existsSync(lockPath), 'a reused pid is not the holder')
  }

  // What cannot be checked from here is refused, with what to do.
  writeLock({ pid: 1, host: 'elsewhere' })
  refusedWith(/is in use by process 1 on host elsewhere .*; stop it, or delete the lock once that process is gone$/)
  writeFileSync(lockPath, '')
  refusedWith(/is locked by a lock file that cannot be read .*; delete it if no process uses the directory$/)
})

t.test('a process that exits without closing leaves no lock behind', async (t) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bidscreen-lock-'))
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }))
  const source = `import { lockDataDir } from './src/db/data-dir-lock.ts'; lockDataDir(${JSON.stringify(dataDir)}); process.exit(3)`
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', source], { stdio: 'ignore' })
  t.equal(await new Promise((resolve) => child.once('exit', resolve)), 3)
  t.notOk(existsSync(path.join(dataDir, 'bidscreen.lock')))
})
