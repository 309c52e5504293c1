import { randomUUID } from 'node:crypto'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { serializerCompiler, validatorCompiler } from '@fastify/type-provider-zod'
import type { Config } from './config.js'
import { connectDatabase, type DatabaseHandle } from './db/connect.js'
import { migrateToLatest } from './db/migrator.js'
import { exportAuditEvents } from './audit/export-audit-events.js'
import { checkReadiness, type ReadinessCheck } from './health/readiness.js'
import { auditSealerPlugin } from './plugins/audit-sealer.js'
import { authPlugin } from './plugins/auth.js'
import { dbPlugin } from './plugins/db.js'
import { jobsPlugin } from './plugins/jobs.js'
import { maintenancePlugin } from './plugins/maintenance.js'
import { metricsPlugin } from './plugins/metrics.js'
import { loadSheddingPlugin } from './plugins/load-shedding.js'
import { orgRateLimitPlugin } from './plugins/org-rate-limit.js'
import { processingTimeoutPlugin } from './plugins/processing-timeout.js'
import { securityHeadersPlugin } from './plugins/security-headers.js'
import { useStrictJsonBodies } from './plugins/json-body.js'
import { loggerOptions } from './logging.js'
import { clientErrorHandler, frameworkErrors, problemDetailsPlugin, rewriteLongUrl } from './plugins/problem-details.js'
import { registerPlugin } from './plugins/register.js'
import { sharingPlugin } from './plugins/sharing.js'
import { alertRoutes } from './routes/alerts.js'
import { auditRoutes } from './routes/audit.js'
import { consoleRoutes } from './routes/console.js'
import { docsRoutes } from './routes/docs.js'
import { healthRoutes } from './routes/health.js'
import { insightsRoutes } from './routes/insights.js'
import { organisationRoutes } from './routes/organisations.js'
import { registerSearchRoutes } from './routes/register-search.js'
import { screeningRoutes } from './routes/screenings.js'
import { sharingAgreementRoutes } from './routes/sharing-agreements.js'
import { tenderRoutes } from './routes/tenders.js'
import { watchlistRoutes } from './routes/watchlists.js'
import { webhookRoutes } from './routes/webhooks.js'
import { watchlistUseCases } from './register/watchlist-use-cases.js'
import { registerSearchUseCases } from './register/search/search-register.js'
import type { CompileTurn } from './register/register-compiler.js'
import { defineRetentionPurge } from './retention/retention-job.js'
import { insightsUseCases } from './insights/insights-use-cases.js'
import { alertUseCases } from './monitoring/alert-use-cases.js'
import { monitoringUseCases } from './monitoring/monitoring-use-cases.js'
import { retentionCutoff } from './retention/retention-cutoff.js'
import { screeningUseCases } from './screening/screening-use-cases.js'
import { organisationUseCases } from './tenancy/organisation-use-cases.js'
import { sharingAgreementUseCases } from './tenancy/sharing-agreement-use-cases.js'
import { tenderUseCases } from './tenders/tender-use-cases.js'
import { WEBHOOK_DELIVER_QUEUE, webhookUseCases } from './webhooks/webhook-use-cases.js'

declare module 'fastify' {
  interface FastifyInstance {
    routeList: readonly { method: string; url: string }[]
    /** Checks that `/health/ready` runs besides the database's, by name. */
    readinessChecks: Map<string, ReadinessCheck>
  }
}

export interface BuildOptions {
  /** An open database to use; otherwise the app opens its own. */
  database?: DatabaseHandle
  /** Whether the app migrates the database at start and closes it at shutdown (default: it opened it). */
  ownsDatabase?: boolean
  logger?: FastifyServerOptions['logger']
  /** The clock, in milliseconds since the epoch, by which remembered tokens expire (default: Date.now); tests move it on. */
  now?: () => number
  /** How the register compile gives the event loop a turn between slices (default: setImmediate); a test holds it to keep a compile under way. */
  compileTurn?: CompileTurn
}

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,100}$/

// Node's limit on the request line and headers together; past it the request is refused (431, or
// 414 when the URL alone fills it) before Fastify sees it.
const MAX_HEADER_BYTES = 16 * 1024

// How often Node checks its connections for the body timeout: by default every 30 s, so that a
// short timeout could fire up to 30 s late.
const CONNECTIONS_CHECK_MS = 1000

// Node's own default for the headers alone; never more than the whole request's timeout, which
// Node would otherwise not enforce before the headers' (a 1 s body timeout then fired at 60 s).
const HEADERS_TIMEOUT_MS = 60_000

// Tests and tools build apps with the service's own log configuration.
export { loggerOptions }

export async function buildApp(config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  const ownDatabase = options.ownsDatabase ?? !options.database
  const handle = options.database ?? (await connectDatabase(config.database))
  try {
    if (ownDatabase) await migrateToLatest(handle.db)
  } catch (error) {
    await handle.close()
    throw error
  }

  const bodyTimeoutMs = config.bodyTimeoutSeconds * 1000
  const app = Fastify({
    logger: options.logger ?? loggerOptions(config),
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    requestIdHeader: 'x-request-id',
    genReqId: (req) => {
      const given = req.headers['x-request-id']
      return typeof given === 'string' && REQUEST_ID_PATTERN.test(given) ? given : randomUUID()
    },
    // Stop accepting at close but let in-flight requests finish; idle keep-alive sockets close at once.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    // Errors found before any route runs are problem details too, quoting nothing of the request.
    routerOptions: { maxParamLength: 100 },
    http: { maxHeaderSize: MAX_HEADER_BYTES, connectionsCheckingInterval: CONNECTIONS_CHECK_MS, headersTimeout: Math.min(HEADERS_TIMEOUT_MS, bodyTimeoutMs) },
    // The whole request, headers and body, must arrive within this; a client too slow gets a 408
    // (clientErrorHandler) rather than holding a connection and a buffer open for ever.
    requestTimeout: bodyTimeoutMs,
    frameworkErrors,
    clientErrorHandler,
    rewriteUrl: rewriteLongUrl,
  })
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  // JSON only by default; routes that take another type (CSV uploads) add their own parser.
  app.removeContentTypeParser('text/plain')
  useStrictJsonBodies(app)
  app.decorate('readinessChecks', new Map())
  // The registered routes, so that a test can hold them against openapi.yaml.
  const routes: { method: string; url: string }[] = []
  app.decorate('routeList', routes)
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url })
  })

  // Callback style rather than async: hooks on every request should not cost a promise each.
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', request.id)
    if (request.url.startsWith('/v1')) reply.header('cache-control', 'no-store')
    done(null, payload)
  })

  await app.register(problemDetailsPlugin)
  // Before every other hook and route: headers on every answer, shedding before any work, and the
  // deadline wrapped around every handler registered from here on.
  await app.register(securityHeadersPlugin)
  await app.register(loadSheddingPlugin, config.pressure)
  await app.register(processingTimeoutPlugin, { seconds: config.requestTimeoutSeconds })
  await app.register(dbPlugin, { handle, closeOnShutdown: ownDatabase })
  await app.register(jobsPlugin, { pollSeconds: config.jobsPollSeconds, stopTimeoutMs: config.shutdownGraceSeconds * 1000 })
  await app.register(auditSealerPlugin)
  await app.register(maintenancePlugin, { auditRetentionDays: config.auditRetentionDays, ...(options.now ? { now: options.now } : {}) })
  await app.register(authPlugin, {
    jwt: config.jwt,
    issuer: config.jwtIssuer,
    audience: config.jwtAudience,
    maxTtlSeconds: config.jwtMaxTtlSeconds,
    now: options.now ?? Date.now,
  })
  await app.register(orgRateLimitPlugin, { perMinute: config.rateLimitPerMinute })
  await app.register(metricsPlugin)
  await app.register(registerPlugin, { pollSeconds: config.registerPollSeconds, compileTurn: options.compileTurn })
  await app.register(sharingPlugin)

  // Each route plugin is handed its use cases, built here over the database and the caches: a
  // route reaches neither itself.
  const { db } = handle
  const caches = { register: app.registerCache, sharing: app.sharing }
  await app.register(healthRoutes, { readiness: () => checkReadiness({ db, databaseKind: handle.kind, checks: app.readinessChecks }) })
  await app.register(docsRoutes)
  await app.register(consoleRoutes)
  await app.register(organisationRoutes, { organisations: organisationUseCases(db) })
  await app.register(sharingAgreementRoutes, { agreements: sharingAgreementUseCases({ db, sharing: caches.sharing }) })
  // Before monitoring, which tells it of each alert it raises; its deliveries are queued jobs.
  const webhooks = webhookUseCases({ db, jobs: app.jobs, settings: config.webhooks, log: app.log })
  app.jobs.define(WEBHOOK_DELIVER_QUEUE, webhooks.deliveryPolicy, webhooks.deliver)
  const monitoring = monitoringUseCases({
    db,
    jobs: app.jobs,
    ...caches,
    windowDays: config.monitoringWindowDays,
    pageSize: config.monitoringPageSize,
    onAlertsRaised: webhooks.alertsRaised,
    afterAlertsRaised: () => app.jobs.wake(WEBHOOK_DELIVER_QUEUE),
  })
  app.addHook('onClose', async () => monitoring.close())
  await app.register(watchlistRoutes, {
    uploadLimitBytes: config.uploadLimitBytes,
    watchlists: watchlistUseCases({ db, register: caches.register, onGoingLive: monitoring.announce, onGoneLive: monitoring.announced }),
  })
  await app.register(screeningRoutes, {
    screenings: screeningUseCases({ db, ...caches, idempotencyTtlHours: config.idempotencyTtlHours, screeningRetentionDays: config.screeningRetentionDays }),
  })
  await app.register(registerSearchRoutes, { registerSearch: registerSearchUseCases({ db, ...caches }) })
  await app.register(insightsRoutes, { insights: insightsUseCases({ db, keptSince: () => retentionCutoff(new Date(), config.screeningRetentionDays) }) })
  await app.register(tenderRoutes, { tenders: tenderUseCases({ db, screeningRetentionDays: config.screeningRetentionDays }) })
  await app.register(webhookRoutes, { webhooks })
  await app.register(alertRoutes, {
    alerts: alertUseCases({
      db,
      idempotencyTtlHours: config.idempotencyTtlHours,
      keptSince: () => ({
        alerts: retentionCutoff(new Date(), config.alertRetentionDays),
        screenings: retentionCutoff(new Date(), config.screeningRetentionDays),
      }),
    }),
  })
  await app.register(auditRoutes, { exportAudit: (actor, filter) => exportAuditEvents(db, actor, filter) })
  // Background use cases, run by the job queue rather than by a route.
  defineRetentionPurge(app.jobs, { db, config, log: app.log })
  return app
}
