// The bidscreen command run in-process, as its entry runs it, against the real app listening on a
// port: what it printed on stdout and stderr, its log lines, and its exit code.
import type { AddressInfo } from 'node:net'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { pino } from 'pino'
import type { Test } from 'tap'
import { runBidscreen } from '../../src/command/bidscreen-program.js'
import { startTestApp, type DatabaseKind, type TestApp } from '../helpers/test-app.js'

export interface CommandRun {
  code: number
  stdout: string
  stderr: string
  logs: { level: number; msg: string; [field: string]: unknown }[]
}

/** `tty`: stderr says it is a terminal, so that progress bars are drawn there. */
export async function bidscreen(args: readonly string[], options: { signal?: AbortSignal; tty?: boolean } = {}): Promise<CommandRun> {
  let stdout = ''
  let stderr = ''
  let logText = ''
  const sink = (append: (text: string) => void) =>
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        append(chunk.toString('utf8'))
        done()
      },
    })
  const io = {
    stdout: sink((text) => (stdout += text)),
    stderr: Object.assign(
      sink((text) => (stderr += text)),
      options.tty ? { isTTY: true, columns: 120 } : {},
    ),
    log: pino(
      { level: 'info' },
      sink((text) => (logText += text)),
    ),
    ...(options.signal ? { signal: options.signal } : {}),
  }
  const code = await runBidscreen(args, io)
  const logs = logText
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as CommandRun['logs'][number])
  return { code, stdout, stderr, logs }
}

/** The app over HTTP on a free port, with the `--url` to reach it. */
export async function listeningApp(t: Test, kind: DatabaseKind): Promise<{ ctx: TestApp; url: string }> {
  const ctx = await startTestApp(t, kind)
  await ctx.app.listen({ port: 0, host: '127.0.0.1' })
  return { ctx, url: `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}` }
}

/** A directory of its own for the test's files, removed when it ends. */
export async function scratchDirectory(t: Test): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'bidscreen-command-'))
  t.teardown(() => rm(directory, { recursive: true, force: true }))
  return directory
}

/** Rows of a table the command printed (columns two spaces or more apart), the header first. */
export function tableRows(text: string): string[][] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => line.split(/ {2,}/))
}
