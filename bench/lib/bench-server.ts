// The service on its own, for benches that measure its process (RSS, liveness) apart from the
// client's: `node --import tsx bench/lib/bench-server.ts`, configured by its environment
// (DATABASE_URL, else an in-memory PGlite; JWT_SECRET). Migrates, listens on a free port of
// 127.0.0.1 and prints {"port":…} on one line (then, with MEMORY_EVERY_SECONDS, its memory);
// stops on SIGTERM. With an IPC channel, also runs the bench's SQL (below).
// (The bench reads this process's memory from /proc, so the service needs no route for it.)
import type { AddressInfo } from 'node:net'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { connectDatabase } from '../../src/db/connect.js'
import { migrateToLatest } from '../../src/db/migrator.js'
import { setHeapGrowth } from '../../src/heap-growth.js'

const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: ':memory:', LOG_LEVEL: 'error', ...process.env })
// As the service's entry sets it (src/server.ts), so that the benches measure the memory it runs in.
setHeapGrowth(config.heapGrowingPercent)
const handle = await connectDatabase(config.database)
await migrateToLatest(handle.db)
const app = await buildApp(config, { database: handle, logger: { level: 'error' } })
// The phases of each version taken in, on stderr for the bench's reader: when it started
// compiling (its rows all stored) and, at the swap, how long the compile and the rebuild took.
const started = performance.now()
const at = () => Math.round(performance.now() - started)
app.registerCache.events.on('compiling', (version) => process.stderr.write(`[server ${at()} ms] version ${version} compiling\n`))
app.registerCache.events.on('swapped', (s) =>
  process.stderr.write(`[server ${at()} ms] version ${s.version} live: compiled in ${s.compileMs} ms, ${s.compileWorkMs} ms of it in slices\n`),
)
// Spawned with an IPC channel, the bench may run SQL on this process's database ({ id, text,
// values } → { id, rows } or { id, error }): the only way in to an embedded PGlite from outside.
if (process.send) {
  process.on('message', (m: { id: number; text: string; values?: unknown[] }) => {
    handle.executeSql(m.text, m.values).then(
      ({ rows }) => process.send?.({ id: m.id, rows }),
      (error: unknown) => process.send?.({ id: m.id, error: String(error) }),
    )
  })
}
await app.listen({ port: 0, host: '127.0.0.1' })
process.stdout.write(JSON.stringify({ port: (app.server.address() as AddressInfo).port }) + '\n')
// With MEMORY_EVERY_SECONDS, a line {"heapUsedMb","heapTotalMb","externalMb"} that often: what RSS alone cannot
// tell apart, the JavaScript heap and memory outside it (buffers, and PGlite's WebAssembly memory).
// Started with --expose-gc, the heap is collected first, so that it counts live objects only.
const memoryEvery = Number(process.env.MEMORY_EVERY_SECONDS ?? 0)
if (memoryEvery > 0) {
  setInterval(() => {
    ;(globalThis as { gc?: () => void }).gc?.()
    const { heapUsed, heapTotal, external } = process.memoryUsage()
    const mb = (bytes: number) => Math.round(bytes / 2 ** 20)
    process.stdout.write(JSON.stringify({ heapUsedMb: mb(heapUsed), heapTotalMb: mb(heapTotal), externalMb: mb(external) }) + '\n')
  }, memoryEvery * 1000).unref()
}
process.once('SIGTERM', () => {
  void app.close().finally(() => process.exit(0))
})
