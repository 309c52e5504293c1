// Process entry: parse the configuration, open the database, build the app, listen, and shut
// down gracefully.
import closeWithGrace from 'close-with-grace'
import { ConfigError, loadConfig, type Config } from './config.js'
import { connectDatabase } from './db/connect.js'

// In-flight requests get this long to finish after SIGTERM/SIGINT before the process exits anyway.
const SHUTDOWN_GRACE_MS = 10_000

let config: Config
try {
  config = loadConfig()
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : String(error))
  process.exit(1)
}

// The embedded database takes seconds to initialise on first start: open it while the rest of the
// application's modules load.
const opening = connectDatabase(config.database)
const { buildApp } = await import('./app.js')
const app = await buildApp(config, { database: await opening, ownsDatabase: true })
closeWithGrace({ delay: SHUTDOWN_GRACE_MS }, async ({ signal, err }) => {
  if (err) app.log.error({ err }, 'shutting down after an error')
  else app.log.info({ signal }, 'shutting down')
  await app.close()
})
await app.listen({ port: config.port, host: config.host })
