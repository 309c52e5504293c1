// `npm run audit:verify [-- --head CHAIN_SEQ:HASH …]` (the same as `bidscreen audit verify`):
// checks the audit trail and says what is wrong and where, if anything; exit code 1 when it is
// not intact. `--head` holds the chain to heads copied from the service's log ("audit chain
// sealed" lines), which catches a rewrite of the checkpoints too.
import { parseArgs } from 'node:util'
import { runCli } from '../cli.js'
import { parseChainHead, verifyAudit } from '../command/verify-audit.js'
import { ConfigError } from '../config.js'

const usage = 'usage: npm run audit:verify [-- --head CHAIN_SEQ:HASH …]'

await runCli('audit-verify', async (config, log) => verifyAudit(config, log, parseHeads()))

function parseHeads() {
  try {
    const { values } = parseArgs({ options: { head: { type: 'string', multiple: true } } })
    return (values.head ?? []).map(parseChainHead)
  } catch (error) {
    throw new ConfigError(`${(error as Error).message}; ${usage}`)
  }
}
