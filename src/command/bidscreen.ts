#!/usr/bin/env node
// The `bidscreen` command (package.json `bin`; `npx bidscreen --help`). Its own log lines are pino
// JSON on stderr, so that stdout holds only what it prints: a token, a table, a summary.
import { createProcessLogger } from '../logging.js'
import { runBidscreen } from './bidscreen-program.js'

const interrupt = new AbortController()
// The first Ctrl-C asks the command to stop where it can resume (`screen` keeps the batches
// done); a second one ends the process at once, for a command that cannot stop part-way.
process.on('SIGINT', () => {
  if (interrupt.signal.aborted) process.exit(130)
  interrupt.abort()
})

const io = { stdout: process.stdout, stderr: process.stderr, log: createProcessLogger('bidscreen'), signal: interrupt.signal }
process.exitCode = await runBidscreen(process.argv.slice(2), io)
