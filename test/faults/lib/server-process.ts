import { spawn, type ChildProcess } from 'node:child_process'
import { waitFor } from '../../helpers/wait-for.js'
import { TEST_JWT_SECRET } from '../../helpers/test-app.js'
import { freePort } from './throwaway-cluster.js'

export interface ServerProcess {
  base: string
  child: ChildProcess
  /** Set once the process has exited, with its code or signal. */
  readonly exit: { code: number | null; signal: NodeJS.Signals | null } | undefined
  stderr: () => string
  /** Resolves when the process has exited. */
  exited: Promise<void>
}

/** `npm start` as a real process from source, on its own port; resolves once it is ready. */
export async function startServer(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', JWT_SECRET: TEST_JWT_SECRET, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  let exit: ServerProcess['exit']
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exit = { code, signal }
      resolve()
    }),
  )
  const base = `http://127.0.0.1:${port}`
  const ready = await waitFor(
    async () =>
      exit
        ? false
        : await fetch(`${base}/health/ready`).then(
            (r) => r.ok || undefined,
            () => undefined,
          ),
    120_000,
  )
  if (!ready) throw new Error(`the server did not become ready: ${stderr.slice(-2000)}`)
  return {
    base,
    child,
    get exit() {
      return exit
    },
    stderr: () => stderr,
    exited,
  }
}
