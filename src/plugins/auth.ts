import fastifyJwt from '@fastify/jwt'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { Config } from '../config.js'
import { AppError } from '../errors.js'
import { claimsSchema, PLATFORM_ORG, roleOrgKind, type Principal, type Role } from '../auth/principal.js'
import { organisationKind } from '../tenancy/organisations.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Roles admitted by the route. Every `/v1` route must declare them; routes without are public. */
    roles?: readonly Role[]
  }
  interface FastifyRequest {
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
// A token without an expiry is still checked again this often.
const MAX_TOKEN_CACHE_MS = 5 * 60_000

// How long an organisation's kind is trusted from memory before it is read again.
const ORG_CACHE_MS = 30_000

export interface AuthOptions {
  jwt: Config['jwt']
  issuer: string | undefined
  audience: string | undefined
  /** The clock, in milliseconds since the epoch, by which remembered tokens and organisations expire. */
  now: () => number
}

/** Verifies the bearer token of every route that declares roles, then checks role and organisation. */
export const authPlugin = fp(
  async (app: FastifyInstance, options: AuthOptions) => {
    const verify = {
      algorithms: [options.jwt.algorithm],
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
      const { principal, expiresAt } = await authenticate(request)
      // The verifier has checked the expiry by the system clock; this holds it to the app's clock too.
      if (expiresAt < now()) throw expired()
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
      const admitted = request.routeOptions.config.roles
      if (!admitted) return
      const principal = await principalOf(request)
      const acting = principal.roles.filter((r) => admitted.includes(r))
      if (acting.length === 0) {
        throw new AppError('ROLE_FORBIDDEN', `This action needs one of the roles: ${admitted.join(', ')}`)
      }
      const kind = principal.org === PLATFORM_ORG ? PLATFORM_ORG : await orgKind(principal.org)
      // A role acts only for an organisation of its kind: a police token cannot act for a council.
      const allowed = acting.filter((r) => roleOrgKind[r] === kind)
      if (allowed.length === 0) {
        throw new AppError('ORG_FORBIDDEN', kind === undefined ? 'The token names an unknown organisation' : 'Your organisation cannot perform this action')
      }
      request.principal = { ...principal, roles: allowed }
    })
  },
  { name: 'auth', dependencies: ['db'] },
)

async function authenticate(request: FastifyRequest): Promise<{ principal: Principal; expiresAt: number }> {
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
    throw new AppError('AUTH_INVALID', 'The token could not be verified', { headers: { 'www-authenticate': 'Bearer error="invalid_token"' } })
  }
  const claims = claimsSchema.safeParse(payload)
  if (!claims.success) {
    throw new AppError('AUTH_INVALID', 'The token lacks valid sub, org or roles claims', { headers: { 'www-authenticate': 'Bearer error="invalid_token"' } })
  }
  const exp = (payload as { exp?: unknown }).exp
  return { principal: claims.data, expiresAt: typeof exp === 'number' ? exp * 1000 : Infinity }
}

function expired(): AppError {
  return new AppError('AUTH_EXPIRED', 'The token has expired; obtain a new one', { headers: { 'www-authenticate': 'Bearer error="invalid_token"' } })
}
