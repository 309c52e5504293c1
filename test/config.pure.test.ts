import { availableParallelism } from 'node:os'
import t from 'tap'
import { ConfigError, DEVELOPMENT_JWT_SECRET, loadConfig } from '../src/config.js'

t.test('defaults run the service on the embedded database', async (t) => {
  const config = loadConfig({})
  t.equal(config.port, 3000)
  t.same(config.database, { kind: 'pglite', dataDir: './data' })
  t.same(config.jwt, { algorithm: 'HS256', secret: DEVELOPMENT_JWT_SECRET })
  t.equal(config.bodyLimitBytes, 1024 * 1024)
})

t.test('DATABASE_URL selects PostgreSQL; an empty value counts as unset', async (t) => {
  t.same(loadConfig({ DATABASE_URL: 'postgres://u@localhost:5432/db' }).database, { kind: 'postgres', url: 'postgres://u@localhost:5432/db' })
  t.same(loadConfig({ DATABASE_URL: '' }).database.kind, 'pglite')
})

t.test('WORKERS=auto: one process per core on PostgreSQL, one on the embedded database', async (t) => {
  t.equal(loadConfig({ WORKERS: 'auto', DATABASE_URL: 'postgres://u@localhost:5432/db' }).workers, availableParallelism())
  t.equal(loadConfig({ WORKERS: 'auto' }).workers, 1)
  t.equal(loadConfig({}).workers, 1, 'one by default')
})

t.test('limits: generous by default, each set by its own variable', async (t) => {
  const defaults = loadConfig({})
  t.equal(defaults.rateLimitPerMinute, 60_000, 'a whole supplier base in batches is never throttled')
  t.equal(defaults.bodyTimeoutSeconds, 60, 'a 64 MB upload on a slow link arrives in time')
  t.equal(defaults.requestTimeoutSeconds, 30)
  t.same(defaults.pressure, { maxEventLoopDelayMs: 1000, maxHeapUsedBytes: 0, maxRssBytes: 0 }, 'only the event loop delay sheds load by default')
  const set = loadConfig({
    RATE_LIMIT_PER_MINUTE: '600',
    BODY_TIMEOUT_SECONDS: '120',
    REQUEST_TIMEOUT_SECONDS: '10',
    PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0',
    PRESSURE_MAX_HEAP_USED_BYTES: '1073741824',
    PRESSURE_MAX_RSS_BYTES: '2147483648',
  })
  t.equal(set.rateLimitPerMinute, 600)
  t.equal(set.bodyTimeoutSeconds, 120)
  t.equal(set.requestTimeoutSeconds, 10)
  t.same(set.pressure, { maxEventLoopDelayMs: 0, maxHeapUsedBytes: 1073741824, maxRssBytes: 2147483648 })
})

t.test("heap growth: V8's own choice by default, a percent past live objects when set, at most 300 %", async (t) => {
  t.equal(loadConfig({}).heapGrowingPercent, 0)
  t.equal(loadConfig({ HEAP_GROWING_PERCENT: '25' }).heapGrowingPercent, 25)
  t.equal(loadConfig({ HEAP_GROWING_PERCENT: '0' }).heapGrowingPercent, 0)
  t.equal(loadConfig({ HEAP_GROWING_PERCENT: '100' }).heapGrowingPercent, 100)
  t.throws(() => loadConfig({ HEAP_GROWING_PERCENT: '301' }), /^Invalid configuration: HEAP_GROWING_PERCENT /)
  t.throws(() => loadConfig({ HEAP_GROWING_PERCENT: '-1' }), /^Invalid configuration: HEAP_GROWING_PERCENT /)
})

t.test('stopping: no drain on a developer machine, ten seconds for requests in flight', async (t) => {
  const defaults = loadConfig({})
  t.equal(defaults.shutdownDrainSeconds, 0)
  t.equal(defaults.shutdownGraceSeconds, 10)
  const set = loadConfig({ SHUTDOWN_DRAIN_SECONDS: '15', SHUTDOWN_GRACE_SECONDS: '30' })
  t.equal(set.shutdownDrainSeconds, 15)
  t.equal(set.shutdownGraceSeconds, 30)
})

t.test('retention: two years of screenings, one of alerts, ninety days of webhook deliveries', async (t) => {
  const defaults = loadConfig({})
  t.equal(defaults.screeningRetentionDays, 730, 'the monitoring year and a year to act on a referral')
  t.equal(defaults.alertRetentionDays, 365)
  t.equal(defaults.webhookDeliveryRetentionDays, 90, 'an operational log')
  const set = loadConfig({ SCREENING_RETENTION_DAYS: '400', ALERT_RETENTION_DAYS: '30', WEBHOOK_DELIVERY_RETENTION_DAYS: '7' })
  t.same([set.screeningRetentionDays, set.alertRetentionDays, set.webhookDeliveryRetentionDays], [400, 30, 7])
  t.equal(loadConfig({ SCREENING_RETENTION_DAYS: '30', MONITORING_WINDOW_DAYS: '30' }).screeningRetentionDays, 30, 'as short as the monitoring window')
})

t.test('webhooks: https to public addresses only, eight attempts from 30 s doubling, unless configured', async (t) => {
  t.same(loadConfig({}).webhooks, { allowHttp: false, allowPrivateAddresses: false, retryDelaySeconds: 30, maxAttempts: 8 })
  const set = { WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true', WEBHOOK_RETRY_DELAY_SECONDS: '1', WEBHOOK_MAX_ATTEMPTS: '3' }
  t.same(loadConfig(set).webhooks, {
    allowHttp: true,
    allowPrivateAddresses: true,
    retryDelaySeconds: 1,
    maxAttempts: 3,
  })
})

const bad: [string, Record<string, string>, RegExp][] = [
  ['port not a number', { PORT: 'eighty' }, /^Invalid configuration: PORT /],
  ['port out of range', { PORT: '70000' }, /^Invalid configuration: PORT /],
  ['database URL of another scheme', { DATABASE_URL: 'mysql://localhost/db' }, /^Invalid configuration: DATABASE_URL /],
  ['short secret', { JWT_SECRET: 'short' }, /^Invalid configuration: JWT_SECRET must be at least 32 characters/],
  ['public key not PEM', { JWT_PUBLIC_KEY: 'abc' }, /^Invalid configuration: JWT_PUBLIC_KEY must be a PEM public key/],
  ['unknown log level', { LOG_LEVEL: 'loud' }, /^Invalid configuration: LOG_LEVEL /],
  ['unknown NODE_ENV', { NODE_ENV: 'staging' }, /^Invalid configuration: NODE_ENV /],
  ['body limit too small', { BODY_LIMIT_BYTES: '10' }, /^Invalid configuration: BODY_LIMIT_BYTES /],
  ['both secret and key', { JWT_SECRET: 'x'.repeat(40), JWT_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----' }, /either JWT_SECRET or JWT_PUBLIC_KEY/],
  ['several workers on the embedded database', { WORKERS: '2' }, /WORKERS above 1 needs DATABASE_URL/],
  ['a worker count that is neither a number nor auto', { WORKERS: 'many' }, /^Invalid configuration: WORKERS /],
  ['a rate limit of zero', { RATE_LIMIT_PER_MINUTE: '0' }, /^Invalid configuration: RATE_LIMIT_PER_MINUTE /],
  ['a rate limit that is not a number', { RATE_LIMIT_PER_MINUTE: 'lots' }, /^Invalid configuration: RATE_LIMIT_PER_MINUTE /],
  ['a body timeout of zero', { BODY_TIMEOUT_SECONDS: '0' }, /^Invalid configuration: BODY_TIMEOUT_SECONDS /],
  ['a request timeout in fractions', { REQUEST_TIMEOUT_SECONDS: '1.5' }, /^Invalid configuration: REQUEST_TIMEOUT_SECONDS /],
  ['a negative event loop delay', { PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '-1' }, /^Invalid configuration: PRESSURE_MAX_EVENT_LOOP_DELAY_MS /],
  ['a heap threshold with a unit', { PRESSURE_MAX_HEAP_USED_BYTES: '1GB' }, /^Invalid configuration: PRESSURE_MAX_HEAP_USED_BYTES /],
  ['a negative RSS threshold', { PRESSURE_MAX_RSS_BYTES: '-5' }, /^Invalid configuration: PRESSURE_MAX_RSS_BYTES /],
  ['a negative drain', { SHUTDOWN_DRAIN_SECONDS: '-1' }, /^Invalid configuration: SHUTDOWN_DRAIN_SECONDS /],
  ['no grace at all', { SHUTDOWN_GRACE_SECONDS: '0' }, /^Invalid configuration: SHUTDOWN_GRACE_SECONDS /],
  ['a screening retention of zero days', { SCREENING_RETENTION_DAYS: '0' }, /^Invalid configuration: SCREENING_RETENTION_DAYS /],
  ['an alert retention in fractions', { ALERT_RETENTION_DAYS: '1.5' }, /^Invalid configuration: ALERT_RETENTION_DAYS /],
  ['a webhook delivery retention in words', { WEBHOOK_DELIVERY_RETENTION_DAYS: 'forever' }, /^Invalid configuration: WEBHOOK_DELIVERY_RETENTION_DAYS /],
  ['screenings purged inside the monitoring window', { SCREENING_RETENTION_DAYS: '300' }, /SCREENING_RETENTION_DAYS must be at least MONITORING_WINDOW_DAYS/],
  ['a webhook switch that is neither true nor false', { WEBHOOK_ALLOW_HTTP: 'yes' }, /^Invalid configuration: WEBHOOK_ALLOW_HTTP /],
  [
    'a private-address switch that is neither true nor false',
    { WEBHOOK_ALLOW_PRIVATE_ADDRESSES: '1.0' },
    /^Invalid configuration: WEBHOOK_ALLOW_PRIVATE_ADDRESSES /,
  ],
  ['no webhook attempt at all', { WEBHOOK_MAX_ATTEMPTS: '0' }, /^Invalid configuration: WEBHOOK_MAX_ATTEMPTS /],
  ['a webhook retry delay in fractions', { WEBHOOK_RETRY_DELAY_SECONDS: '0.5' }, /^Invalid configuration: WEBHOOK_RETRY_DELAY_SECONDS /],
  ['production without a secret', { NODE_ENV: 'production' }, /JWT_SECRET .* production/],
  ['production with the development secret', { NODE_ENV: 'production', JWT_SECRET: DEVELOPMENT_JWT_SECRET }, /JWT_SECRET .* production/],
]
for (const [name, env, message] of bad) {
  t.test(`refuses ${name} with one line naming the variable`, async (t) => {
    t.throws(() => loadConfig(env), ConfigError)
    try {
      loadConfig(env)
    } catch (error) {
      t.match((error as Error).message, message)
      t.notMatch((error as Error).message, /\n/, 'one line')
    }
  })
}

t.test('production accepts a real secret or a public key', async (t) => {
  t.equal(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'a'.repeat(48) }).jwt.algorithm, 'HS256')
  t.equal(loadConfig({ NODE_ENV: 'production', JWT_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\nabc' }).jwt.algorithm, 'RS256')
})
