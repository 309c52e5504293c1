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
