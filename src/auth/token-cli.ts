// `npm run token -- --org ORG --role ROLE [--role ROLE] [--sub NAME] [--ttl 1h] [--private-key FILE]`
// (the same as `bidscreen token`) prints a token signed with the configured JWT_SECRET (or, for
// RS256, the given private key). stdout holds the token alone, so that `$(npm run -s token -- …)`
// captures it; anything else is logged to stderr.
import { parseArgs } from 'node:util'
import { runCli } from '../cli.js'
import { issueToken } from '../command/issue-token.js'
import { ConfigError } from '../config.js'
import { ROLES } from './principal.js'

const usage = `usage: npm run token -- --org ORG --role ${ROLES.join('|')} [--role …] [--sub NAME] [--ttl 1h] [--private-key FILE]`

await runCli('token', async (config) => {
  const { values } = parseArguments()
  if (!values.org || !values.role?.length) throw new ConfigError(usage)
  const request = { org: values.org, roles: values.role, sub: values.sub, ttl: values.ttl, privateKeyFile: values['private-key'] }
  process.stdout.write(`${withUsage(() => issueToken(config, request))}\n`)
})

function parseArguments() {
  return withUsage(() =>
    parseArgs({
      options: {
        org: { type: 'string' },
        role: { type: 'string', multiple: true },
        sub: { type: 'string', default: 'dev-user' },
        ttl: { type: 'string', default: '1h' },
        'private-key': { type: 'string' },
      },
    }),
  )
}

// A usage mistake (an unknown option or role) is said in one line, with the usage.
function withUsage<T>(run: () => T): T {
  try {
    return run()
  } catch (error) {
    if (error instanceof ConfigError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      throw new ConfigError(`${(error as Error).message}; ${usage}`)
    }
    throw error
  }
}
