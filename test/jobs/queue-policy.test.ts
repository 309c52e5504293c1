import { sql } from 'kysely'
import { buildApp } from '../../src/app.js'
import { WEBHOOK_DELIVER_QUEUE } from '../../src/webhooks/webhook-use-cases.js'
import { onEachDatabaseOnly, testConfig } from '../helpers/test-app.js'

// pg-boss keeps a queue as it was first created; the service must apply the retry policy its
// configuration says now, not the one of the first process that ever ran on this database.
onEachDatabaseOnly('a retry policy changed in the configuration applies after a restart', async (t, handle) => {
  const retryLimit = async (): Promise<number> => {
    const { rows } = await sql<{ retry_limit: number }>`select retry_limit from pgboss.queue where name = ${WEBHOOK_DELIVER_QUEUE}`.execute(handle.db)
    return Number(rows[0]?.retry_limit)
  }
  const start = async (maxAttempts: string) => {
    const app = await buildApp(testConfig({ WEBHOOK_MAX_ATTEMPTS: maxAttempts, WEBHOOK_RETRY_DELAY_SECONDS: '1' }), { database: handle, logger: false })
    await app.ready()
    return app
  }
  const first = await start('2')
  const before = await retryLimit()
  await first.close()
  const second = await start('9')
  const after = await retryLimit()
  await second.close()
  t.equal(after - before, 7, `seven more retries with seven more attempts configured (retry limit ${before} then ${after})`)
})
