import { availableParallelism } from 'node:os'
import { z } from 'zod'

/** The development secret: accepted outside production so that `npm start` works at once. */
export const DEVELOPMENT_JWT_SECRET = 'bidscreen-development-secret-change-me'

const booleanFromEnv = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1')

const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_PUBLIC_KEY: z.string().startsWith('-----BEGIN', 'must be a PEM public key').optional(),
  JWT_ISSUER: z.string().min(1).optional(),
  JWT_AUDIENCE: z.string().min(1).optional(),
  // The longest lifetime a token may claim (exp − iat), in seconds or with a unit: 3600, 90m, 24h, 1d.
  JWT_MAX_TTL: z
    .string()
    .regex(/^\d+(s|m|h|d)?$/, 'must be seconds, or a number with s, m, h or d')
    .transform((v) => Number.parseInt(v, 10) * ({ s: 1, m: 60, h: 3600, d: 86_400 }[v.at(-1) as 's'] ?? 1))
    .pipe(z.number().int().min(60, 'must be at least a minute'))
    .default(24 * 3600),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  UPLOAD_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(64 * 1024 * 1024),
  IDEMPOTENCY_TTL_HOURS: z.coerce.number().positive().default(24),
  REGISTER_POLL_SECONDS: z.coerce.number().positive().default(10),
  // Six years by default: how long audit events are kept before the daily purge removes them.
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).default(2190),
  TRUST_PROXY: booleanFromEnv.default(false),
  // "auto": one process per CPU core on PostgreSQL; one on the embedded database, which cannot be shared.
  WORKERS: z.union([z.literal('auto'), z.coerce.number().int().min(1).max(64)]).default(1),
  // Per organisation and process: high enough that screening a whole supplier base in batches is
  // never throttled, low enough to stop a client caught in a retry loop.
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(60_000),
  // Receiving a whole request: a 64 MB upload at about 1 MB/s, a slow but honest link.
  BODY_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  // A handler's own time (uploads excepted): a screening's target is 50 ms; 30 s is a stuck one.
  REQUEST_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  // Load shedding; 0 turns a threshold off. Memory depends on the host, so only the delay is on.
  PRESSURE_MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).default(1000),
  PRESSURE_MAX_HEAP_USED_BYTES: z.coerce.number().int().min(0).default(0),
  PRESSURE_MAX_RSS_BYTES: z.coerce.number().int().min(0).default(0),
  // How far V8's heap may grow past its live objects before a collection (0: V8's own choice, up
  // to 300 %). 25 halves RSS in `npm run bench -- soak` but doubled screening p99 during an upload
  // (bench/README.md), so it is the operator's trade to make.
  HEAP_GROWING_PERCENT: z.coerce.number().int().min(0).max(300).default(0),
  // On SIGTERM: seconds still serving while saying "not ready", so that a load balancer moves
  // traffic away first (0 on a developer's machine; set it to the balancer's detection time).
  SHUTDOWN_DRAIN_SECONDS: z.coerce.number().int().min(0).max(300).default(0),
  // Then how long requests in flight may take to finish before the process exits anyway.
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(1).max(300).default(10),
  // How often an idle job worker looks for jobs queued by another process (pg-boss's least is 0.5).
  JOBS_POLL_SECONDS: z.coerce.number().min(0.5).max(600).default(2),
  // Suppliers screened within this many days are re-screened when the register changes.
  MONITORING_WINDOW_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  // Suppliers re-screened per transaction by a monitoring job: its progress is saved after each page.
  MONITORING_PAGE_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
  // Webhooks carry alerts to an authority's own system: over TLS only, unless a developer or a
  // test points one at a plain-HTTP receiver on its own machine.
  WEBHOOK_ALLOW_HTTP: booleanFromEnv.default(false),
  // A webhook URL is an officer's input that the service then calls from inside our network (SSRF):
  // loopback, private, link-local and other internal addresses are refused unless a developer or a
  // test runs its receiver on its own machine.
  WEBHOOK_ALLOW_PRIVATE_ADDRESSES: booleanFromEnv.default(false),
  // A failed delivery is retried after this delay, doubling (with jitter) each time: 30 s, 1 min, 2 min, …
  WEBHOOK_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  // Attempts in all before a delivery is marked failed: eight at the default delay span one to two hours.
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(8),
  // Retention (DPA 2018 s.39: personal data kept no longer than its purpose needs). Two years of
  // screenings: the year monitoring re-screens a supplier, and a year to act on a referral or an
  // alert raised late in that window (a tender's award, a challenge to it, the force's reply).
  SCREENING_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(730),
  // One year of alerts: a prompt to act, raised within the monitoring window; the decision taken
  // on one stays with its screening, and its audit event in the audit trail.
  ALERT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  // Ninety days of webhook deliveries: an operational log for chasing a failing endpoint, no record
  // of a decision; a quarter covers an incident found late and its review.
  WEBHOOK_DELIVERY_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
})

type Environment = z.infer<typeof environmentSchema>

export interface Config {
  env: Environment['NODE_ENV']
  port: number
  host: string
  database: { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string | undefined }
  jwt: { algorithm: 'HS256'; secret: string } | { algorithm: 'RS256'; publicKey: string }
  jwtIssuer: string | undefined
  jwtAudience: string | undefined
  /** Seconds: a token whose exp − iat (or exp − now) is longer is refused. */
  jwtMaxTtlSeconds: number
  logLevel: Environment['LOG_LEVEL']
  bodyLimitBytes: number
  uploadLimitBytes: number
  idempotencyTtlHours: number
  registerPollSeconds: number
  auditRetentionDays: number
  trustProxy: boolean
  workers: number
  /** Requests one organisation may make in a minute, in each process. */
  rateLimitPerMinute: number
  /** Seconds a client has to send a whole request (headers and body); then 408. */
  bodyTimeoutSeconds: number
  /** Seconds a handler has to answer, uploads excepted; then 503 PROCESSING_TIMEOUT. */
  requestTimeoutSeconds: number
  /** Thresholds past which requests are shed with 503 OVERLOADED; 0 is off. */
  pressure: { maxEventLoopDelayMs: number; maxHeapUsedBytes: number; maxRssBytes: number }
  /** Percent the heap may grow past live objects before V8 collects; 0 leaves it to V8 (./heap-growth.ts). */
  heapGrowingPercent: number
  /** Seconds a stopping process still serves while not ready, then seconds in-flight requests get. */
  shutdownDrainSeconds: number
  shutdownGraceSeconds: number
  jobsPollSeconds: number
  monitoringWindowDays: number
  monitoringPageSize: number
  /**
   * Alert webhooks: whether plain-HTTP URLs and private (non-public) addresses are accepted, the
   * first retry delay (doubling) and the attempts in all.
   */
  webhooks: { allowHttp: boolean; allowPrivateAddresses: boolean; retryDelaySeconds: number; maxAttempts: number }
  /** Days a screening (with its decisions, hits and suppressions) is kept and shown; then purged. */
  screeningRetentionDays: number
  alertRetentionDays: number
  webhookDeliveryRetentionDays: number
}

/** Start-up stops with this error; its message is one line naming the variable. */
export class ConfigError extends Error {
  override name = 'ConfigError'
}

/**
 * Parses the environment once. `dataDir: undefined` (DATA_DIR=":memory:") keeps PGlite in memory,
 * which the tests use.
 */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(emptyToUndefined(source))
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const variable = String(issue?.path[0] ?? 'environment')
    throw new ConfigError(`Invalid configuration: ${variable} ${issue?.message ?? 'is invalid'}`)
  }
  const e = parsed.data
  if (e.JWT_SECRET && e.JWT_PUBLIC_KEY) {
    throw new ConfigError('Invalid configuration: set either JWT_SECRET or JWT_PUBLIC_KEY, not both')
  }
  if (e.NODE_ENV === 'production' && !e.JWT_PUBLIC_KEY && (!e.JWT_SECRET || e.JWT_SECRET === DEVELOPMENT_JWT_SECRET)) {
    throw new ConfigError('Invalid configuration: JWT_SECRET (or JWT_PUBLIC_KEY) must be set to a non-default value in production')
  }
  if (e.WORKERS !== 'auto' && e.WORKERS > 1 && !e.DATABASE_URL) {
    throw new ConfigError('Invalid configuration: WORKERS above 1 needs DATABASE_URL, as the embedded database belongs to one process')
  }
  // Monitoring re-screens screenings of its window: they must still be there.
  if (e.SCREENING_RETENTION_DAYS < e.MONITORING_WINDOW_DAYS) {
    throw new ConfigError('Invalid configuration: SCREENING_RETENTION_DAYS must be at least MONITORING_WINDOW_DAYS, the period monitoring re-screens')
  }
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    database: e.DATABASE_URL ? { kind: 'postgres', url: e.DATABASE_URL } : { kind: 'pglite', dataDir: e.DATA_DIR === ':memory:' ? undefined : e.DATA_DIR },
    jwt: e.JWT_PUBLIC_KEY ? { algorithm: 'RS256', publicKey: e.JWT_PUBLIC_KEY } : { algorithm: 'HS256', secret: e.JWT_SECRET ?? DEVELOPMENT_JWT_SECRET },
    jwtIssuer: e.JWT_ISSUER,
    jwtAudience: e.JWT_AUDIENCE,
    jwtMaxTtlSeconds: e.JWT_MAX_TTL,
    logLevel: e.LOG_LEVEL,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    uploadLimitBytes: e.UPLOAD_LIMIT_BYTES,
    idempotencyTtlHours: e.IDEMPOTENCY_TTL_HOURS,
    registerPollSeconds: e.REGISTER_POLL_SECONDS,
    auditRetentionDays: e.AUDIT_RETENTION_DAYS,
    trustProxy: e.TRUST_PROXY,
    workers: e.WORKERS === 'auto' ? (e.DATABASE_URL ? availableParallelism() : 1) : e.WORKERS,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    bodyTimeoutSeconds: e.BODY_TIMEOUT_SECONDS,
    requestTimeoutSeconds: e.REQUEST_TIMEOUT_SECONDS,
    pressure: {
      maxEventLoopDelayMs: e.PRESSURE_MAX_EVENT_LOOP_DELAY_MS,
      maxHeapUsedBytes: e.PRESSURE_MAX_HEAP_USED_BYTES,
      maxRssBytes: e.PRESSURE_MAX_RSS_BYTES,
    },
    heapGrowingPercent: e.HEAP_GROWING_PERCENT,
    shutdownDrainSeconds: e.SHUTDOWN_DRAIN_SECONDS,
    shutdownGraceSeconds: e.SHUTDOWN_GRACE_SECONDS,
    jobsPollSeconds: e.JOBS_POLL_SECONDS,
    monitoringWindowDays: e.MONITORING_WINDOW_DAYS,
    monitoringPageSize: e.MONITORING_PAGE_SIZE,
    webhooks: {
      allowHttp: e.WEBHOOK_ALLOW_HTTP,
      allowPrivateAddresses: e.WEBHOOK_ALLOW_PRIVATE_ADDRESSES,
      retryDelaySeconds: e.WEBHOOK_RETRY_DELAY_SECONDS,
      maxAttempts: e.WEBHOOK_MAX_ATTEMPTS,
    },
    screeningRetentionDays: e.SCREENING_RETENTION_DAYS,
    alertRetentionDays: e.ALERT_RETENTION_DAYS,
    webhookDeliveryRetentionDays: e.WEBHOOK_DELIVERY_RETENTION_DAYS,
  }
}

// An exported-but-empty variable (`FOO=`) means "not set", as in most twelve-factor services.
function emptyToUndefined(source: NodeJS.ProcessEnv): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(source).map(([k, v]) => [k, v === '' ? undefined : v]))
}
