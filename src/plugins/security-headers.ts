import helmet from '@fastify/helmet'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

/**
 * Helmet's headers on every response that passes through Fastify (registered before any other
 * onRequest hook, so that refusals by load shedding or auth carry them too).
 *
 * The content security policy is Helmet's default, which the rendered contract at `/docs` needs
 * as it is: swagger-ui loads its scripts and styles from 'self', sets inline style attributes
 * (style-src allows 'unsafe-inline') and draws icons as data: images. Two changes:
 * - no `upgrade-insecure-requests`: the service is also reached over plain HTTP (development, or
 *   behind a proxy that ends TLS), where a browser would upgrade `/docs`' own assets and its "Try
 *   it out" requests to https and fail;
 * - no framing at all (`frame-ancestors 'none'`, `X-Frame-Options: DENY`): no page of the service
 *   is meant to be embedded.
 */
export const securityHeadersPlugin = fp(
  async (app: FastifyInstance) => {
    await app.register(helmet, {
      contentSecurityPolicy: { directives: { upgradeInsecureRequests: null, frameAncestors: ["'none'"] } },
      frameguard: { action: 'deny' },
    })
  },
  { name: 'security-headers' },
)
