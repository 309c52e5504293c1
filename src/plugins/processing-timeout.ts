import { Readable } from 'node:stream'
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify'
import fp from 'fastify-plugin'
import { AppError } from '../errors.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * `false`: the handler may take as long as it needs. For watchlist uploads, whose time grows
     * with their size and which the body timeout and the upload limit bound instead.
     */
    processingTimeout?: false
  }
}

// A timed-out request was slow for a reason (a stuck query, a lock): give it a moment to clear.
const RETRY_AFTER_SECONDS = 5

/**
 * Every handler, unless its route config says `processingTimeout: false`, has `seconds` to answer;
 * then the client gets 503 `PROCESSING_TIMEOUT` with `Retry-After`, and whatever the handler does
 * later (returns, sends, fails) is dropped without an error: the reply is already gone.
 *
 * The handler is not stopped and may still complete its write after the 503. That is why a
 * retry is safe: a screening (and a decision) carries an Idempotency-Key, and a retry with the
 * same key gets the answer stored for the first attempt instead of writing twice. The 503 says so.
 *
 * Only the handler's own time counts: receiving the request is the body timeout's business
 * (Node's `requestTimeout`), and a streamed response, once the handler has returned it, is not
 * cut off midway. Fastify's own `handlerTimeout` was not used: it logs an error for a late reply
 * and cannot be turned off for one route.
 */
export const processingTimeoutPlugin = fp(
  async (app: FastifyInstance, options: { seconds: number }) => {
    app.addHook('onRoute', (route) => {
      if (route.config?.processingTimeout === false) return
      route.handler = withDeadline(route.handler, options.seconds)
    })
  },
  { name: 'processing-timeout' },
)

function withDeadline(handler: RouteHandlerMethod, seconds: number): RouteHandlerMethod {
  return function timedHandler(this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
    const result: unknown = handler.call(this, request, reply)
    // A synchronous handler has answered (or will, by reply.send) without waiting on anything.
    if (!(result instanceof Promise)) return result
    return new Promise((resolve, reject) => {
      let late = false
      const timer = setTimeout(() => {
        // Already answering (the handler sent, and has yet to return): nothing to cut off.
        if (reply.sent || reply.raw.headersSent) return
        late = true
        const detail = `The request took longer than ${seconds} s to process and may still complete; retry with the same Idempotency-Key to get its answer`
        void reply.send(new AppError('PROCESSING_TIMEOUT', detail, { headers: { 'retry-after': String(RETRY_AFTER_SECONDS) } }))
        ignoreLaterSends(reply)
        // Settled empty: Fastify sends nothing more for it.
        resolve(undefined)
      }, seconds * 1000)
      result.then(
        (value: unknown) => {
          clearTimeout(timer)
          if (!late) return resolve(value)
          request.log.warn({ outcome: 'completed' }, 'handler finished after its processing timeout')
          // A stream nobody will read would hold its source (a cursor, a file) open.
          if (value instanceof Readable) value.destroy()
        },
        (error: Error) => {
          clearTimeout(timer)
          if (!late) return reject(error)
          request.log.warn({ outcome: 'failed', err: error }, 'handler finished after its processing timeout')
        },
      )
    })
  }
}

// The handler still holds the reply and may call send when it finishes: after a timeout that is
// expected, not a bug to log ("Reply was already sent"), so this reply's send does nothing more.
function ignoreLaterSends(reply: FastifyReply): void {
  reply.send = function ignoredSend(this: FastifyReply) {
    return this
  }
}
