// Run by `npm install` (postinstall): creating the embedded database takes PGlite several
// seconds, so it is created and migrated at install time and the first `npm start` is quick.
// Skipped when PostgreSQL is configured, in production, or when the data directory exists; a
// failure here only warns, since the service creates the database itself on start.
import { existsSync } from 'node:fs'
import { loadConfig } from '../config.js'
import { connectDatabase } from './connect.js'
import { migrateToLatest } from './migrator.js'

try {
  const config = loadConfig()
  const dataDir = config.database.kind === 'pglite' ? config.database.dataDir : undefined
  if (config.env !== 'production' && dataDir && !existsSync(dataDir)) {
    const handle = await connectDatabase(config.database, 1)
    try {
      await migrateToLatest(handle.db)
      console.log(`Embedded database prepared in ${dataDir}`)
    } finally {
      await handle.close()
    }
  }
} catch (error) {
  console.warn(`Embedded database not prepared (the service will create it on start): ${(error as Error).message}`)
}
