// `npm run migrate`: applies pending migrations to the configured database and exits.
import { ConfigError, loadConfig } from '../config.js'
import { connectDatabase } from './connect.js'
import { migrateToLatest } from './migrator.js'

try {
  const config = loadConfig()
  const handle = await connectDatabase(config.database, 1)
  try {
    const applied = await migrateToLatest(handle.db)
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database already up to date')
  } finally {
    await handle.close()
  }
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `Migration failed: ${(error as Error).message}`)
  process.exitCode = 1
}
