import { spawn } from 'node:child_process'
import t from 'tap'
import { bidscreen } from './run-bidscreen.js'

const COMMANDS = [['migrate'], ['token'], ['audit', 'verify'], ['watchlist', 'create'], ['watchlist', 'upload'], ['screen'], ['alerts'], ['alerts', 'ack']]

t.test('bidscreen --help runs as a process and lists every command', async (t) => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/command/bidscreen.ts', '--help'], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  t.equal(code, 0)
  t.match(stdout, /^Usage: bidscreen \[options\] \[command\]/)
  for (const name of ['migrate', 'token', 'audit', 'watchlist', 'screen', 'alerts']) t.match(stdout, new RegExp(`\\n  ${name} `), name)
})

t.test('every command has its --help, on stdout with exit code 0', async (t) => {
  for (const command of COMMANDS) {
    const run = await bidscreen([...command, '--help'])
    t.equal(run.code, 0, command.join(' '))
    t.match(run.stdout, `Usage: bidscreen ${command.join(' ')}`, command.join(' '))
    t.equal(run.stderr, '')
  }
})

t.test('a usage mistake says what is wrong on stderr, with exit code 1', async (t) => {
  const unknown = await bidscreen(['frobnicate'])
  t.equal(unknown.code, 1)
  t.match(unknown.stderr, /unknown command 'frobnicate'/)
  const missing = await bidscreen(['screen', 'suppliers.csv'])
  t.equal(missing.code, 1)
  t.match(missing.stderr, /required option '--out <results.csv>' not specified/)
  const notANumber = await bidscreen(['screen', 'suppliers.csv', '--out', 'r.csv', '--batch-size', 'lots'])
  t.equal(notANumber.code, 1)
  t.match(notANumber.stderr, /--batch-size.*must be a whole number/)
  t.equal(unknown.stdout + missing.stdout + notANumber.stdout, '', 'nothing on stdout')
})
