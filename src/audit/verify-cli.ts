// `npm run audit:verify [-- --head CHAIN_SEQ:HASH …]`: checks the audit trail and says what is
// wrong and where, if anything; exit code 1 when it is not intact. It only reads: events not yet
// sealed are counted, never sealed here. `--head` holds the chain to heads copied from the
// service's log ("audit chain sealed" lines), which catches a rewrite of the checkpoints too.
import { parseArgs } from 'node:util'
import { runCli } from '../cli.js'
import { ConfigError } from '../config.js'
import { connectDatabase } from '../db/connect.js'
import type { ChainHead } from './chain-hash.js'
import { verifyAuditTrail } from './verify-audit-trail.js'

const usage = 'usage: npm run audit:verify [-- --head CHAIN_SEQ:HASH …]'

await runCli('audit-verify', async (config, log) => {
  const expect = parseHeads()
  const handle = await connectDatabase(config.database, 1)
  try {
    const result = await verifyAuditTrail(handle.db, { expect })
    const summary = { from: result.from, events: result.events, pending: result.pending, head: result.head }
    if (result.ok) log.info(summary, 'audit trail intact')
    else {
      for (const problem of result.problems) log.error({ problem }, problem.detail)
      log.error({ ...summary, problems: result.problems.length }, 'audit trail NOT intact')
      process.exitCode = 1
    }
  } finally {
    await handle.close()
  }
})

function parseHeads(): ChainHead[] {
  let values: { head?: string[] | undefined }
  try {
    values = parseArgs({ options: { head: { type: 'string', multiple: true } } }).values
  } catch (error) {
    throw new ConfigError(`${(error as Error).message}; ${usage}`)
  }
  return (values.head ?? []).map((text) => {
    const match = /^(\d+):([0-9a-f]{64})$/.exec(text)
    if (!match) throw new ConfigError(`--head takes CHAIN_SEQ:HASH (a 64-digit hex hash); ${usage}`)
    return { chainSeq: Number(match[1]), hash: match[2]! }
  })
}
