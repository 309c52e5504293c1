// The one log configuration: what the service's request logs and our own processes' logs (the CLIs
// and the worker supervisor) keep. Personal data never reaches a log line, error paths included.
import type { FastifyServerOptions } from 'fastify'
import { pino, type Logger } from 'pino'
import type { Config } from './config.js'

// Personal data never reaches the logs: tokens, and any field that could hold a name, a date of
// birth or an address, wherever a log call might put it.
const REDACTED_LOG_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  '*.name',
  '*.names',
  '*.tradingNames',
  '*.aliases',
  '*.dateOfBirth',
  '*.addresses',
  '*.address',
  '*.people',
  '*.supplier',
  '*.q',
  'supplier',
  'body',
]

export function loggerOptions(config: Pick<Config, 'logLevel'>): FastifyServerOptions['logger'] {
  return {
    level: config.logLevel,
    redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' },
    serializers: {
      // The route as registered (`/v1/screenings/:id`), never the URL as sent: the query string
      // can carry a supplier's name (`q=`), and a path whatever a client put in it.
      req: (req: { method: string; id: string; routeOptions?: { url?: string } }) => ({ method: req.method, route: req.routeOptions?.url ?? null, id: req.id }),
      err: loggableError,
    },
  }
}

/**
 * What a log line keeps of an error: its class, its code (a PostgreSQL SQLSTATE, a Fastify or
 * catalogue code) and where it was thrown. Not its message, nor a database error's `detail`,
 * `where`, `params` or query text: each can quote the value that failed, a supplier's or a
 * director's name, a date of birth, an address.
 */
export function loggableError(error: unknown): { type: string; code: string | undefined; message: string; stack: string } {
  const e = (error ?? {}) as { name?: unknown; type?: unknown; code?: unknown; stack?: unknown }
  const frames = (typeof e.stack === 'string' ? e.stack : '').split('\n').filter((line) => /^\s+at /.test(line))
  // `type` when the value is already one of these (the logger's serializer sees it again).
  const type = typeof e.name === 'string' ? e.name : typeof e.type === 'string' ? e.type : typeof error
  const code = typeof e.code === 'string' ? e.code : undefined
  // pino's error shape has a message: the code (or class) stands in for it.
  return { type, code, message: code ?? type, stack: frames.join('\n') }
}

/**
 * A logger for a process outside a request: pino JSON on stderr, so that a CLI's stdout holds only
 * its output (a token, say), and synchronous, so that the last line is not lost when the process
 * exits straight after it. Errors are kept as loggableError keeps them, as in request logs.
 */
export function createProcessLogger(name: string, level: Config['logLevel'] = 'info'): Logger {
  return pino({ name, level, serializers: { err: loggableError } }, pino.destination({ dest: 2, sync: true }))
}
