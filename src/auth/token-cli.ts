// `npm run token -- --org ORG --role ROLE [--role ROLE] [--sub NAME] [--ttl 1h] [--private-key FILE]`
// prints a token signed with the configured JWT_SECRET (or, for RS256, the given private key).
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { ConfigError, loadConfig } from '../config.js'
import { ROLES } from './principal.js'
import { signToken } from './sign-token.js'

const usage = `usage: npm run token -- --org ORG --role ${ROLES.join('|')} [--role …] [--sub NAME] [--ttl 1h] [--private-key FILE]`

try {
  const { values } = parseArgs({
    options: {
      org: { type: 'string' },
      role: { type: 'string', multiple: true },
      sub: { type: 'string', default: 'dev-user' },
      ttl: { type: 'string', default: '1h' },
      'private-key': { type: 'string' },
    },
  })
  if (!values.org || !values.role?.length) throw new ConfigError(usage)
  const unknown = values.role.find((r) => !(ROLES as readonly string[]).includes(r))
  if (unknown) throw new ConfigError(`Unknown role "${unknown}"; ${usage}`)
  const config = loadConfig()
  const key =
    config.jwt.algorithm === 'HS256'
      ? { algorithm: 'HS256' as const, key: config.jwt.secret }
      : values['private-key']
        ? { algorithm: 'RS256' as const, key: readFileSync(values['private-key'], 'utf8') }
        : undefined
  if (!key) throw new ConfigError('JWT_PUBLIC_KEY is set: pass --private-key FILE with the matching private key')
  const principal = { sub: values.sub, org: values.org, roles: values.role as (typeof ROLES)[number][] }
  console.log(
    signToken(principal, key, values.ttl, {
      ...(config.jwtIssuer ? { iss: config.jwtIssuer } : {}),
      ...(config.jwtAudience ? { aud: config.jwtAudience } : {}),
    }),
  )
} catch (error) {
  console.error(
    error instanceof ConfigError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
      ? (error as Error).message
      : `Could not make a token: ${(error as Error).message}`,
  )
  process.exitCode = 1
}
