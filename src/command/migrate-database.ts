// Applies pending migrations to the configured database: `bidscreen migrate` and `npm run migrate`.
import type { Logger } from 'pino'
import type { Config } from '../config.js'
import { connectDatabase } from '../db/connect.js'
import { migrateToLatest } from '../db/migrator.js'

export async function migrateDatabase(config: Config, log: Logger): Promise<void> {
  const handle = await connectDatabase(config.database, 1)
  try {
    const applied = await migrateToLatest(handle.db)
    log.info({ applied }, applied.length ? `applied ${applied.length} migrations` : 'database already up to date')
  } finally {
    await handle.close()
  }
}
