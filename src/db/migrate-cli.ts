// `npm run migrate`: applies pending migrations to the configured database and exits (the same
// as `bidscreen migrate`).
import { runCli } from '../cli.js'
import { migrateDatabase } from '../command/migrate-database.js'

await runCli('migrate', migrateDatabase)
