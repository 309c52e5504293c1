// `npm run audit:verify`: walks the audit log's hash chain and says where it breaks, if anywhere.
import { runCli } from '../cli.js'
import { connectDatabase } from '../db/connect.js'
import { sealAuditChain, verifyAuditChain } from './audit-log.js'

await runCli('audit-verify', async (config, log) => {
  const handle = await connectDatabase(config.database, 1)
  try {
    // Events that committed since the service last sealed are chained first, so that all are checked.
    while ((await sealAuditChain(handle.db)) > 0);
    const result = await verifyAuditChain(handle.db)
    if (result.ok) log.info({ events: result.count, unsealed: result.unsealed }, 'audit chain intact')
    else {
      log.error({ brokenAt: result.brokenAt }, `audit chain broken at event ${result.brokenAt}`)
      process.exitCode = 1
    }
  } finally {
    await handle.close()
  }
})
