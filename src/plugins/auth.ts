import fastifyJwt from '@fastify/jwt'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { Config } from '../config.js'
import { AppError } from '../errors.js'
import { claimsSchema, PLATFORM_ORG, roleOrgKinds, type Principal, type Role } from '../auth/principal.js'
import { refusedCharacter } from '../rules/text.js'
import { organisationKind } from '../tenancy/organisations.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Roles admitted by the route. Every `/v1` route must declare them; routes without are public. */
    roles?: readonly Role[]
    /**
     * A public route that says more to a caller with a token (`/health/ready`): no token is let
     * through, without a principal; a token sent is verified as on any route, and must hold one
     * of `roles`.
     */
    tokenOptional?: boolean
  }
  interface FastifyRequest {
    /** Null only on a `tokenOptional` route called without a token. */
    principal: Principal
  }
}

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: Principal
    user: Principal
  }
}

const VERIFIED_TOKEN_CACHE_SIZE = 1000
// A remembered token is still checked again this often (an organisation may change kind).
const MAX_TOKEN_CACHE_MS = 5 * 60_000

/** How far an issuer's clock may run ahead of ours before its `iat` or `nbf` counts as in the future. */
const JWT_CLOCK_SKEW_SECONDS = 60

// How long an organisation's kind is trusted from memory before it is read again.
const ORG_CACHE_MS = 30_000

export interface AuthOptions {
  jwt: Config['jwt']
  issuer: string | undefined
  audience: string | undefined
  /** The longest lifetime a token may have, in seconds: exp − iat, or exp − now without iat. */
  maxTtlSeconds: number
  /** The clock, in milliseconds since the epoch, by which remembered tokens and organisations expire. */
  now: () => number
}

/** Verifies the bearer token of every route that declares roles, then checks role and organisation. */
export const authPlugin = fp(
  async (app: FastifyInstance, options: AuthOptions) => {
    // The verifier checks signature, algorithm, issuer and audience; the times are checked by
    // tokenTimes below, against the app's clock, so that tests move time rather than wait.
    const verify = {
      algorithms: [options.jwt.algorithm],
      ignoreExpiration: true,
      ignoreNotBefore: true,
      ...(options.issuer ? { allowedIss: options.issuer } : {}),
      ...(options.audience ? { allowedAud: options.audience } : {}),
    }
    await app.register(fastifyJwt, {
      secret: options.jwt.algorithm === 'HS256' ? options.jwt.secret : { public: options.jwt.publicKey },
      verify,
    })

    const { now } = options
    const orgKinds = new Map<string, { kind: string | undefined; until: number }>()
    async function orgKind(orgId: string): Promise<string | undefined> {
      const cached = orgKinds.get(orgId)
      if (cached && cached.until > now()) return cached.kind
      const kind = await organisationKind(app.db, orgId)
      orgKinds.set(orgId, { kind, until: now() + ORG_CACHE_MS })
      return kind
    }

    // A screening system sends the same token for hours: a verified token's principal is
    // remembered until the token expires, so most requests skip decoding, the signature and the
    // claims check. Keyed by the whole Authorization header; the oldest entry makes way when full.
    const verified = new Map<string, { principal: Principal; until: number }>()
    async function principalOf(request: FastifyRequest): Promise<Principal> {
      const header = request.headers.authorization
      const known = header === undefined ? undefined : verified.get(header)
      if (known !== undefined) {
        if (known.until > now()) return known.principal
        verified.delete(header!)
      }
      const { principal, expiresAt } = await authenticate(request, { now: now(), maxTtlSeconds: options.maxTtlSeconds })
      if (verified.size >= VERIFIED_TOKEN_CACHE_SIZE) verified.delete(verified.keys().next().value!)
      verified.set(header!, { principal, until: Math.min(expiresAt, now() + MAX_TOKEN_CACHE_MS) })
      return principal
    }

    app.decorateRequest('principal', null as unknown as Principal)

    app.addHook('onRoute', (route) => {
      const url = route.url ?? ''
      if (url.startsWith('/v1') && !route.config?.roles?.length) {
        throw new Error(`Route ${String(route.method)} ${url} must declare the roles it admits`)
      }
    })

    app.addHook('onRequest', async (request: FastifyRequest) => {
      const { roles: admitted, tokenOptional } = request.routeOptions.config
      if (!admitted) return
      if (tokenOptional === true && request.headers.authorization === undefined) return
      const principal = await principalOf(request)
      const acting = principal.roles.filter((r) => admitted.includes(r))
      if (acting.length === 0) {
        throw new AppError('ROLE_FORBIDDEN', `This action needs one of the roles: ${admitted.join(', ')}`)
      }
      const kind = principal.org === PLATFORM_ORG ? PLATFORM_ORG : await orgKind(principal.org)
      // A role acts only for an organisation of its kind: a police token cannot act for a council.
      const allowed = acting.filter((r) => kind !== undefined && roleOrgKinds[r].includes(kind))
      if (allowed.length === 0) {
        throw new AppError('ORG_FORBIDDEN', kind === undefined ? 'The token names an unknown organisation' : 'Your organisation cannot perform this action')
      }
      request.principal = { ...principal, roles: allowed }
    })
  },
  { name: 'auth', dependencies: ['db'] },
)

async function authenticate(request: FastifyRequest, clock: { now: number; maxTtlSeconds: number }): Promise<{ principal: Principal; expiresAt: number }> {
  if (!request.headers.authorization) {
    throw new AppError('AUTH_MISSING', 'Send a bearer token in the Authorization header', { headers: { 'www-authenticate': 'Bearer' } })
  }
  let payload: unknown
  try {
    payload = await request.jwtVerify()
  } catch (error) {
    const code = (error as { code?: string }).code
    if (code === 'FST_JWT_AUTHORIZATION_TOKEN_EXPIRED') throw expired()
    if (code === 'FST_JWT_BAD_REQUEST' || code === 'FST_JWT_NO_AUTHORIZATION_IN_HEADER') {
      throw new AppError('AUTH_MISSING', 'The Authorization header must be "Bearer <token>"', { headers: { 'www-authenticate': 'Bearer' } })
    }
    throw invalid('The token could not be verified')
  }
  const claims = claimsSchema.safeParse(payload)
  // A control character (NUL, say) in sub or org is a forged token, not a request to refuse later.
  if (!claims.success || refusedCharacter(claims.data.sub) !== null || refusedCharacter(claims.data.org) !== null) {
    throw invalid('The token lacks valid sub, org or roles claims')
  }
  return { principal: claims.data, expiresAt: tokenExpiry(payload as TimeClaims, clock) }
}

interface TimeClaims {
  exp?: unknown
  iat?: unknown
  nbf?: unknown
}

/**
 * When the token expires, in milliseconds, after its time claims are held to the app's clock: it
 * must expire (`exp`), not yet have expired, live no longer than the configured maximum (from
 * `iat`, or from now when it has none), and not be issued (`iat`) or valid from (`nbf`) a time
 * more than the clock skew ahead of now. A token that never expires, or for years, would outlive
 * any revocation of the person's access.
 */
function tokenExpiry(claims: TimeClaims, clock: { now: number; maxTtlSeconds: number }): number {
  const { exp, iat, nbf } = claims
  const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)
  if (!isTime(exp)) throw invalid('The token has no expiry (exp)')
  if ((iat !== undefined && !isTime(iat)) || (nbf !== undefined && !isTime(nbf))) throw invalid('The token has an iat or nbf that is not a time')
  const nowSeconds = clock.now / 1000
  if (exp <= nowSeconds) throw expired()
  if (exp - (iat ?? nowSeconds) > clock.maxTtlSeconds) throw invalid(`The token lives longer than ${clock.maxTtlSeconds} seconds`)
  if (iat !== undefined && iat > nowSeconds + JWT_CLOCK_SKEW_SECONDS) throw invalid('The token is issued in the future (iat)')
  if (nbf !== undefined && nbf > nowSeconds + JWT_CLOCK_SKEW_SECONDS) throw invalid('The token is not valid yet (nbf)')
  return exp * 1000
}

function invalid(detail: string): AppError {
  return new AppError('AUTH_INVALID', detail, { headers: { 'www-authenticate': 'Bearer error="invalid_token"' } })
}

function expired(): AppError {
  return new AppError('AUTH_EXPIRED', 'The token has expired; obtain a new one', { headers: { 'www-authenticate': 'Bearer error="invalid_token"' } })
}
