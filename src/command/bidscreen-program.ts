// The `bidscreen` command's subcommands, options and help (commander). Each subcommand's work is a
// function of its own file; this file only parses, and runs it with one log line per failure.
import { Command, InvalidArgumentError, Option } from 'commander'
import { ROLES } from '../auth/principal.js'
import { configuredFor, runLogged } from '../cli.js'
import { acknowledgeAlert, ALERT_STATUSES, listAlerts } from './alerts.js'
import { ApiClient, DEFAULT_URL } from './api-client.js'
import type { CommandIo } from './command-io.js'
import { writeLine } from './command-io.js'
import { issueToken } from './issue-token.js'
import { migrateDatabase } from './migrate-database.js'
import { DEFAULT_BATCH_SIZE, MAX_BATCH_SIZE, screenSuppliers } from './screen-suppliers.js'
import { supplierFormatOf } from './supplier-input.js'
import { parseChainHead, verifyAudit } from './verify-audit.js'
import { createWatchlist, uploadWatchlist, watchlistFormatOf } from './watchlist-upload.js'

// The conventional exit code of a command stopped by Ctrl-C (128 + SIGINT).
const INTERRUPTED_EXIT_CODE = 130

interface ApiOptions {
  url: string
  token?: string
}

/** Runs `bidscreen ARGS…` and returns its exit code; the entry (bidscreen.ts) and the tests call it alike. */
export async function runBidscreen(args: readonly string[], io: CommandIo): Promise<number> {
  let exitCode = 0
  const run = async (name: string, command: () => Promise<number | void>) => {
    exitCode = await runLogged(name, io.log, async () => {
      try {
        return await command()
      } catch (error) {
        if (!io.signal?.aborted) throw error
        io.log.warn('interrupted')
        return INTERRUPTED_EXIT_CODE
      }
    })
  }
  const clientOf = (options: ApiOptions) => new ApiClient({ url: options.url, token: options.token, log: io.log, signal: io.signal })
  const program = buildProgram(io, run, clientOf)
  try {
    await program.parseAsync([...args], { from: 'user' })
  } catch (error) {
    // commander has said what was wrong (or printed the help asked for) on our streams.
    const code = (error as { exitCode?: number }).exitCode
    if (code === undefined) throw error
    return code
  }
  return exitCode
}

type Run = (name: string, command: () => Promise<number | void>) => Promise<void>

function buildProgram(io: CommandIo, run: Run, clientOf: (options: ApiOptions) => ApiClient): Command {
  const program = new Command('bidscreen')
    .description('Screen suppliers against the organised crime group register, upload watchlists, read alerts, and run the service')
    .addOption(
      new Option('--log-level <level>', "this command's own log lines (pino JSON on stderr)")
        .choices(['debug', 'info', 'warn', 'error', 'silent'])
        .env('LOG_LEVEL')
        .default('info'),
    )
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .hook('preAction', (command) => {
      io.log.level = command.optsWithGlobals<{ logLevel: string }>().logLevel
    })

  const apiCommand = (parent: Command, name: string, description: string) =>
    parent
      .command(name)
      .description(description)
      .addOption(new Option('--url <url>', 'the Bidscreen service').env('BIDSCREEN_URL').default(DEFAULT_URL))
      .addOption(new Option('--token <jwt>', 'a bearer token for the role the command needs').env('BIDSCREEN_TOKEN'))

  program
    .command('migrate')
    .description('apply pending migrations to the configured database (DATABASE_URL or DATA_DIR), as `npm run migrate`')
    .action(() => run('migrate', () => migrateDatabase(configuredFor(io.log), io.log)))

  program
    .command('token')
    .description('print a development token signed with the configured JWT_SECRET, as `npm run token`')
    .requiredOption('--org <org>', "the organisation's id (`platform` for an administrator)")
    .requiredOption('--role <role>', `a role (${ROLES.join(', ')}); repeat for several`, collect, [])
    .option('--sub <name>', 'who the token names', 'dev-user')
    .option('--ttl <duration>', 'how long it lasts (1h, 8h, 7d…)', '1h')
    .option('--private-key <file>', 'the RS256 private key, when the service verifies with JWT_PUBLIC_KEY')
    .action((options: { org: string; role: string[]; sub: string; ttl: string; privateKey?: string }) =>
      run('token', async () => {
        const request = { org: options.org, roles: options.role, sub: options.sub, ttl: options.ttl, privateKeyFile: options.privateKey }
        writeLine(io.stdout, issueToken(configuredFor(io.log), request))
      }),
    )

  const audit = program.command('audit').description('the audit trail')
  audit
    .command('verify')
    .description("check the audit trail's hash chain and say what is wrong and where, as `npm run audit:verify`; exit code 1 when not intact")
    .option('--head <seq:hash>', 'a chain head copied from the service log ("audit chain sealed"); repeatable', collect, [])
    .action((options: { head: string[] }) => run('audit-verify', () => verifyAudit(configuredFor(io.log), io.log, options.head.map(parseChainHead))))

  const watchlist = program.command('watchlist').description("a police force's watchlists (role police)")
  apiCommand(watchlist, 'create', 'create a watchlist and print its id')
    .argument('<name>', "the watchlist's name")
    .option('--description <text>', 'what it holds')
    .action((name: string, options: ApiOptions & { description?: string }) =>
      run('watchlist-create', () => createWatchlist(clientOf(options), io, { name, description: options.description })),
    )
  apiCommand(watchlist, 'upload', "replace a watchlist's content with FILE (JSON or CSV); every bad row is printed and nothing changes")
    .argument('<file>', 'the watchlist as JSON or CSV (docs/design.md §3)')
    .requiredOption('--watchlist <id>', "the watchlist's id")
    .addOption(new Option('--format <format>', 'the file format, when its name does not say').choices(['csv', 'json']))
    .action((file: string, options: ApiOptions & { watchlist: string; format?: string }) =>
      run('watchlist-upload', () =>
        uploadWatchlist(clientOf(options), io, { file, watchlistId: options.watchlist, format: watchlistFormatOf(file, options.format) }),
      ),
    )

  apiCommand(program, 'screen', 'screen a supplier base through the API into a results CSV; re-run the same command to resume (role screener)')
    .argument('<suppliers>', 'SUPPLIERS.csv (README lists the columns) or SUPPLIERS.jsonl (one screening request per line)')
    .requiredOption('--out <results.csv>', 'the results file, one row per supplier; its progress is kept beside it in RESULTS.csv.progress')
    .addOption(new Option('--format <format>', 'the input format, when its name does not say').choices(['csv', 'jsonl']))
    .option('--batch-size <n>', `suppliers per request (1-${MAX_BATCH_SIZE})`, integer, DEFAULT_BATCH_SIZE)
    .option('--max-batches <n>', 'stop after this many batches (resume later)', integer)
    .option('--run <label>', 'a label in each Idempotency-Key: a new one screens the same file again within the idempotency period', '')
    .action((file: string, options: ApiOptions & { out: string; format?: string; batchSize: number; maxBatches?: number; run: string }) =>
      run('screen', async () => {
        const format = supplierFormatOf(file, options.format)
        const screening = { input: file, format, out: options.out, batchSize: options.batchSize, run: options.run, maxBatches: options.maxBatches }
        const outcome = await screenSuppliers(clientOf(options), io, screening)
        return outcome.interrupted ? INTERRUPTED_EXIT_CODE : 0
      }),
    )

  const alerts = apiCommand(program, 'alerts', "list the authority's monitoring alerts, newest first (role officer or screener)")
    .addOption(new Option('--status <status>', 'only alerts in this state').choices(ALERT_STATUSES))
    .option('--limit <n>', 'how many (1-100)', integer)
    .option('--cursor <cursor>', 'the next page, as the previous one printed')
    .option('--json', 'one JSON alert per line rather than a table')
    .action((options: ApiOptions & { status?: string; limit?: number; cursor?: string; json?: boolean }) =>
      run('alerts', () => listAlerts(clientOf(options), io, options)),
    )
  // --url and --token are the alerts command's, before or after `ack`.
  alerts
    .command('ack')
    .description('acknowledge an alert: seen (role officer)')
    .argument('<id>', "the alert's id (alr_…)")
    .action((id: string, _options: unknown, command: Command) =>
      run('alerts-ack', () => acknowledgeAlert(clientOf(command.optsWithGlobals<ApiOptions>()), io, id)),
    )

  return program
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value]
}

function integer(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('must be a whole number')
  return Number(value)
}
