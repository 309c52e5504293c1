// Checks the audit trail and says what is wrong and where, if anything: `bidscreen audit verify`
// and `npm run audit:verify`. It only reads: events not yet sealed are counted, never sealed here.
import type { Logger } from 'pino'
import type { ChainHead } from '../audit/chain-hash.js'
import { verifyAuditTrail } from '../audit/verify-audit-trail.js'
import { ConfigError, type Config } from '../config.js'
import { connectDatabase } from '../db/connect.js'

/** Exit code 0 when the trail is intact, 1 when it is not. */
export async function verifyAudit(config: Config, log: Logger, expect: readonly ChainHead[]): Promise<number> {
  const handle = await connectDatabase(config.database, 1)
  try {
    const result = await verifyAuditTrail(handle.db, { expect })
    const summary = { from: result.from, events: result.events, pending: result.pending, head: result.head }
    if (result.ok) {
      log.info(summary, 'audit trail intact')
      return 0
    }
    for (const problem of result.problems) log.error({ problem }, problem.detail)
    log.error({ ...summary, problems: result.problems.length }, 'audit trail NOT intact')
    return 1
  } finally {
    await handle.close()
  }
}

/** A head copied from the service's log ("audit chain sealed"): CHAIN_SEQ:HASH. */
export function parseChainHead(text: string): ChainHead {
  const match = /^(\d+):([0-9a-f]{64})$/.exec(text)
  if (!match) throw new ConfigError('--head takes CHAIN_SEQ:HASH (a 64-digit hex hash)')
  return { chainSeq: Number(match[1]), hash: match[2]! }
}
