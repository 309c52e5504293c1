import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { Principal } from '../auth/principal.js'
import { AppError } from '../errors.js'

const WINDOW_MS = 60_000

// The principal is null on public routes (health, metrics, docs) and on /health/ready without a token.
const orgOf = (request: FastifyRequest): string | undefined => (request.principal as Principal | null)?.org

/**
 * At most `perMinute` requests per organisation (the token's `org`) in each fixed minute, counted
 * in this process: with several workers each counts its own share. Past it, 429
 * `TOO_MANY_REQUESTS` with `Retry-After` (the seconds left in the minute); other organisations
 * are unaffected. The check runs in preParsing: after the auth plugin's onRequest hook has named
 * the organisation, before the body is read, so that a client over its limit costs no parsing.
 * Requests without a principal are not counted: they are refused by auth, or are public routes.
 */
export const orgRateLimitPlugin = fp(
  async (app: FastifyInstance, options: { perMinute: number }) => {
    await app.register(rateLimit, {
      max: options.perMinute,
      timeWindow: WINDOW_MS,
      hook: 'preParsing',
      keyGenerator: (request) => orgOf(request) ?? '',
      allowList: (request) => orgOf(request) === undefined,
      errorResponseBuilder: (_request, context) => {
        const seconds = Math.max(1, Math.ceil(context.ttl / 1000))
        return new AppError('TOO_MANY_REQUESTS', `Your organisation may make ${context.max} requests a minute; retry in ${seconds} s`, {
          headers: { 'retry-after': String(seconds) },
        })
      },
    })
  },
  { name: 'org-rate-limit', dependencies: ['auth'] },
)
