import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { JobQueue } from '../jobs/job-queue.js'

declare module 'fastify' {
  interface FastifyInstance {
    jobs: JobQueue
  }
}

/**
 * The process's background job queue (pg-boss in the database). Use cases declare their queues
 * while the app is built; the queue starts taking jobs once the app is ready and stops, giving
 * running jobs a grace period, before the database closes.
 */
export const jobsPlugin = fp(
  async (app: FastifyInstance, options: { pollSeconds: number; stopTimeoutMs: number }) => {
    const jobs = new JobQueue(app.database.executeSql, {
      pollSeconds: options.pollSeconds,
      stopTimeoutMs: options.stopTimeoutMs,
      onError: (err) => app.log.error({ err }, 'job queue error'),
    })
    app.decorate('jobs', jobs)
    app.addHook('onReady', async () => jobs.start())
    app.addHook('onClose', async () => jobs.stop())
  },
  { name: 'jobs', dependencies: ['db'] },
)
