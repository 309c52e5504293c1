import underPressure from '@fastify/under-pressure'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { Config } from '../config.js'
import { AppError } from '../errors.js'

// Pressure is sampled once a second: a few seconds let a burst drain before clients come back.
const RETRY_AFTER_SECONDS = 5

// Routes answered however busy the process is. A liveness probe that fails under load gets a busy
// process killed and its work thrown away, which makes overload worse; the metrics are how an
// operator sees the pressure. Both are cheap. (health.ts and metrics.ts own these routes, so they
// are named here by their templates rather than marked in their route config.)
const ALWAYS_ANSWERED = new Set(['/health/live', '/metrics'])

/**
 * Sheds load with 503 `OVERLOADED` and `Retry-After` when the event loop falls behind (or, if
 * configured, the heap or resident memory passes a limit), before the process stalls: a fast
 * refusal lets the client or the load balancer go elsewhere instead of joining a growing queue.
 * Runs as an onRequest hook ahead of authentication, so that a shed request costs no token check.
 */
export const loadSheddingPlugin = fp(
  async (app: FastifyInstance, options: Config['pressure']) => {
    await app.register(underPressure, {
      maxEventLoopDelay: options.maxEventLoopDelayMs,
      maxHeapUsedBytes: options.maxHeapUsedBytes,
      maxRssBytes: options.maxRssBytes,
      // A refusal goes through the error handler like any other error: problem+json, logged as a 5xx.
      pressureHandler: (request: FastifyRequest) =>
        ALWAYS_ANSWERED.has(request.routeOptions.url ?? '')
          ? undefined
          : Promise.reject(
              new AppError('OVERLOADED', 'The service is shedding load; retry shortly', { headers: { 'retry-after': String(RETRY_AFTER_SECONDS) } }),
            ),
    })
  },
  { name: 'load-shedding' },
)
