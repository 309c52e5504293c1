import { createSigner } from 'fast-jwt'
import { claimsSchema, type Principal } from './principal.js'

/** Signs a development or test token with the same claims the service verifies. */
export function signToken(
  principal: Principal,
  key: { algorithm: 'HS256' | 'RS256'; key: string },
  ttl = '1h',
  extra: { iss?: string; aud?: string } = {},
): string {
  const claims = claimsSchema.parse(principal)
  const sign = createSigner({ key: key.key, algorithm: key.algorithm, expiresIn: ttl, ...extra })
  return sign(claims)
}
