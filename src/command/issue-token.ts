// A development or test token signed with the service's own key: `bidscreen token` and
// `npm run token` both make theirs here.
import { readFileSync } from 'node:fs'
import { ROLES, type Role } from '../auth/principal.js'
import { signToken } from '../auth/sign-token.js'
import { ConfigError, type Config } from '../config.js'

export interface TokenRequest {
  org: string
  roles: readonly string[]
  sub: string
  ttl: string
  /** The RS256 private key's file, needed when the service verifies with JWT_PUBLIC_KEY. */
  privateKeyFile?: string | undefined
}

/** Signs the token with the configured JWT_SECRET, or for RS256 with the given private key. */
export function issueToken(config: Config, request: TokenRequest): string {
  const unknown = request.roles.find((r) => !(ROLES as readonly string[]).includes(r))
  if (unknown !== undefined) throw new ConfigError(`Unknown role "${unknown}" (roles: ${ROLES.join(', ')})`)
  const key =
    config.jwt.algorithm === 'HS256'
      ? { algorithm: 'HS256' as const, key: config.jwt.secret }
      : request.privateKeyFile
        ? { algorithm: 'RS256' as const, key: readFileSync(request.privateKeyFile, 'utf8') }
        : undefined
  if (!key) throw new ConfigError('JWT_PUBLIC_KEY is set: pass --private-key FILE with the matching private key')
  const principal = { sub: request.sub, org: request.org, roles: request.roles as Role[] }
  return signToken(principal, key, request.ttl, {
    ...(config.jwtIssuer ? { iss: config.jwtIssuer } : {}),
    ...(config.jwtAudience ? { aud: config.jwtAudience } : {}),
  })
}
