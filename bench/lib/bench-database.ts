import { randomBytes } from 'node:crypto'
import pg from 'pg'

/**
 * A database of the bench's own beside the PostgreSQL one named by TEST_DATABASE_URL or
 * DATABASE_URL, dropped by `drop`; undefined when neither is set (the bench runs on PGlite).
 */
export async function benchDatabase(prefix: string): Promise<{ url: URL; drop: () => Promise<void> } | undefined> {
  const serverUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL
  if (!serverUrl) return undefined
  const name = `${prefix}_${randomBytes(4).toString('hex')}`
  const admin = (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl })
    return client
      .connect()
      .then(() => client.query(sql))
      .finally(() => client.end())
  }
  await admin(`create database ${name}`)
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return { url, drop: () => admin(`drop database if exists ${name} with (force)`).then(() => undefined) }
}
