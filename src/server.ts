// Process entry: parse the configuration, open the database, build the app, listen, and shut
// down gracefully. With WORKERS > 1 (PostgreSQL only) this process supervises that many copies
// of itself, which share the port; each holds its own compiled register.
import cluster from 'node:cluster'
import closeWithGrace from 'close-with-grace'
import { createProcessLogger } from './logging.js'
import { ConfigError, loadConfig, type Config } from './config.js'
import { connectDatabase } from './db/connect.js'
import { drainBeforeStop, stopAccepting, trackFreshConnections } from './graceful-stop.js'
import { isOperatorError } from './cli.js'
import { setHeapGrowth } from './heap-growth.js'

let config: Config
try {
  config = loadConfig()
} catch (error) {
  // One line naming the bad variable, before there is an app (or its logger) to say it.
  createProcessLogger('server').fatal(error instanceof ConfigError ? error.message : String(error))
  process.exit(1)
}

if (config.workers > 1 && cluster.isPrimary) {
  superviseWorkers(config.workers, config.logLevel)
} else {
  await serve(config)
}

async function serve(config: Config): Promise<void> {
  setHeapGrowth(config.heapGrowingPercent)
  // The embedded database takes seconds to initialise on first start: open it while the rest of
  // the application's modules load.
  const [database, { buildApp }] = await Promise.all([connectDatabase(config.database), import('./app.js')]).catch((error: unknown) => {
    // The data directory held by another process (a server already running on it): one line.
    if (!isOperatorError(error)) throw error
    createProcessLogger('server').fatal(error.message)
    process.exit(1)
  })
  const app = await buildApp(config, { database, ownsDatabase: true })
  const freshConnections = trackFreshConnections(app.server)
  const drain = drainBeforeStop(app)
  const drainMs = config.shutdownDrainSeconds * 1000
  const graceMs = config.shutdownGraceSeconds * 1000
  // The whole stop is bounded: past drain and grace, the process exits anyway.
  closeWithGrace({ delay: drainMs + graceMs }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'shutting down after an error')
    else app.log.info({ signal }, 'shutting down')
    // Not ready, still serving, while traffic moves elsewhere; then requests already on their way
    // in are let in before the app closes and finishes them (./graceful-stop.ts).
    if (!err) await drain.begin(drainMs)
    await stopAccepting(app.server, freshConnections, graceMs / 2)
    await app.close()
  })
  await app.listen({ port: config.port, host: config.host })
}

function superviseWorkers(count: number, logLevel: Config['logLevel']): void {
  const log = createProcessLogger('supervisor', logLevel)
  let stopping = false
  for (let i = 0; i < count; i++) cluster.fork()
  // A worker that dies is replaced, unless the service is stopping.
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return
    log.error({ worker: worker.process.pid, code, signal }, 'worker exited; starting another')
    cluster.fork()
  })
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      stopping = true
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal)
    })
  }
}
