import type { Writable } from 'node:stream'
import type { Logger } from 'pino'

/**
 * Where a command writes: results and tables on `stdout`, progress bars on `stderr` (drawn only
 * when it is a terminal), its own log lines through `log` (pino JSON on stderr, never personal
 * data or tokens). Tests pass streams of their own.
 */
export interface CommandIo {
  stdout: Writable
  stderr: Writable
  log: Logger
  /** Aborted when the user interrupts (Ctrl-C): a command stops where it can resume from. */
  signal?: AbortSignal
}

export function writeLine(stream: Writable, line = ''): void {
  stream.write(`${line}\n`)
}
