// `npm run audit:verify`: walks the audit log's hash chain and says where it breaks, if anywhere.
import { ConfigError, loadConfig } from '../config.js'
import { connectDatabase } from '../db/connect.js'
import { sealAuditChain, verifyAuditChain } from './audit-log.js'

try {
  const handle = await connectDatabase(loadConfig().database, 1)
  try {
    // Events that committed since the service last sealed are chained first, so that all are checked.
    while ((await sealAuditChain(handle.db)) > 0);
    const result = await verifyAuditChain(handle.db)
    if (result.ok) console.log(`Audit chain intact: ${result.count} events${result.unsealed ? ` (${result.unsealed} still being written)` : ''}`)
    else {
      console.error(`Audit chain broken at event ${result.brokenAt}`)
      process.exitCode = 1
    }
  } finally {
    await handle.close()
  }
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `Verification failed: ${(error as Error).message}`)
  process.exitCode = 1
}
