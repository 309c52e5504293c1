// `npm run token -- --org ORG --role ROLE [--role ROLE] [--sub NAME] [--ttl 1h] [--private-key FILE]`
// prints a token signed with the configured JWT_SECRET (or, for RS256, the given private key).
// stdout holds the token alone, so that `$(npm run -s token -- …)` captures it; anything else is
// logged to stderr.
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { runCli } from '../cli.js'
import { ConfigError } from '../config.js'
import { ROLES, type Role } from './principal.js'
import { signToken } from './sign-token.js'

const usage = `usage: npm run token -- --org ORG --role ${ROLES.join('|')} [--role …] [--sub NAME] [--ttl 1h] [--private-key FILE]`

await runCli('token', async (config) => {
  const { values } = parseArguments()
  if (!values.org || !values.role?.length) throw new ConfigError(usage)
  const unknown = values.role.find((r) => !(ROLES as readonly string[]).includes(r))
  if (unknown) throw new ConfigError(`Unknown role "${unknown}"; ${usage}`)
  const key =
    config.jwt.algorithm === 'HS256'
      ? { algorithm: 'HS256' as const, key: config.jwt.secret }
      : values['private-key']
        ? { algorithm: 'RS256' as const, key: readFileSync(values['private-key'], 'utf8') }
        : undefined
  if (!key) throw new ConfigError('JWT_PUBLIC_KEY is set: pass --private-key FILE with the matching private key')
  const principal = { sub: values.sub, org: values.org, roles: values.role as Role[] }
  const token = signToken(principal, key, values.ttl, {
    ...(config.jwtIssuer ? { iss: config.jwtIssuer } : {}),
    ...(config.jwtAudience ? { aud: config.jwtAudience } : {}),
  })
  process.stdout.write(`${token}\n`)
})

function parseArguments() {
  try {
    return parseArgs({
      options: {
        org: { type: 'string' },
        role: { type: 'string', multiple: true },
        sub: { type: 'string', default: 'dev-user' },
        ttl: { type: 'string', default: '1h' },
        'private-key': { type: 'string' },
      },
    })
  } catch (error) {
    // An unknown or malformed option is a usage error, said in one line.
    throw new ConfigError(`${(error as Error).message}; ${usage}`)
  }
}
