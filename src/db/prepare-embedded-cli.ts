// Run by `npm install` (the `prepare` script, after the build): creating the embedded database takes
// PGlite several seconds, so it is created and migrated at install time and the first `npm start`
// is quick. Skipped when PostgreSQL is configured, in production, or when the data directory
// exists; a failure here only warns, since the service creates the database itself on start. So
// does a directory another process holds (a server started meanwhile, creating it itself): one
// line, and the install goes on.
import { existsSync } from 'node:fs'
import { runCli } from '../cli.js'
import { connectDatabase } from './connect.js'
import { DataDirLockedError } from './data-dir-lock.js'
import { migrateToLatest } from './migrator.js'

await runCli('prepare-embedded-database', async (config, log) => {
  const dataDir = config.database.kind === 'pglite' ? config.database.dataDir : undefined
  if (config.env === 'production' || !dataDir || existsSync(dataDir)) return
  try {
    const handle = await connectDatabase(config.database, 1)
    try {
      await migrateToLatest(handle.db)
      log.info({ dataDir }, 'embedded database prepared')
    } finally {
      await handle.close()
    }
  } catch (error) {
    if (error instanceof DataDirLockedError) log.warn(`embedded database not prepared: ${error.message}`)
    else log.warn({ err: error }, 'embedded database not prepared; the service will create it on start')
  }
})
// An install never fails for want of a prepared database.
process.exitCode = 0
