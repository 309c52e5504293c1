// How our command-line tools run: configuration, logging (src/logging.ts) and exit code.
import type { Logger } from 'pino'
import { ConfigError, loadConfig, type Config } from './config.js'
import { DataDirLockedError } from './db/data-dir-lock.js'
import { createProcessLogger } from './logging.js'

/**
 * Runs one command: parses the configuration, logs at its level, and turns a failure into one log
 * line and exit code 1. An error the operator can act on (a bad variable or bad arguments, the
 * data directory held by the running server) is logged by its message alone; anything else with
 * the error, whose messages carry no personal data.
 */
export async function runCli(name: string, command: (config: Config, log: Logger) => Promise<void>): Promise<void> {
  const log = createProcessLogger(name)
  try {
    const config = loadConfig()
    log.level = config.logLevel
    await command(config, log)
  } catch (error) {
    if (isOperatorError(error)) log.error(error.message)
    else log.error({ err: error }, `${name} failed`)
    process.exitCode = 1
  }
}

/** An error whose message, one line, says all the operator needs: no stack trace to go with it. */
export function isOperatorError(error: unknown): error is ConfigError | DataDirLockedError {
  return error instanceof ConfigError || error instanceof DataDirLockedError
}
