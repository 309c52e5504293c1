// `npm run migrate`: applies pending migrations to the configured database and exits.
import { runCli } from '../cli.js'
import { connectDatabase } from './connect.js'
import { migrateToLatest } from './migrator.js'

await runCli('migrate', async (config, log) => {
  const handle = await connectDatabase(config.database, 1)
  try {
    const applied = await migrateToLatest(handle.db)
    log.info({ applied }, applied.length ? `applied ${applied.length} migrations` : 'database already up to date')
  } finally {
    await handle.close()
  }
})
