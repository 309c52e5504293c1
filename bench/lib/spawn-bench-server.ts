// Starts the service in its own process (./bench-server.ts) for the benches that measure it from
// outside (million-rows, monitoring, soak), and reads its standard output: the first line is its
// port, later ones (with MEMORY_EVERY_SECONDS) its memory, of which the latest is kept; other
// lines go to stderr.
// SERVER_NODE_FLAGS adds node options (V8's heap flags among them, space-separated) to the server.
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'

/** As the server reports it: its JavaScript heap in use and in all, and memory outside the heap (MB). */
export interface ServerMemory {
  heapUsedMb: number
  heapTotalMb: number
  externalMb: number
}

export interface BenchServer {
  child: ChildProcess
  port: number
  /** The latest memory line (zeros before the first). */
  memory: () => ServerMemory
  exited: Promise<void>
}

export async function spawnBenchServer(env: NodeJS.ProcessEnv, options: { nodeArgs?: readonly string[]; ipc?: boolean } = {}): Promise<BenchServer> {
  const serverFlags = (process.env.SERVER_NODE_FLAGS ?? '').split(' ').filter(Boolean)
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...serverFlags, '--import', 'tsx', 'bench/lib/bench-server.ts'], {
    env,
    stdio: ['ignore', 'pipe', 'inherit', ...(options.ipc ? (['ipc'] as const) : [])],
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  let memory: ServerMemory = { heapUsedMb: 0, heapTotalMb: 0, externalMb: 0 }
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! })
    let listening = false
    lines.on('line', (line) => {
      // Anything else the server prints (V8's --trace-gc lines, say) is passed on to stderr.
      if (!line.startsWith('{')) process.stderr.write(`${line}\n`)
      else if (listening) memory = JSON.parse(line) as ServerMemory
      else {
        listening = true
        resolve((JSON.parse(line) as { port: number }).port)
      }
    })
    child.once('exit', () => reject(new Error('the service exited before listening')))
  })
  return { child, port, memory: () => memory, exited }
}
