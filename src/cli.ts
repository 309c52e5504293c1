// What our own processes log outside a request (the CLIs and the worker supervisor): pino JSON, one
// object a line, as the server's request logs. Lines go to stderr, so that a CLI's stdout holds only
// its output (a token, say), and synchronously, so that the last line is not lost when the process
// exits straight after it.
import { pino, type Logger } from 'pino'
import { ConfigError, loadConfig, type Config } from './config.js'

export function createProcessLogger(name: string, level: Config['logLevel'] = 'info'): Logger {
  return pino({ name, level }, pino.destination({ dest: 2, sync: true }))
}

/**
 * Runs one command: parses the configuration, logs at its level, and turns a failure into one log
 * line and exit code 1. A ConfigError (a bad variable or bad arguments) is logged by its message
 * alone; anything else with the error, whose messages carry no personal data.
 */
export async function runCli(name: string, command: (config: Config, log: Logger) => Promise<void>): Promise<void> {
  const log = createProcessLogger(name)
  try {
    const config = loadConfig()
    log.level = config.logLevel
    await command(config, log)
  } catch (error) {
    if (error instanceof ConfigError) log.error(error.message)
    else log.error({ err: error }, `${name} failed`)
    process.exitCode = 1
  }
}
