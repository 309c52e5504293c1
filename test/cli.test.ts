import { spawn } from 'node:child_process'
import { createVerifier } from 'fast-jwt'
import t from 'tap'
import { DEVELOPMENT_JWT_SECRET } from '../src/config.js'

// The command-line tools as real processes: stdout holds their output alone, so that
// `$(npm run -s token -- …)` captures a token, and anything they log is pino JSON on stderr.
async function runTokenCli(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/auth/token-cli.ts', ...args], {
    env: { ...process.env, NODE_ENV: 'development', JWT_SECRET: '', JWT_PUBLIC_KEY: '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  const logLines = stderr
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { level: number; name: string; msg: string })
  return { code, stdout, logLines }
}

t.test('npm run token prints a token the service accepts, and nothing else', async (t) => {
  const { code, stdout, logLines } = await runTokenCli(['--org', 'gmp', '--role', 'police', '--sub', 'analyst-7'])
  t.equal(code, 0)
  t.match(stdout, /^[\w-]+\.[\w-]+\.[\w-]+\n$/, 'one JWT on one line')
  t.same(logLines, [], 'no log lines')
  const claims = createVerifier({ key: DEVELOPMENT_JWT_SECRET, algorithms: ['HS256'] })(stdout.trim()) as Record<string, unknown>
  t.match(claims, { sub: 'analyst-7', org: 'gmp', roles: ['police'] })
})

t.test('a usage mistake is one pino error line on stderr, exit code 1, and no output', async (t) => {
  for (const args of [['--org', 'gmp'], ['--org', 'gmp', '--role', 'chief'], ['--bogus']]) {
    const { code, stdout, logLines } = await runTokenCli(args)
    t.equal(code, 1, args.join(' '))
    t.equal(stdout, '', `${args.join(' ')}: no output`)
    t.equal(logLines.length, 1, `${args.join(' ')}: one log line`)
    t.match(logLines[0], { level: 50, name: 'token', msg: /usage: npm run token/ })
  }
})

t.test('a bad variable is one pino error line naming it', async (t) => {
  const { code, stdout, logLines } = await runTokenCli(['--org', 'gmp', '--role', 'police'], { JWT_SECRET: 'short' })
  t.equal(code, 1)
  t.equal(stdout, '')
  t.equal(logLines.length, 1)
  t.match(logLines[0], { level: 50, msg: /^Invalid configuration: JWT_SECRET must be at least 32 characters/ })
})
