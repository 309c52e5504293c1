// How our command-line tools run: configuration, logging (src/logging.ts) and exit code.
import type { Logger } from 'pino'
import { CommandError } from './command/command-error.js'
import { ConfigError, loadConfig, type Config } from './config.js'
import { DataDirLockedError } from './db/data-dir-lock.js'
import { createProcessLogger } from './logging.js'

/**
 * Runs one command: parses the configuration, logs at its level, and sets the exit code: the
 * command's own (a check that found a fault says 1), or 1 when it failed (see runLogged).
 */
export async function runCli(name: string, command: (config: Config, log: Logger) => Promise<number | void>): Promise<void> {
  const log = createProcessLogger(name)
  const code = await runLogged(name, log, () => command(configuredFor(log), log))
  if (code !== 0) process.exitCode = code
}

/** The configuration, with `log` set to its level. */
export function configuredFor(log: Logger): Config {
  const config = loadConfig()
  log.level = config.logLevel
  return config
}

/**
 * Runs a command and returns its exit code, a failure turned into one log line and exit code 1.
 * An error the operator can act on (a bad variable or bad arguments, the data directory held by
 * the running server, a refusal from the service) is logged by its message alone; anything else
 * with the error, whose messages carry no personal data.
 */
export async function runLogged(name: string, log: Logger, command: () => Promise<number | void>): Promise<number> {
  try {
    return (await command()) ?? 0
  } catch (error) {
    if (isOperatorError(error)) log.error(error.message)
    else log.error({ err: error }, `${name} failed`)
    return 1
  }
}

/** An error whose message, one line, says all the operator needs: no stack trace to go with it. */
export function isOperatorError(error: unknown): error is ConfigError | DataDirLockedError | CommandError {
  return error instanceof ConfigError || error instanceof DataDirLockedError || error instanceof CommandError
}
